package dev.soulbox.cli.command;

import dev.soulbox.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code soulbox files}: a sandbox's filesystem. */
@Command(name = "files", aliases = "fs", header = "Look at a sandbox's files (copy them with `soulbox cp`).",
    subcommands = {FilesLsCommand.class})
public final class FilesCommand extends GroupCommand {
}
