package dev.soulbox.agent.server;

import dev.soulbox.agent.auth.AccessTokenInterceptor;
import dev.soulbox.agent.auth.CallerInterceptor;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.fs.EntryInfos;
import dev.soulbox.agent.fs.FilesystemService;
import dev.soulbox.agent.http.EnvdRoutes;
import dev.soulbox.agent.http.FileAccess;
import dev.soulbox.agent.http.FilesRoutes;
import dev.soulbox.agent.http.HttpFace;
import dev.soulbox.agent.http.SharedPort;
import dev.soulbox.agent.init.SandboxSettings;
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
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: every service on one gRPC server, built from the {@link ServerBuilder} it is given
 * (a TCP port in production, an in-process name in tests), and envd's HTTP surface over the same
 * services, on the same port when built with {@link #onPort}.
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
  private final SandboxSettings settings;
  private final Server internalServer;
  private final ManagedChannel internalChannel;
  private final ExecutorService httpWorkers;
  private final HttpFace httpFace;

  public AgentServer(ServerBuilder<?> builder, AgentConfig config) {
    this(builder, config, null);
  }

  /**
   * The agent on a TCP address, gRPC and envd's HTTP surface on one port. Port 0 picks a free one.
   */
  public static AgentServer onPort(InetSocketAddress address, AgentConfig config) {
    SharedPort sharedPort = new SharedPort();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address, sharedPort.credentials())
        // an HTTP/1.1 connection never completes gRPC's handshake; it must not be cut for it
        .handshakeTimeout(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
    return new AgentServer(builder, config, sharedPort);
  }

  private AgentServer(ServerBuilder<?> builder, AgentConfig config, SharedPort sharedPort) {
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
    this.settings = new SandboxSettings(config.accessToken(), defaultUser, config.workdir());
    this.launcher = new ProcessLauncher(agentUid, System.getenv(), settings::envVars, accounts, ledger);
    this.processes = new ProcessRegistry(scheduler, config.exitRetention());
    ProcessContext processContext = new ProcessContext(processes, launcher, scheduler, processThreads, settings::workdir,
        config.outputBufferBytes(), config.slowClientTimeout());
    this.watchers = new WatcherRegistry(scheduler, EntryInfos::of);

    List<ServerServiceDefinition> services = List.of(
        new ProcessService(processContext).bindService(),
        new ProcessControlService(processContext).bindService(),
        new FilesystemService(watchers, agentUid).bindService(),
        new FilesService(accounts, agentUid).bindService(),
        new AgentService(settings, processes, new SystemMetrics()).bindService());
    // interceptors run in reverse order of addition: status mapping is outermost
    List<ServerInterceptor> interceptors = new ArrayList<>(List.of(
        new Keepalive(config.keepaliveInterval()), new CallerInterceptor(accounts, settings::defaultUser),
        new AccessTokenInterceptor(settings::accessToken), new StatusMappingInterceptor()));

    services.forEach(builder::addService);
    builder.addService(ProtoReflectionServiceV1.newInstance()).addService(ProtoReflectionService.newInstance());
    interceptors.forEach(builder::intercept);
    this.server = new ServingServer(builder);

    // the HTTP face calls the same service objects, through the same interceptors, in process
    String internalName = "agent-http-" + UUID.randomUUID();
    InProcessServerBuilder internal = InProcessServerBuilder.forName(internalName);
    services.forEach(internal::addService);
    interceptors.forEach(internal::intercept);
    this.internalServer = internal.build();
    this.internalChannel = InProcessChannelBuilder.forName(internalName).build();
    this.httpWorkers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "http-files");
      t.setDaemon(true);
      return t;
    });
    FilesRoutes files = new FilesRoutes(internalChannel, new FileAccess(settings::accessToken), httpWorkers,
        Path.of(System.getProperty("java.io.tmpdir"), "soulbox-agent-uploads"), config.maxUploadBytes());
    this.httpFace = new HttpFace(internalChannel, services, new EnvdRoutes(files, settings, accounts, new SystemMetrics(), AgentConfig.ENVD_VERSION));
    if (sharedPort != null) {
      sharedPort.serveHttp(httpFace);
    }
  }

  public AgentServer start() throws IOException {
    internalServer.start();
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
      internalServer.shutdown();
      processes.close();
      watchers.close();
    })) {
      return;
    }
    internalChannel.shutdownNow();
    internalServer.shutdownNow();
    httpWorkers.shutdownNow();
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
