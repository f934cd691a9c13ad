package dev.soulbox.cli.command;

import dev.soulbox.cli.BaseCommand;
import dev.soulbox.cli.ConfigFile;
import dev.soulbox.cli.ConnectionMixin;
import dev.soulbox.cli.ExitCodeMapper;
import dev.soulbox.cli.Json;
import dev.soulbox.cli.OutputMixin;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.SoulBoxException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code soulbox auth info}: which endpoint and key are in use, where they come from, and whether they work. */
@Command(name = "info", header = "Show the endpoint and API key in use, where they come from, and whether they work.",
    description = "Exits 0 when the orchestrator accepts the key, 4 when it refuses it, 6 when it cannot be reached.")
public final class AuthInfoCommand extends BaseCommand {
  @Mixin
  ConnectionMixin connection;

  @Mixin
  OutputMixin output;

  @Override
  protected int doCall() {
    ConfigFile config = ConfigFile.ofUser();
    Map<String, String> file = config.read();
    String[] endpoint = source(connection.endpoint(), "SOULBOX_ENDPOINT", file.get(ConfigFile.ENDPOINT));
    String[] key = source(connection.apiKey(), "SOULBOX_API_KEY", file.get(ConfigFile.API_KEY));
    String endpointValue = endpoint[0] == null ? "localhost:7070" : endpoint[0];
    String endpointSource = endpoint[0] == null ? "default" : endpoint[1];

    SoulBoxException failure = null;
    int sandboxes = -1;
    SoulBox.Builder builder = SoulBox.builder().endpoint(endpointValue).requestTimeout(Duration.ofSeconds(10));
    if (key[0] != null) {
      builder.apiKey(key[0]);
    }
    try (SoulBox client = builder.build()) {
      sandboxes = client.list().size();
    } catch (SoulBoxException e) {
      failure = e;
    }
    if (output.json()) {
      Map<String, Object> m = Json.object();
      m.put("endpoint", endpointValue);
      m.put("endpointSource", endpointSource);
      m.put("apiKeySet", key[0] != null);
      m.put("apiKeySource", key[0] == null ? "none" : key[1]);
      m.put("configFile", config.path().toString());
      m.put("ok", failure == null);
      if (failure == null) {
        m.put("sandboxes", sandboxes);
      } else {
        m.put("error", ExitCodeMapper.message(failure));
      }
      printJson(m);
    } else {
      out().println("endpoint:    " + endpointValue + " (" + endpointSource + ")");
      out().println("api key:     " + (key[0] == null ? "none" : mask(key[0]) + " (" + key[1] + ")"));
      out().println("config file: " + config.path() + (config.exists() ? "" : " (none)"));
      out().println("status:      " + (failure == null ? "ok, " + sandboxes + " sandboxes" : "failing"));
      out().flush();
    }
    if (failure != null) {
      throw failure;
    }
    return 0;
  }

  /** The value in use and where it came from: the option, the environment, the config file. */
  private static String[] source(String option, String env, String fromFile) {
    if (option != null && !option.isBlank()) {
      return new String[] {option.strip(), "--" + (env.endsWith("KEY") ? "api-key" : "endpoint")};
    }
    String e = System.getenv(env);
    if (e != null && !e.isBlank()) {
      return new String[] {e.strip(), "$" + env};
    }
    if (fromFile != null && !fromFile.isBlank()) {
      return new String[] {fromFile.strip(), "config file"};
    }
    return new String[] {null, null};
  }

  static String mask(String key) {
    return key.length() <= 8 ? "****" : key.substring(0, 4) + "…" + key.substring(key.length() - 2);
  }
}
