package dev.soulbox.cli.command;

import dev.soulbox.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code soulbox auth}: the endpoint and API key kept in the user's config. */
@Command(name = "auth", header = "Save, show or forget the endpoint and API key.",
    subcommands = {AuthLoginCommand.class, AuthInfoCommand.class, AuthLogoutCommand.class})
public final class AuthCommand extends GroupCommand {
}
