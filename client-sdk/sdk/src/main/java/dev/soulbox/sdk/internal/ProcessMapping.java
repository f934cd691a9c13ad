package dev.soulbox.sdk.internal;

import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.ProcessInfo;
import dev.soulbox.sdk.PtyOptions;
import java.util.List;

/** Process requests and results between the SDK's values and the wire, as E2B's SDK shapes them. */
final class ProcessMapping {
  static final String SHELL = "/bin/bash";

  private ProcessMapping() {
  }

  /** {@code /bin/bash -l -c <command>}, like E2B's {@code commands.run}. */
  static StartRequest command(String command, CommandOptions o, boolean stdinByDefault) {
    ProcessConfig.Builder config = ProcessConfig.newBuilder()
        .setCmd(SHELL).addAllArgs(List.of("-l", "-c", command)).putAllEnvs(o.envs());
    o.cwd().ifPresent(config::setCwd);
    StartRequest.Builder request = StartRequest.newBuilder().setProcess(config)
        .setStdin(o.stdin().orElse(stdinByDefault));
    o.tag().ifPresent(request::setTag);
    return request.build();
  }

  /** An interactive login bash (or the options' command) on a terminal of the options' size. */
  static StartRequest pty(PtyOptions o) {
    List<String> args = o.command().map(c -> List.of("-l", "-c", c)).orElse(List.of("-i", "-l"));
    ProcessConfig.Builder config = ProcessConfig.newBuilder().setCmd(SHELL).addAllArgs(args).putAllEnvs(o.envs());
    o.cwd().ifPresent(config::setCwd);
    StartRequest.Builder request = StartRequest.newBuilder().setProcess(config)
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(o.cols()).setRows(o.rows())));
    o.tag().ifPresent(request::setTag);
    return request.build();
  }

  static ProcessInfo info(dev.soulbox.proto.process.ProcessInfo p) {
    ProcessConfig c = p.getConfig();
    return new ProcessInfo(p.getPid(), p.hasTag() ? p.getTag() : null, c.getCmd(), c.getArgsList(),
        c.getEnvsMap(), c.getCwd());
  }

  static CommandResult result(ProcessEvent.EndEvent end, String stdout, String stderr) {
    return new CommandResult(end.getExitCode(), stdout, stderr, end.hasError() ? end.getError() : null);
  }

  /** Whether the sandbox killed the process because its timeout (the call's deadline) ran out. */
  static boolean killedAtDeadline(ProcessEvent.EndEvent end) {
    return end.hasError() && end.getError().contains("deadline");
  }
}
