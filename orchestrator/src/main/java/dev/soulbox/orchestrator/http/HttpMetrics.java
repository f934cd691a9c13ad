package dev.soulbox.orchestrator.http;

import dev.soulbox.orchestrator.metrics.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The web port's series: {@code soulbox_http_requests_total{route,status}}, {@code soulbox_http_bridges_active{kind}}
 * and {@code soulbox_http_bridged_bytes{kind,direction}}. Bridge kinds are declared by the routes that open them
 * ({@link Bridges#declare}), so their series show from the start. Bytes are a gauge only because
 * {@link Metrics.Counter} counts by one.
 */
public final class HttpMetrics {
  private final Metrics.Counter requests;
  private final ConcurrentMap<String, LongAdder> active = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> bytes = new ConcurrentHashMap<>();

  public HttpMetrics(Metrics metrics) {
    requests = metrics.counter("soulbox_http_requests_total", "HTTP requests on the web port, by route and status");
    metrics.gauge("soulbox_http_bridges_active", "Open bridges to sandboxes (sandbox ports and VNC)",
        () -> snapshot(active, "kind"));
    metrics.gauge("soulbox_http_bridged_bytes", "Bytes relayed to and from sandboxes since start",
        () -> snapshot(bytes, "kind", "direction"));
  }

  /** One answered request; {@code status} is the code, or {@code bridged} when a sandbox answers. */
  public void request(String route, Object status) {
    requests.inc("route=\"" + route + "\",status=\"" + status + "\"");
  }

  void declareBridges(String kind) {
    active.computeIfAbsent(kind, k -> new LongAdder());
    bytes.computeIfAbsent(kind + ",to_sandbox", k -> new LongAdder());
    bytes.computeIfAbsent(kind + ",from_sandbox", k -> new LongAdder());
  }

  /** Counts the bridge as active until {@link Bridge#close()}. */
  Bridge bridgeOpened(String kind) {
    declareBridges(kind);
    active.get(kind).increment();
    return new Bridge(bytes.get(kind + ",to_sandbox"), bytes.get(kind + ",from_sandbox"), active.get(kind));
  }

  /** The byte counters of one bridge's two directions. */
  record Bridge(LongAdder toSandbox, LongAdder fromSandbox, LongAdder active) {
    void close() {
      active.decrement();
    }
  }

  private static Map<String, Double> snapshot(Map<String, LongAdder> values, String... labelNames) {
    Map<String, Double> out = new TreeMap<>();
    values.forEach((key, value) -> {
      String[] parts = key.split(",");
      StringBuilder labels = new StringBuilder();
      for (int i = 0; i < labelNames.length; i++) {
        labels.append(i == 0 ? "" : ",").append(labelNames[i]).append("=\"").append(parts[i]).append('"');
      }
      out.put(labels.toString(), value.doubleValue());
    });
    return out;
  }
}
