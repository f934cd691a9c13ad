package dev.soulbox.orchestrator.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * The orchestrator's counters, gauges and histograms, rendered in the Prometheus text format.
 * Names are registered once; a label set is part of the series name, e.g. {@code sandboxes{state="running"}}.
 */
public final class Metrics {
  private final Map<String, Series> series = new ConcurrentSkipListMap<>();

  private sealed interface Series permits Counter, Gauge, Histogram {
    String help();

    String type();

    void render(String name, StringBuilder out);
  }

  /** A value that only goes up. */
  public static final class Counter implements Series {
    private final String help;
    private final Map<String, AtomicLong> values = new ConcurrentSkipListMap<>();

    private Counter(String help) {
      this.help = help;
    }

    public void inc() {
      inc("");
    }

    /** Increments the series with these labels, e.g. {@code method="process.Process/Start"}. */
    public void inc(String labels) {
      values.computeIfAbsent(labels, l -> new AtomicLong()).incrementAndGet();
    }

    @Override public String help() { return help; }
    @Override public String type() { return "counter"; }

    @Override
    public void render(String name, StringBuilder out) {
      if (values.isEmpty()) {
        out.append(name).append(" 0\n");
      }
      values.forEach((labels, v) -> out.append(name).append(braces(labels)).append(' ').append(v.get()).append('\n'));
    }
  }

  /** A value read when scraped. */
  public static final class Gauge implements Series {
    private final String help;
    private final Supplier<Map<String, Double>> values;

    private Gauge(String help, Supplier<Map<String, Double>> values) {
      this.help = help;
      this.values = values;
    }

    @Override public String help() { return help; }
    @Override public String type() { return "gauge"; }

    @Override
    public void render(String name, StringBuilder out) {
      values.get().forEach((labels, v) -> out.append(name).append(braces(labels)).append(' ').append(number(v)).append('\n'));
    }
  }

  /** Observations counted into fixed buckets (seconds). */
  public static final class Histogram implements Series {
    private final String help;
    private final double[] bounds;
    private final AtomicLong[] buckets;
    private final AtomicLong count = new AtomicLong();
    private final DoubleAdder sum = new DoubleAdder();

    private Histogram(String help, double[] bounds) {
      this.help = help;
      this.bounds = bounds.clone();
      this.buckets = new AtomicLong[bounds.length];
      for (int i = 0; i < bounds.length; i++) {
        buckets[i] = new AtomicLong();
      }
    }

    public void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          buckets[i].incrementAndGet();
        }
      }
      count.incrementAndGet();
      sum.add(value);
    }

    @Override public String help() { return help; }
    @Override public String type() { return "histogram"; }

    @Override
    public void render(String name, StringBuilder out) {
      for (int i = 0; i < bounds.length; i++) {
        out.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ").append(buckets[i].get()).append('\n');
      }
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.get()).append('\n');
      out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count ").append(count.get()).append('\n');
    }
  }

  public Counter counter(String name, String help) {
    return (Counter) series.computeIfAbsent(name, n -> new Counter(help));
  }

  /** A gauge whose labelled values are computed at scrape time; "" is the series without labels. */
  public Gauge gauge(String name, String help, Supplier<Map<String, Double>> values) {
    return (Gauge) series.computeIfAbsent(name, n -> new Gauge(help, values));
  }

  public Histogram histogram(String name, String help, double... bounds) {
    return (Histogram) series.computeIfAbsent(name, n -> new Histogram(help, bounds));
  }

  /** Everything, in the Prometheus text exposition format (version 0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder();
    series.forEach((name, s) -> {
      out.append("# HELP ").append(name).append(' ').append(s.help()).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(s.type()).append('\n');
      s.render(name, out);
    });
    return out.toString();
  }

  private static String braces(String labels) {
    return labels.isEmpty() ? "" : "{" + labels + "}";
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
