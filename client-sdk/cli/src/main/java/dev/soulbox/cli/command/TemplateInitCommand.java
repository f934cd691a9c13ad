package dev.soulbox.cli.command;

import dev.soulbox.cli.BaseCommand;
import dev.soulbox.cli.OutputMixin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox template init [DIR]}: a Dockerfile and settings to start a template from. */
@Command(name = "init", header = "Write a starting Dockerfile and soulbox.template in a directory.",
    description = "Edit the Dockerfile, then run `soulbox template build` in that directory.")
public final class TemplateInitCommand extends BaseCommand {
  @Mixin
  OutputMixin output;

  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "Where (default: the current directory).")
  Path dir;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The template's name (default: the directory's name).")
  String name;

  @Option(names = "--from", paramLabel = "TEMPLATE", defaultValue = "base", description = "Template to build on: base, desktop, or one you built (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--force", description = "Overwrite files that exist.")
  boolean force;

  @Override
  protected int doCall() throws IOException {
    String templateName = name != null ? name : TemplateDir.nameFor(dir);
    Path dockerfile = dir.resolve(TemplateDir.DOCKERFILE);
    Path settings = dir.resolve(TemplateDir.SETTINGS);
    for (Path p : new Path[] {dockerfile, settings}) {
      if (Files.exists(p) && !force) {
        throw usage(p + " exists; use --force to overwrite it");
      }
    }
    Files.createDirectories(dir);
    Files.writeString(dockerfile, String.join("\n",
        "# A SoulBox template. Build it with `soulbox template build` in this directory.",
        "# Every FROM must be a SoulBox template: soulbox/base, soulbox/desktop, or one you built.",
        "FROM soulbox/" + from,
        "",
        "# Install what your sandboxes need, for example:",
        "# USER root",
        "# RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*",
        "# COPY requirements.txt /tmp/requirements.txt",
        "# The last USER is who commands run as by default (without one: user):",
        "# USER user",
        ""), StandardCharsets.UTF_8);
    Files.writeString(settings, String.join("\n",
        "# Settings of this template, read by `soulbox template build`.",
        "name=" + templateName,
        "# Defaults of its sandboxes (else the server's):",
        "# cpus=2",
        "# memory_mib=2048",
        "# pids=1024",
        "# Its sandboxes the server keeps started, so that a create takes one at once (default 0):",
        "# pool_size=2",
        ""), StandardCharsets.UTF_8);
    if (output.json()) {
      printJson(Map.of("name", templateName, "dockerfile", dockerfile.toString(), "settings", settings.toString()));
    } else {
      out().println("Wrote " + dockerfile + " and " + settings + " for template " + templateName);
      out().println("Edit the Dockerfile, then: soulbox template build " + dir);
      out().flush();
    }
    return 0;
  }

}
