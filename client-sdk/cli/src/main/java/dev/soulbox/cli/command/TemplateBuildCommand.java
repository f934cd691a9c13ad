package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.Human;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.TemplateInfo;
import dev.soulbox.sdk.TemplateSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox template build [DIR]}: builds a template on the orchestrator, streaming the output. */
@Command(name = "build", header = "Build a template from a directory's Dockerfile, streaming the build's output.",
    description = {"The directory (without .git) is the build context, so COPY finds its files. The name and the "
        + "sandboxes' defaults come from the options, else soulbox.template, else the directory's name.",
        "With --json: one BuildTemplateEvent per line ({\"log\": …}, then {\"done\": Template})."})
public final class TemplateBuildCommand extends ClientCommand {
  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "The template's directory (default: the current one).")
  Path dir;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The template's name.")
  String name;

  @Option(names = {"-f", "--dockerfile"}, paramLabel = "FILE", description = "The Dockerfile (default: DIR/Dockerfile).")
  Path dockerfile;

  @Option(names = "--cpus", paramLabel = "N", description = "CPU limit of its sandboxes by default.")
  Double cpus;

  @Option(names = "--memory", paramLabel = "MIB", description = "Memory limit of its sandboxes in MiB by default.")
  Integer memoryMib;

  @Option(names = "--pids", paramLabel = "N", description = "Process limit of its sandboxes by default.")
  Integer pids;

  @Option(names = "--pool", paramLabel = "N",
      description = "Its sandboxes the server keeps started and waiting, so that a create takes one at once (default 0).")
  Integer poolSize;

  @Override
  protected int run(SoulBox client) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    Properties settings = TemplateDir.settings(dir);
    Path file = dockerfile != null ? dockerfile : dir.resolve(TemplateDir.DOCKERFILE);
    if (!Files.isRegularFile(file)) {
      throw usage("no Dockerfile at " + file + " (start one with `soulbox template init " + dir + "`)");
    }
    String templateName = name != null ? name : settings.getProperty("name", TemplateDir.nameFor(dir)).strip();
    TemplateSpec.Builder spec = TemplateSpec.builder(templateName, Files.readString(file, StandardCharsets.UTF_8))
        .context(dir);
    Double c = cpus != null ? cpus : number(settings, "cpus");
    Double m = memoryMib != null ? Double.valueOf(memoryMib) : number(settings, "memory_mib");
    Double p = pids != null ? Double.valueOf(pids) : number(settings, "pids");
    if (c != null) {
      spec.cpus(c);
    }
    if (m != null) {
      spec.memoryMib(m.intValue());
    }
    if (p != null) {
      spec.pids(p.intValue());
    }
    Double pool = poolSize != null ? Double.valueOf(poolSize) : number(settings, "pool_size");
    if (pool != null) {
      if (pool < 0 || pool != Math.rint(pool)) {
        throw usage("the pool size must be a whole number, 0 or more, not " + pool);
      }
      spec.poolSize(pool.intValue());
    }
    TemplateInfo built = client.templates().build(spec.build(), line -> {
      if (json()) {
        printJsonLine(Map.of("log", line));
      } else {
        out().println(line);
        out().flush();
      }
    });
    if (json()) {
      printJsonLine(Map.of("done", ApiJson.template(built)));
    } else {
      out().println("Built template " + built.name() + " (" + built.image() + ", " + Human.bytes(built.sizeBytes())
          + "): soulbox sandbox create -t " + built.name());
      out().flush();
    }
    return 0;
  }

  private static Double number(Properties settings, String key) {
    String v = settings.getProperty(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Double.valueOf(v.strip());
    } catch (NumberFormatException e) {
      throw usage(TemplateDir.SETTINGS + ": " + key + "=" + v + " is not a number");
    }
  }
}
