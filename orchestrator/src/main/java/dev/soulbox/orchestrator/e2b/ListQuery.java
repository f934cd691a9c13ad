package dev.soulbox.orchestrator.e2b;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters and page of {@code GET /v2/sandboxes} (and the metadata filter of {@code GET /sandboxes}). A page token
 * names the last sandbox of the page before, so paging stays right while sandboxes come and go.
 *
 * @param startedAfter null for no bound
 * @param template null for any
 * @param after the position the page starts after, or null for the first page
 */
record ListQuery(Map<String, String> metadata, Set<SandboxState> states, Instant startedAfter, String template,
                 boolean descending, int limit, Position after) {
  static final int MAX_LIMIT = 100;

  /** Where a sandbox sits in the list's order. */
  record Position(Instant startedAt, String sandboxId) {
    static final Comparator<Position> ORDER =
        Comparator.comparing(Position::startedAt).thenComparing(Position::sandboxId);

    static Position of(SandboxInstance s) {
      return new Position(s.startedAt(), s.sandboxId());
    }

    String token() {
      String plain = startedAt.getEpochSecond() + "." + startedAt.getNano() + "." + sandboxId;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Position parse(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\.", 3);
        return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
      } catch (RuntimeException e) {
        throw new InvalidArgumentException("nextToken '" + cut(token) + "' is not a token this server handed out");
      }
    }
  }

  /** The query of {@code GET /v2/sandboxes}. */
  static ListQuery v2(Map<String, List<String>> parameters) {
    Parameters p = new Parameters(parameters);
    Map<String, String> metadata = p.one("metadata").map(ListQuery::metadata).orElse(Map.of());
    Set<SandboxState> states = p.one("state").map(ListQuery::states).orElse(EnumSet.allOf(SandboxState.class));
    Instant startedAfter = p.one("startedAfter").map(ListQuery::instant).orElse(null);
    String template = p.one("template").filter(t -> !t.isEmpty()).orElse(null);
    boolean descending = p.one("order").map(ListQuery::descending).orElse(false);
    int limit = p.one("limit").map(ListQuery::limit).orElse(MAX_LIMIT);
    Position after = p.one("nextToken").filter(t -> !t.isEmpty()).map(Position::parse).orElse(null);
    p.refuseUnread();
    return new ListQuery(metadata, states, startedAfter, template, descending, limit, after);
  }

  /** The query of {@code GET /sandboxes}: running sandboxes, by metadata, all at once. */
  static ListQuery v1(Map<String, List<String>> parameters) {
    Parameters p = new Parameters(parameters);
    Map<String, String> metadata = p.one("metadata").map(ListQuery::metadata).orElse(Map.of());
    p.refuseUnread();
    return new ListQuery(metadata, EnumSet.of(SandboxState.RUNNING), null, null, false, Integer.MAX_VALUE, null);
  }

  /** This page of {@code sandboxes} (already filtered by metadata and state), and whether more follow. */
  Page page(List<SandboxInstance> sandboxes) {
    Comparator<Position> order = descending ? Position.ORDER.reversed() : Position.ORDER;
    List<SandboxInstance> matching = sandboxes.stream()
        .filter(s -> startedAfter == null || s.startedAt().isAfter(startedAfter))
        .filter(s -> template == null || template.equals(s.template()))
        .filter(s -> after == null || order.compare(Position.of(s), after) > 0)
        .sorted(Comparator.comparing(Position::of, order))
        .toList();
    if (matching.size() <= limit) {
      return new Page(matching, null);
    }
    List<SandboxInstance> items = matching.subList(0, limit);
    return new Page(items, Position.of(items.get(items.size() - 1)).token());
  }

  /** @param nextToken null on the last page */
  record Page(List<SandboxInstance> items, String nextToken) {}

  /**
   * E2B's metadata filter: a query string of its own ({@code k1=v1&k2=v2}, each key and value URL-encoded once more),
   * sent as the value of {@code metadata}.
   */
  static Map<String, String> metadata(String encoded) {
    Map<String, String> filter = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.startsWith("=")) {
        throw new InvalidArgumentException("metadata filter '" + cut(encoded) + "' has an empty key");
      }
    }
    QueryStringDecoder pairs = new QueryStringDecoder(encoded, StandardCharsets.UTF_8, false);
    pairs.parameters().forEach((key, values) -> {
      filter.put(decode(key), decode(values.get(0)));
    });
    return filter;
  }

  private static Set<SandboxState> states(String list) {
    Set<SandboxState> states = EnumSet.noneOf(SandboxState.class);
    for (String s : list.split(",")) {
      switch (s.trim()) {
        case "running" -> states.add(SandboxState.RUNNING);
        case "paused" -> states.add(SandboxState.PAUSED);
        default -> throw new InvalidArgumentException("state may list running and paused, not '" + cut(s) + "'");
      }
    }
    return states;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException("startedAfter '" + cut(text) + "' is not an RFC 3339 time such as "
          + "2026-01-02T03:04:05Z");
    }
  }

  private static boolean descending(String order) {
    return switch (order) {
      case "asc" -> false;
      case "desc" -> true;
      default -> throw new InvalidArgumentException("order must be asc or desc, not '" + cut(order) + "'");
    };
  }

  private static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidArgumentException("limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + cut(text) + "'");
  }

  private static String decode(String s) {
    try {
      return QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("metadata filter has a malformed escape in '" + cut(s) + "'");
    }
  }

  static String cut(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
