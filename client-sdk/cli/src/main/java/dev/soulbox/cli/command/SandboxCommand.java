package dev.soulbox.cli.command;

import dev.soulbox.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox}: sandboxes' lives. */
@Command(name = "sandbox", aliases = "sb", header = "Create, list, inspect, enter and remove sandboxes.",
    subcommands = {
        SandboxCreateCommand.class,
        SandboxListCommand.class,
        SandboxInfoCommand.class,
        SandboxConnectCommand.class,
        SandboxKillCommand.class,
        SandboxPauseCommand.class,
        SandboxResumeCommand.class,
        SandboxTimeoutCommand.class,
        SandboxLogsCommand.class,
        SandboxMetricsCommand.class,
        SandboxExposeCommand.class,
        SandboxNetworkCommand.class,
        SandboxVncCommand.class,
        SandboxScreenshotCommand.class})
public final class SandboxCommand extends GroupCommand {
}
