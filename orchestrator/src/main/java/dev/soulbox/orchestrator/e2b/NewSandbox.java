package dev.soulbox.orchestrator.e2b;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.lifecycle.SandboxRequest;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * E2B's {@code NewSandbox} body, as {@code POST /sandboxes} and {@code POST /v2/sandboxes} take it, read into the
 * request a gRPC {@code CreateSandbox} makes. What SoulBox does anyway is accepted ({@code secure: true},
 * {@code autoPause: false}, …); what it cannot do is refused by name.
 */
final class NewSandbox {
  static final long MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE;

  private NewSandbox() {}

  /** The request the body asks for; a missing timeout is the server's default. */
  static SandboxRequest read(JsonFields body) {
    String template = body.string("templateID")
        .orElseThrow(() -> new InvalidArgumentException("templateID is required: the template to start, e.g. \"base\""));
    if (template.isEmpty()) {
      throw new InvalidArgumentException("templateID is required: the template to start, e.g. \"base\"");
    }
    Duration timeout = body.integer("timeout", 1, MAX_TIMEOUT_SECONDS).stream()
        .mapToObj(Duration::ofSeconds).findFirst().orElse(Duration.ZERO);
    var metadata = body.stringMap("metadata");
    var envVars = body.stringMap("envVars");
    if (!body.bool("secure").orElse(true)) {
      throw cannot("secure: false", "every SoulBox sandbox has an access token, which its agent requires");
    }
    if (body.bool("autoPause").orElse(false)) {
      throw cannot("autoPause: true", "a sandbox is killed at its timeout, never paused");
    }
    if (body.value("autoPauseMemory").isPresent()) {
      body.bool("autoPauseMemory");
      throw cannot("autoPauseMemory", "a sandbox is never paused at its timeout");
    }
    body.object("autoResume").ifPresent(autoResume -> {
      if (autoResume.bool("enabled").orElse(false)) {
        throw cannot("autoResume.enabled: true", "a paused sandbox resumes only when asked (connect or resume)");
      }
      autoResume.refuseUnread();
    });
    refuseNonEmpty(body, "mcp", "SoulBox runs no MCP gateway in sandboxes");
    refuseNonEmpty(body, "iam", "SoulBox issues no IAM tokens to sandboxes");
    refuseNonEmpty(body, "volumeMounts", "SoulBox has no volumes");
    Optional<Boolean> internet = body.bool("allow_internet_access");
    EgressPolicy egress = network(body.object("network"), internet.orElse(null));
    body.refuseUnread();
    return new SandboxRequest(template, timeout, metadata, envVars, false, ResourceLimits.UNSET, egress);
  }

  /** The egress policy of a {@code network} object; {@code internet} null means allowed. */
  static EgressPolicy network(Optional<JsonFields> network, Boolean internet) {
    if (network.isEmpty()) {
      return EgressPolicy.of(internet, List.of(), List.of());
    }
    JsonFields n = network.get();
    List<String> allowOut = n.strings("allowOut");
    List<String> denyOut = n.strings("denyOut");
    if (!n.bool("allowPublicTraffic").orElse(true)) {
      throw cannot("network.allowPublicTraffic: false", "sandbox ports on the web port take no traffic access token");
    }
    refuseNonEmpty(n, "maskRequestHost", "the web port passes the Host header through as sent");
    refuseNonEmpty(n, "rules", "egress rules are allow and deny lists of addresses and domains");
    refuseNonEmpty(n, "egressProxy", "sandboxes have no egress proxy of the user's");
    refuseNonEmpty(n, "httpsPorts", "the web port serves every port over both HTTP and HTTPS");
    n.refuseUnread();
    return EgressPolicy.of(internet, allowOut, denyOut);
  }

  /** A field that is fine absent, null, empty or false, and refused otherwise. */
  private static void refuseNonEmpty(JsonFields body, String name, String why) {
    body.value(name).ifPresent(v -> {
      boolean empty = v.isJsonArray() && v.getAsJsonArray().isEmpty()
          || v.isJsonObject() && v.getAsJsonObject().isEmpty()
          || v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && !v.getAsBoolean();
      if (!empty) {
        throw cannot(body.path(name), why);
      }
    });
  }

  private static InvalidArgumentException cannot(String what, String why) {
    return new InvalidArgumentException("SoulBox cannot honour " + what + ": " + why);
  }
}
