package dev.soulbox.agent.server;

import dev.soulbox.agent.auth.AccessTokenInterceptor;
import dev.soulbox.agent.auth.CallerInterceptor;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.fs.EntryInfos;
import dev.soulbox.agent.fs.FilesystemService;
import dev.soulbox.agent.os.Posix;
import dev.soulbox.agent.os.ProcessGroupLedger;
import dev.soulbox.agent.process.ProcessContext;
import dev.soulbox.agent.process.ProcessControlService;
import dev.soulbox.agent.process.ProcessLauncher;
import dev.soulbox.agent.process.ProcessRegistry;
import dev.soulbox.agent.process.ProcessService;
import dev.soulbox.agent.system.SystemMetrics;
import dev.soulbox.agent.transfer.FilesService;
import dev.soulbox.agent.watch.WatcherRegistry;
import dev.soulbox.grpc.ServingServer;
import dev.soulbox.grpc.StatusMappingInterceptor;
import dev.soulbox.grpc.stream.Keepalive;
import io.grpc.ServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: every service on one gRPC server, built from the {@link ServerBuilder} it is given
 * (a TCP port in production, an in-process name in tests).
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

  private final ServingServer server;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService processThreads;
  private final ProcessGroupLedger ledger;
  private final ProcessLauncher launcher;
  private final ProcessRegistry processes;
  private final WatcherRegistry watchers;
  private final UserAccount defaultUser;

  public AgentServer(ServerBuilder<?> builder, AgentConfig config) {
    this.ledger = openLedger(config.processLedger());
    UserAccounts accounts = new UserAccounts();
    this.defaultUser = DefaultUser.resolve(accounts, config.defaultUser());
    this.scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "agent-scheduler");
      t.setDaemon(true);
      return t;
    });
    // readers block on their pipes, so the pool grows with the running processes and reuses idle threads
    this.processThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "process-io");
      t.setDaemon(true);
      return t;
    });
    int agentUid = Posix.uid();
    this.launcher = new ProcessLauncher(agentUid, System.getenv(), accounts, ledger);
    this.processes = new ProcessRegistry(scheduler, config.exitRetention());
    ProcessContext processContext = new ProcessContext(processes, launcher, scheduler, processThreads, config.workdir(),
        config.outputBufferBytes(), config.slowClientTimeout());
    this.watchers = new WatcherRegistry(scheduler, EntryInfos::of);

    builder
        .addService(new ProcessService(processContext))
        .addService(new ProcessControlService(processContext))
        .addService(new FilesystemService(watchers, agentUid))
        .addService(new FilesService(accounts, agentUid))
        .addService(new AgentService(defaultUser, config.workdir(), processes, new SystemMetrics()))
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(ProtoReflectionService.newInstance())
        // interceptors run in reverse order of addition: status mapping is outermost
        .intercept(new Keepalive(config.keepaliveInterval()))
        .intercept(new CallerInterceptor(accounts, defaultUser));
    if (config.accessToken() != null) {
      builder.intercept(new AccessTokenInterceptor(config.accessToken()));
    }
    builder.intercept(new StatusMappingInterceptor());
    this.server = new ServingServer(builder);
  }

  public AgentServer start() throws IOException {
    server.start();
    return this;
  }

  public int port() {
    return server.port();
  }

  public UserAccount defaultUser() {
    return defaultUser;
  }

  WatcherRegistry watchers() {
    return watchers;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops serving, then ends every process and watch the agent started. */
  @Override
  public void close() {
    if (!server.stop(Duration.ofSeconds(3), () -> {
      processes.close();
      watchers.close();
    })) {
      return;
    }
    launcher.close();
    ledger.close();
    processThreads.shutdown();
    scheduler.shutdownNow();
    log.info("agent stopped");
  }

  /** First of all, so it kills what a previous agent on the ledger left running before anything starts. */
  private static ProcessGroupLedger openLedger(Path file) {
    if (file == null) {
      return ProcessGroupLedger.none();
    }
    try {
      return ProcessGroupLedger.open(file);
    } catch (RuntimeException e) {
      log.warn("process ledger unavailable, so processes of a killed agent will not be cleaned up: {}", e.getMessage());
      return ProcessGroupLedger.none();
    }
  }

  /** Where a relative path in this agent's configuration points. */
  static Path absolute(Path p) {
    return p == null ? null : p.toAbsolutePath().normalize();
  }
}
