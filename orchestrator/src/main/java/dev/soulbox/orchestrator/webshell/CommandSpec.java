package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.soulbox.proto.process.ProcessConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command as the seeds' clients send it: {@code containerId}, {@code command} (an argv array, or a string run by
 * {@code /bin/bash -l -c}), and optionally {@code cwd}, {@code env} and {@code timeoutMs}.
 */
record CommandSpec(String sandboxId, ProcessConfig process, Duration timeout) {
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  static CommandSpec parse(JsonObject body) {
    String sandboxId = Json.requiredString(body, "containerId");
    JsonElement command = body.get("command");
    ProcessConfig.Builder process = ProcessConfig.newBuilder();
    if (command != null && command.isJsonPrimitive() && command.getAsJsonPrimitive().isString()
        && !command.getAsString().isBlank()) {
      process.setCmd("/bin/bash").addAllArgs(List.of("-l", "-c", command.getAsString()));
    } else if (command != null && command.isJsonArray() && !command.getAsJsonArray().isEmpty()) {
      List<String> argv = new ArrayList<>();
      for (JsonElement arg : command.getAsJsonArray()) {
        if (!arg.isJsonPrimitive()) {
          throw ShellError.invalid("command must be an array of strings or a shell string");
        }
        argv.add(arg.getAsString());
      }
      process.setCmd(argv.get(0)).addAllArgs(argv.subList(1, argv.size()));
    } else {
      throw ShellError.invalid("command is required: an argv array such as [\"ls\", \"-l\"] or a shell string");
    }
    if (body.has("cwd") && !body.get("cwd").isJsonNull()) {
      process.setCwd(Json.requiredString(body, "cwd"));
    }
    if (body.has("env") && !body.get("env").isJsonNull()) {
      if (!body.get("env").isJsonObject()) {
        throw ShellError.invalid("env must be an object of names to values");
      }
      for (Map.Entry<String, JsonElement> e : body.getAsJsonObject("env").entrySet()) {
        process.putEnvs(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
      }
    }
    Duration timeout = null;
    if (body.has("timeoutMs") && !body.get("timeoutMs").isJsonNull()) {
      long millis;
      try {
        millis = body.get("timeoutMs").getAsLong();
      } catch (RuntimeException e) {
        throw ShellError.invalid("timeoutMs must be a number of milliseconds");
      }
      if (millis <= 0 || millis > MAX_TIMEOUT.toMillis()) {
        throw ShellError.invalid("timeoutMs must be between 1 and " + MAX_TIMEOUT.toMillis());
      }
      timeout = Duration.ofMillis(millis);
    }
    return new CommandSpec(sandboxId, process.build(), timeout);
  }
}
