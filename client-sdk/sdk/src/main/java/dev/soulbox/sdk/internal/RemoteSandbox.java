package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.agent.v1.MetricsRequest;
import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.Commands;
import dev.soulbox.sdk.Desktop;
import dev.soulbox.sdk.Files;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.NetworkPolicy;
import dev.soulbox.sdk.Pty;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxMetrics;
import dev.soulbox.sdk.SoulBoxException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A {@link Sandbox}: its agent's services through the orchestrator's relay, its lifecycle through the admin API. */
public final class RemoteSandbox implements Sandbox {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final SandboxChannel channel;
  private final SandboxAdmin admin;
  private final Commands commands;
  private final Pty pty;
  private final Files files;
  private final Desktop desktop;
  private volatile boolean keep;
  private final AtomicBoolean closed = new AtomicBoolean();

  public RemoteSandbox(SandboxChannel channel, SandboxAdmin admin) {
    this.channel = channel;
    this.admin = admin;
    this.commands = new RemoteCommands(channel);
    this.pty = new RemotePty(channel);
    this.files = new RemoteFiles(channel);
    this.desktop = new RemoteDesktop(channel.sandboxId(), commands, files, this::vncUrl);
  }

  @Override
  public String id() {
    return channel.sandboxId();
  }

  @Override
  public Commands commands() {
    return commands;
  }

  @Override
  public Pty pty() {
    return pty;
  }

  @Override
  public Files files() {
    return files;
  }

  @Override
  public Desktop desktop() {
    return desktop;
  }

  @Override
  public SandboxInfo info() {
    return admin.get(id()).info();
  }

  @Override
  public boolean isRunning() {
    try {
      channel.call("check sandbox " + id(), () -> channel.agent()
          .withDeadlineAfter(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).info(InfoRequest.getDefaultInstance()));
      return true;
    } catch (AuthenticationException e) {
      throw e;
    } catch (SoulBoxException e) {
      return false;
    }
  }

  @Override
  public boolean kill() {
    return admin.kill(id());
  }

  @Override
  public SandboxInfo pause() {
    return admin.pause(id());
  }

  @Override
  public SandboxInfo resume() {
    return admin.resume(id());
  }

  @Override
  public SandboxInfo setTimeout(Duration timeout) {
    return admin.setTimeout(id(), timeout);
  }

  @Override
  public SandboxInfo updateNetwork(NetworkPolicy network) {
    return admin.updateNetwork(id(), network);
  }

  @Override
  public SandboxMetrics metrics() {
    if (admin.hasApiKey()) {
      return admin.metrics(id());
    }
    return AdminMapping.metrics(channel.call("read metrics of sandbox " + id(),
        () -> channel.agent().metrics(MetricsRequest.getDefaultInstance())));
  }

  @Override
  public List<LogEntry> logs() {
    return admin.logs(id());
  }

  @Override
  public void followLogs(Consumer<LogEntry> onEntry) {
    admin.followLogs(id(), onEntry);
  }

  @Override
  public Optional<String> accessToken() {
    return Optional.ofNullable(channel.accessToken());
  }

  @Override
  public URI exposePort(int port) {
    return admin.exposePort(id(), port);
  }

  @Override
  public Optional<URI> vncUrl() {
    return info().vnc();
  }

  @Override
  public Sandbox keepOnClose() {
    keep = true;
    return this;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.closeStreams();
    if (!keep) {
      admin.kill(id());
    }
  }

  @Override
  public String toString() {
    return "Sandbox[" + id() + "]";
  }
}
