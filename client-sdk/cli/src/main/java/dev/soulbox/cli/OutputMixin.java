package dev.soulbox.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print the API's messages in the proto3 JSON mapping instead of tables and text. */
public final class OutputMixin {
  @Option(names = "--json", description = "Print JSON (the API's messages in the proto3 JSON mapping) for scripts.")
  boolean json;

  public boolean json() {
    return json;
  }
}
