package dev.soulbox.cli.command;

import dev.soulbox.cli.BaseCommand;
import dev.soulbox.cli.ConfigFile;
import dev.soulbox.cli.ConnectionMixin;
import dev.soulbox.cli.Json;
import dev.soulbox.cli.OutputMixin;
import dev.soulbox.sdk.SoulBox;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code soulbox auth login}: checks an endpoint and key against the orchestrator, then saves them. */
@Command(name = "login", header = "Check an endpoint and API key, then save them in the config file.",
    description = {"Saves endpoint and api_key in $${XDG_CONFIG_HOME:-~/.config}/soulbox/config (mode 0600), "
        + "where the CLI and the SDK find them when $SOULBOX_ENDPOINT / $SOULBOX_API_KEY are not set.",
        "",
        "The key comes from --api-key, else $SOULBOX_API_KEY, else (for an orchestrator on this machine) the key "
        + "`soulbox server` generated in $${XDG_CONFIG_HOME:-~/.config}/soulbox/api-key, else a prompt on the "
        + "terminal, else the first line of stdin (echo \"$KEY\" | soulbox auth login)."})
public final class AuthLoginCommand extends BaseCommand {
  @Mixin
  ConnectionMixin connection;

  @Mixin
  OutputMixin output;

  @Option(names = "--no-verify", description = "Save without checking the key against the orchestrator.")
  boolean noVerify;

  @Override
  protected int doCall() throws IOException {
    ConfigFile config = ConfigFile.ofUser();
    String endpoint = first(connection.endpoint(), System.getenv("SOULBOX_ENDPOINT"),
        config.get(ConfigFile.ENDPOINT).orElse(null), "localhost:7070");
    String key = first(connection.apiKey(), System.getenv("SOULBOX_API_KEY"), null, null);
    Path serverKey = config.path().resolveSibling("api-key");
    if (key == null && isLocal(endpoint) && Files.isReadable(serverKey)) {
      key = Files.readString(serverKey, StandardCharsets.UTF_8).strip();
      err().println("soulbox: using the key of this machine's orchestrator, from " + serverKey);
      err().flush();
    }
    if (key == null) {
      key = readKey();
    }
    if (key == null || key.isBlank()) {
      throw usage("no API key: pass --api-key KEY, set SOULBOX_API_KEY, or type it when asked");
    }
    int sandboxes = -1;
    try (SoulBox client = SoulBox.builder().endpoint(endpoint).apiKey(key).build()) {
      if (!noVerify) {
        sandboxes = client.list().size();
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ConfigFile.ENDPOINT, endpoint);
    values.put(ConfigFile.API_KEY, key.strip());
    config.update(values);
    if (output.json()) {
      Map<String, Object> m = Json.object();
      m.put("endpoint", endpoint);
      m.put("configFile", config.path().toString());
      m.put("verified", !noVerify);
      printJson(m);
    } else {
      out().println("Logged in to " + endpoint + (noVerify ? " (not verified)" : " (" + sandboxes + " sandboxes)")
          + "; saved in " + config.path());
    }
    return 0;
  }

  private String readKey() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("API key for the orchestrator: ");
      return typed == null ? null : new String(typed);
    }
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  /** Whether the endpoint is this machine, whose `soulbox server` keeps its generated key beside the config. */
  static boolean isLocal(String endpoint) {
    String host = endpoint.replaceFirst("^[a-z]+://", "").replaceFirst(":[0-9]+/?$", "");
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
