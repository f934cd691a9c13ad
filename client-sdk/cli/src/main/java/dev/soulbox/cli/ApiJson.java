package dev.soulbox.cli;

import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.NetworkPolicy;
import dev.soulbox.sdk.ProcessInfo;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxMetrics;
import dev.soulbox.sdk.SandboxState;
import dev.soulbox.sdk.TemplateInfo;
import java.util.List;
import java.util.Map;

/**
 * The SDK's values as the API's messages look in the proto3 JSON mapping: lowerCamelCase field
 * names ({@code sandboxId}), RFC 3339 timestamps, enum value names, 64-bit integers as strings,
 * every scalar field present. What {@code --json} prints, so any proto3 JSON parser reads it.
 */
public final class ApiJson {
  private ApiJson() {
  }

  /** {@code soulbox.orchestrator.v1.Sandbox}; the token only when known. */
  public static Map<String, Object> sandbox(SandboxInfo s, String accessToken) {
    Map<String, Object> m = Json.object();
    m.put("sandboxId", s.sandboxId());
    m.put("template", s.template());
    m.put("state", state(s.state()));
    m.put("metadata", s.metadata());
    m.put("startedAt", s.startedAt());
    m.put("endAt", s.endAt());
    if (accessToken != null) {
      m.put("envdAccessToken", accessToken);
    }
    s.vnc().ifPresent(url -> m.put("vnc", vnc(url.toString())));
    Map<String, Object> resources = Json.object();
    resources.put("cpus", s.cpus());
    resources.put("memoryMib", s.memoryMib());
    m.put("resources", resources);
    m.put("envdVersion", s.envdVersion());
    m.put("network", network(s.network()));
    return m;
  }

  /** {@code soulbox.orchestrator.v1.NetworkPolicy}. */
  public static Map<String, Object> network(NetworkPolicy p) {
    Map<String, Object> m = Json.object();
    m.put("allowInternetAccess", p.internetAllowed());
    m.put("allowOut", p.allowOut());
    m.put("denyOut", p.denyOut());
    return m;
  }

  /** {@code soulbox.orchestrator.v1.ListSandboxesResponse}. */
  public static Map<String, Object> sandboxes(List<SandboxInfo> list) {
    return Map.of("sandboxes", list.stream().map(s -> sandbox(s, null)).toList());
  }

  /** {@code soulbox.orchestrator.v1.VncAccess}, of which the SDK knows the noVNC page. */
  public static Map<String, Object> vnc(String novncUrl) {
    return Map.of("novncUrl", novncUrl);
  }

  public static String state(SandboxState state) {
    return switch (state) {
      case RUNNING -> "SANDBOX_STATE_RUNNING";
      case PAUSED -> "SANDBOX_STATE_PAUSED";
      case UNKNOWN -> "SANDBOX_STATE_UNSPECIFIED";
    };
  }

  /** {@code soulbox.orchestrator.v1.SandboxMetrics}. */
  public static Map<String, Object> metrics(SandboxMetrics s) {
    Map<String, Object> m = Json.object();
    m.put("timestamp", s.timestamp());
    m.put("cpuCount", s.cpuCount());
    m.put("cpuUsedPct", s.cpuUsedPct());
    m.put("memUsedBytes", Json.uint64(s.memUsedBytes()));
    m.put("memTotalBytes", Json.uint64(s.memTotalBytes()));
    m.put("diskUsedBytes", Json.uint64(s.diskUsedBytes()));
    m.put("diskTotalBytes", Json.uint64(s.diskTotalBytes()));
    m.put("pids", s.processCount());
    return m;
  }

  /** {@code soulbox.orchestrator.v1.LogEntry}. */
  public static Map<String, Object> log(LogEntry e) {
    Map<String, Object> m = Json.object();
    m.put("timestamp", e.timestamp());
    m.put("source", e.source());
    m.put("message", e.message());
    return m;
  }

  /** {@code soulbox.orchestrator.v1.Template}. */
  public static Map<String, Object> template(TemplateInfo t) {
    Map<String, Object> m = Json.object();
    m.put("name", t.name());
    m.put("image", t.image());
    if (t.createdAt() != null) {
      m.put("createdAt", t.createdAt());
    }
    m.put("sizeBytes", Json.uint64(t.sizeBytes()));
    Map<String, Object> resources = Json.object();
    resources.put("cpus", t.cpus());
    resources.put("memoryMib", t.memoryMib());
    resources.put("pids", t.pids());
    m.put("resources", resources);
    m.put("desktop", t.desktop());
    m.put("poolSize", t.poolSize());
    return m;
  }

  /** {@code soulbox.orchestrator.v1.ListTemplatesResponse}. */
  public static Map<String, Object> templates(List<TemplateInfo> list) {
    return Map.of("templates", list.stream().map(ApiJson::template).toList());
  }

  /** {@code filesystem.EntryInfo}. */
  public static Map<String, Object> entry(EntryInfo e) {
    Map<String, Object> m = Json.object();
    m.put("name", e.name());
    m.put("type", switch (e.type()) {
      case FILE -> "FILE_TYPE_FILE";
      case DIRECTORY -> "FILE_TYPE_DIRECTORY";
      case SYMLINK -> "FILE_TYPE_SYMLINK";
      case UNKNOWN -> "FILE_TYPE_UNSPECIFIED";
    });
    m.put("path", e.path());
    m.put("size", Json.int64(e.size()));
    m.put("mode", e.mode());
    m.put("permissions", e.permissions());
    m.put("owner", e.owner());
    m.put("group", e.group());
    m.put("modifiedTime", e.modifiedTime());
    if (e.symlinkTarget() != null) {
      m.put("symlinkTarget", e.symlinkTarget());
    }
    return m;
  }

  /** {@code filesystem.ListDirResponse}. */
  public static Map<String, Object> entries(List<EntryInfo> list) {
    return Map.of("entries", list.stream().map(ApiJson::entry).toList());
  }

  /** {@code filesystem.FilesystemEvent}. */
  public static Map<String, Object> event(FilesystemEvent e) {
    Map<String, Object> m = Json.object();
    m.put("name", e.name());
    m.put("type", "EVENT_TYPE_" + e.type().name());
    return m;
  }

  /** {@code process.ProcessInfo}. */
  public static Map<String, Object> process(ProcessInfo p) {
    Map<String, Object> config = Json.object();
    config.put("cmd", p.cmd());
    config.put("args", p.args());
    config.put("envs", p.envs());
    config.put("cwd", p.cwd());
    Map<String, Object> m = Json.object();
    m.put("config", config);
    m.put("pid", p.pid());
    if (p.tag() != null) {
      m.put("tag", p.tag());
    }
    return m;
  }

  /** {@code process.ListResponse}. */
  public static Map<String, Object> processes(List<ProcessInfo> list) {
    return Map.of("processes", list.stream().map(ApiJson::process).toList());
  }

  /** A finished command, as the SDK's {@code CommandResult} (E2B's field names). */
  public static Map<String, Object> result(int pid, CommandResult r) {
    Map<String, Object> m = Json.object();
    m.put("pid", pid);
    m.put("exitCode", r.exitCode());
    m.put("stdout", r.stdout());
    m.put("stderr", r.stderr());
    if (r.error() != null) {
      m.put("error", r.error());
    }
    return m;
  }
}
