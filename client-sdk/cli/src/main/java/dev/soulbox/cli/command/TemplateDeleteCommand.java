package dev.soulbox.cli.command;

import dev.soulbox.cli.ClientCommand;
import dev.soulbox.sdk.SoulBox;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox template delete NAME}. */
@Command(name = "delete", aliases = "rm", header = "Delete a template no sandbox uses.")
public final class TemplateDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME", description = "The template.")
  String name;

  @Override
  protected int run(SoulBox client) {
    client.templates().delete(name);
    printResult(Map.of(), "Deleted template " + name);
    return 0;
  }
}
