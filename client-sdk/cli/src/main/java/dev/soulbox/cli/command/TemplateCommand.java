package dev.soulbox.cli.command;

import dev.soulbox.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code soulbox template}: what sandboxes start from. */
@Command(name = "template", aliases = "tpl", header = "Start, build, list and delete templates.",
    subcommands = {TemplateInitCommand.class, TemplateBuildCommand.class, TemplateListCommand.class,
        TemplateDeleteCommand.class})
public final class TemplateCommand extends GroupCommand {
}
