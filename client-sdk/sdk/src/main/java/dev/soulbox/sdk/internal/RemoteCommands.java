package dev.soulbox.sdk.internal;

import static java.util.Objects.requireNonNull;

import dev.soulbox.sdk.CommandHandle;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.Commands;
import dev.soulbox.sdk.ProcessInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link Commands} over the sandbox's process service. */
final class RemoteCommands implements Commands {
  private final SandboxChannel sandbox;
  private final ProcessCalls calls;

  RemoteCommands(SandboxChannel sandbox) {
    this.sandbox = sandbox;
    this.calls = new ProcessCalls(sandbox);
  }

  @Override
  public CommandResult run(String command, CommandOptions options) {
    try (RemoteCommandHandle handle = RemoteCommandHandle.start(sandbox, checked(command), options, false)) {
      return handle.waitFor();
    }
  }

  @Override
  public CommandHandle start(String command, CommandOptions options) {
    return RemoteCommandHandle.start(sandbox, checked(command), requireNonNull(options, "options"), true);
  }

  @Override
  public List<ProcessInfo> list() {
    return calls.list();
  }

  @Override
  public CommandHandle connect(int pid, CommandOptions options) {
    return RemoteCommandHandle.attach(sandbox, ProcessCalls.pid(pid), requireNonNull(options, "options"));
  }

  @Override
  public CommandHandle connect(String tag, CommandOptions options) {
    return RemoteCommandHandle.attach(sandbox, ProcessCalls.tag(tag), requireNonNull(options, "options"));
  }

  @Override
  public void sendStdin(int pid, String data) {
    calls.sendStdin(ProcessCalls.pid(pid), data.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean kill(int pid) {
    return calls.kill(ProcessCalls.pid(pid));
  }

  private static String checked(String command) {
    requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("command must not be blank");
    }
    return command;
  }
}
