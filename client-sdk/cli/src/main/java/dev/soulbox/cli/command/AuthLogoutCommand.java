package dev.soulbox.cli.command;

import dev.soulbox.cli.BaseCommand;
import dev.soulbox.cli.ConfigFile;
import dev.soulbox.cli.Json;
import dev.soulbox.cli.OutputMixin;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code soulbox auth logout}: forgets the saved endpoint and key. */
@Command(name = "logout", header = "Remove the saved endpoint and API key from the config file.")
public final class AuthLogoutCommand extends BaseCommand {
  @Mixin
  OutputMixin output;

  @Override
  protected int doCall() {
    ConfigFile config = ConfigFile.ofUser();
    boolean had = config.get(ConfigFile.API_KEY).isPresent() || config.get(ConfigFile.ENDPOINT).isPresent();
    Map<String, String> removals = new HashMap<>();
    removals.put(ConfigFile.API_KEY, null);
    removals.put(ConfigFile.ENDPOINT, null);
    if (had) {
      config.update(removals);
    }
    if (output.json()) {
      Map<String, Object> m = Json.object();
      m.put("configFile", config.path().toString());
      m.put("removed", had);
      printJson(m);
    } else {
      out().println(had ? "Logged out: removed the endpoint and API key from " + config.path()
          : "Not logged in: " + config.path() + " holds no endpoint or API key");
    }
    if (System.getenv("SOULBOX_API_KEY") != null && !output.json()) {
      err().println("soulbox: note: SOULBOX_API_KEY is still set in this environment");
    }
    return 0;
  }
}
