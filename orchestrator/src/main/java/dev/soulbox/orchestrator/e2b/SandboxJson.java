package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.EgressRule;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import dev.soulbox.orchestrator.runtime.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** SoulBox's values in the JSON shapes of E2B's API ({@code Sandbox}, {@code SandboxDetail}, …). */
final class SandboxJson {
  /** E2B's client id is its orchestrator node; SoulBox has one. */
  static final String CLIENT_ID = "soulbox";

  private final String domain;

  /** @param domain the public domain sandbox hosts are under: {@code <port>-<id>.<domain>} */
  SandboxJson(String domain) {
    this.domain = domain;
  }

  String domain() {
    return domain;
  }

  /** {@code Sandbox}: what create, connect and resume answer. */
  JsonObject sandbox(SandboxInstance s) {
    JsonObject o = identity(s);
    o.addProperty("envdVersion", s.envdVersion());
    o.addProperty("envdAccessToken", s.accessToken());
    o.add("trafficAccessToken", null);
    o.addProperty("domain", domain);
    return o;
  }

  /** {@code SandboxDetail}: what {@code GET /sandboxes/{id}} answers. */
  JsonObject detail(SandboxInstance s) {
    JsonObject o = listed(s);
    o.addProperty("envdAccessToken", s.accessToken());
    o.addProperty("domain", domain);
    o.addProperty("allowInternetAccess", s.egress().internetAllowed());
    o.add("network", network(s.egress()));
    JsonObject lifecycle = new JsonObject();
    lifecycle.addProperty("autoResume", false);
    lifecycle.addProperty("onTimeout", "kill");
    o.add("lifecycle", lifecycle);
    return o;
  }

  /** {@code ListedSandbox}: one item of a list. */
  JsonObject listed(SandboxInstance s) {
    JsonObject o = identity(s);
    o.addProperty("startedAt", time(s.startedAt()));
    o.addProperty("endAt", time(s.endAt()));
    o.addProperty("cpuCount", (int) Math.ceil(s.resources().cpus()));
    o.addProperty("memoryMB", s.resources().memoryMib());
    o.addProperty("diskSizeMB", 0);
    o.addProperty("state", state(s.state()));
    o.addProperty("envdVersion", s.envdVersion());
    o.add("metadata", strings(s.metadata()));
    o.add("volumeMounts", new JsonArray());
    return o;
  }

  /** {@code SandboxMetric}. */
  static JsonObject metric(SandboxUsage u) {
    JsonObject o = new JsonObject();
    o.addProperty("timestamp", time(u.timestamp()));
    o.addProperty("timestampUnix", u.timestamp().getEpochSecond());
    o.addProperty("cpuCount", u.cpuCount());
    o.addProperty("cpuUsedPct", u.cpuUsedPct());
    o.addProperty("memUsed", u.memUsedBytes());
    o.addProperty("memTotal", u.memTotalBytes());
    o.addProperty("memCache", 0);
    o.addProperty("diskUsed", u.diskUsedBytes());
    o.addProperty("diskTotal", u.diskTotalBytes());
    return o;
  }

  /** {@code SandboxLogEntry}: a log line with a level; container output on stderr is a warning. */
  static JsonObject logEntry(LogLine line) {
    JsonObject o = new JsonObject();
    o.addProperty("timestamp", time(line.timestamp()));
    o.addProperty("level", line.source().equals(LogLine.STDERR) ? "warn" : "info");
    o.addProperty("message", line.message());
    JsonObject fields = new JsonObject();
    fields.addProperty("source", line.source());
    o.add("fields", fields);
    return o;
  }

  /** {@code SandboxLog}: the older shape, a line and its time. */
  static JsonObject logLine(LogLine line) {
    JsonObject o = new JsonObject();
    o.addProperty("timestamp", time(line.timestamp()));
    o.addProperty("line", line.message());
    return o;
  }

  /** {@code Template}. */
  static JsonObject template(Template t) {
    JsonObject o = new JsonObject();
    o.addProperty("templateID", t.name());
    o.addProperty("buildID", t.image());
    o.addProperty("cpuCount", (int) Math.ceil(t.defaults().cpus()));
    o.addProperty("memoryMB", t.defaults().memoryMib());
    o.addProperty("diskSizeMB", t.sizeBytes() / (1024 * 1024));
    o.addProperty("public", false);
    JsonArray names = new JsonArray();
    names.add(t.name());
    o.add("aliases", names);
    o.add("names", names.deepCopy());
    String created = t.createdAt() == null ? null : time(t.createdAt());
    o.addProperty("createdAt", created);
    o.addProperty("updatedAt", created);
    o.add("createdBy", null);
    o.add("lastSpawnedAt", null);
    o.addProperty("spawnCount", 0);
    o.addProperty("buildCount", 1);
    o.addProperty("buildStatus", "ready");
    return o;
  }

  static String state(SandboxState state) {
    return state == SandboxState.PAUSED ? "paused" : "running";
  }

  static String time(Instant t) {
    return t.toString();
  }

  private static JsonObject identity(SandboxInstance s) {
    JsonObject o = new JsonObject();
    o.addProperty("templateID", s.template());
    o.addProperty("alias", s.template());
    o.addProperty("sandboxID", s.sandboxId());
    o.addProperty("clientID", CLIENT_ID);
    return o;
  }

  private static JsonObject network(EgressPolicy p) {
    JsonObject o = new JsonObject();
    o.add("allowOut", rules(p.allowOut()));
    o.add("denyOut", rules(p.denyOut()));
    o.addProperty("allowPublicTraffic", true);
    return o;
  }

  private static JsonArray rules(List<EgressRule> rules) {
    JsonArray a = new JsonArray();
    rules.forEach(r -> a.add(r.text()));
    return a;
  }

  private static JsonObject strings(Map<String, String> map) {
    JsonObject o = new JsonObject();
    map.forEach(o::addProperty);
    return o;
  }
}
