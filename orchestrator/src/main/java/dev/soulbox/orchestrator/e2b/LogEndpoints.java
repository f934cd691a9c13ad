package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /sandboxes/{id}/logs} and {@code GET /v2/sandboxes/{id}/logs}: a sandbox's log as StreamLogs has it
 * (lifecycle events merged with its container's output), in E2B's shapes.
 */
final class LogEndpoints {
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  private static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

  private final Sandboxes sandboxes;

  LogEndpoints(Sandboxes sandboxes) {
    this.sandboxes = sandboxes;
  }

  /** v1: {@code ?start=<ms>&limit=}: the first lines from {@code start}, as {@code logs} and {@code logEntries}. */
  ApiAnswer v1(ApiCall call) {
    Parameters query = call.query();
    long start = query.integer("start", 0, Long.MAX_VALUE).orElse(0L);
    int limit = query.integer("limit", 0, MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
    query.refuseUnread();
    List<LogLine> lines = lines(SandboxEndpoints.id(call)).stream()
        .filter(l -> l.timestamp().toEpochMilli() >= start).limit(limit).toList();
    JsonArray logs = new JsonArray();
    JsonArray entries = new JsonArray();
    lines.forEach(l -> {
      logs.add(SandboxJson.logLine(l));
      entries.add(SandboxJson.logEntry(l));
    });
    JsonObject body = new JsonObject();
    body.add("logs", logs);
    body.add("logEntries", entries);
    return ApiAnswer.json(HttpResponseStatus.OK, body);
  }

  /**
   * v2: {@code ?cursor=<ms>&limit=&direction=forward|backward&level=&search=}: lines from the cursor on (forward) or
   * up to it, newest first (backward), at or above the level, containing the search text.
   */
  ApiAnswer v2(ApiCall call) {
    Parameters query = call.query();
    Long cursor = query.integer("cursor", 0, Long.MAX_VALUE).orElse(null);
    int limit = query.integer("limit", 0, MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
    boolean backward = query.one("direction").map(LogEndpoints::backward).orElse(false);
    int level = query.one("level").map(LogEndpoints::level).orElse(0);
    String search = query.one("search").orElse("");
    query.refuseUnread();
    List<LogLine> lines = new ArrayList<>(lines(SandboxEndpoints.id(call)).stream()
        .filter(l -> cursor == null || (backward ? l.timestamp().toEpochMilli() <= cursor
            : l.timestamp().toEpochMilli() >= cursor))
        .filter(l -> level(l) >= level && l.message().contains(search))
        .toList());
    if (backward) {
      Collections.reverse(lines);
    }
    JsonArray entries = new JsonArray();
    lines.stream().limit(limit).forEach(l -> entries.add(SandboxJson.logEntry(l)));
    JsonObject body = new JsonObject();
    body.add("logs", entries);
    return ApiAnswer.json(HttpResponseStatus.OK, body);
  }

  private List<LogLine> lines(String sandboxId) {
    List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());
    Throwable[] failure = new Throwable[1];
    try (AutoCloseable ignored = sandboxes.logs(sandboxId, false, new LogSink() {
      @Override
      public void accept(LogLine line) {
        lines.add(line);
      }

      @Override
      public void end(Throwable error) {
        failure[0] = error;
      }
    })) {
      // without follow, the whole log has been passed on when logs() returns
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the log of sandbox " + sandboxId + " failed", e);
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new IllegalStateException("reading the log of sandbox " + sandboxId + " failed", failure[0]);
    }
    return List.copyOf(lines);
  }

  private static boolean backward(String direction) {
    return switch (direction) {
      case "forward" -> false;
      case "backward" -> true;
      default -> throw new InvalidArgumentException("direction must be forward or backward, not '"
          + ListQuery.cut(direction) + "'");
    };
  }

  private static int level(String name) {
    int level = LEVELS.indexOf(name.toLowerCase(Locale.ROOT));
    if (level < 0) {
      throw new InvalidArgumentException("level must be one of " + String.join(", ", LEVELS) + ", not '"
          + ListQuery.cut(name) + "'");
    }
    return level;
  }

  private static int level(LogLine line) {
    return line.source().equals(LogLine.STDERR) ? 2 : 1;
  }
}
