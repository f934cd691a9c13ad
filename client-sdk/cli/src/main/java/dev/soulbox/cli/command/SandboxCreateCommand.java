package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.Converters;
import dev.soulbox.cli.Human;
import dev.soulbox.cli.NetworkMixin;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SoulBox;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code soulbox sandbox create}: a new sandbox, left running; prints its id. */
@Command(name = "create", header = "Create a sandbox and print its id.",
    description = {"The sandbox runs until its timeout (the server's default is 5 minutes) or until killed.",
        "Prints the id alone on stdout (ID=$(soulbox sandbox create)); --json prints the whole sandbox, "
            + "its envdAccessToken included."})
public final class SandboxCreateCommand extends ClientCommand {
  @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", defaultValue = "base", description = "Template to start from (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Seconds.class,
      description = "Lifetime: seconds, or 90s, 10m, 2h (default: the server's).")
  Duration timeout;

  @Option(names = {"-m", "--metadata"}, paramLabel = "KEY=VALUE", description = "A label to find it by; repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Environment of every process in it; repeatable.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--vnc", description = "Give it a VNC route to its desktop (needs a desktop template, e.g. -t desktop).")
  boolean vnc;

  @Option(names = "--cpus", paramLabel = "N", description = "CPU limit (default: the template's).")
  Double cpus;

  @Option(names = "--memory", paramLabel = "MIB", description = "Memory limit in MiB (default: the template's).")
  Integer memoryMib;

  @Mixin
  NetworkMixin network;

  @Override
  protected int run(SoulBox client) {
    CreateOptions.Builder b = CreateOptions.builder().template(template).vnc(vnc);
    if (timeout != null) {
      b.timeout(timeout);
    }
    metadata.forEach(b::metadata);
    env.forEach(b::env);
    if (cpus != null) {
      b.cpus(cpus);
    }
    if (memoryMib != null) {
      b.memoryMib(memoryMib);
    }
    if (network.given()) {
      b.network(network.policy());
    }
    Sandbox sandbox = client.create(b.build()).keepOnClose();
    SandboxInfo info = sandbox.info();
    if (json()) {
      printJson(ApiJson.sandbox(info, sandbox.accessToken().orElse(null)));
    } else {
      out().println(info.sandboxId());
      out().flush();
      err().println("soulbox: sandbox " + info.sandboxId() + " (" + info.template() + ") ends "
          + Human.relative(info.endAt(), Instant.now()) + info.vnc().map(u -> "; desktop at " + u).orElse(""));
      err().flush();
    }
    return 0;
  }
}
