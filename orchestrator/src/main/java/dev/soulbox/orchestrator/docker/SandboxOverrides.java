package dev.soulbox.orchestrator.docker;

import dev.soulbox.orchestrator.state.StateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What changed about sandboxes after their containers were created. Docker labels cannot change,
 * so a container's {@code dev.soulbox.end-at} label keeps the end it was created with, and a later
 * SetTimeout (and each exposed port) is kept here instead: one properties file in the
 * orchestrator's state dir ({@code <id>.end-at}, {@code <id>.ports}, {@code <id>.egress}), rewritten atomically (temp
 * file + rename) on every change and read back on start. An entry here wins over the label.
 * Entries of containers that no longer exist are dropped as the runtime
 * notices (see {@link DockerRuntime#removeStopped()}).
 */
final class SandboxOverrides {
  private static final String END_AT = ".end-at";
  private static final String PORTS = ".ports";
  private static final String EGRESS = ".egress";

  private final Path file;
  private final Map<String, String> values = new TreeMap<>();

  SandboxOverrides(Path file) {
    this.file = file;
    Properties loaded = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      loaded.load(in);
    } catch (NoSuchFileException e) {
      // first start: nothing changed yet
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    loaded.forEach((k, v) -> values.put((String) k, (String) v));
  }

  synchronized Optional<Instant> endAt(String sandboxId) {
    return Optional.ofNullable(values.get(sandboxId + END_AT)).map(Instant::parse);
  }

  synchronized Set<Integer> exposedPorts(String sandboxId) {
    String ports = values.get(sandboxId + PORTS);
    if (ports == null || ports.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(ports.split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The egress policy set after creation, in {@code EgressPolicy.encode()}'s form. */
  synchronized Optional<String> egress(String sandboxId) {
    return Optional.ofNullable(values.get(sandboxId + EGRESS));
  }

  synchronized void setEgress(String sandboxId, String encoded) {
    values.put(sandboxId + EGRESS, encoded);
    save();
  }

  synchronized void setEndAt(String sandboxId, Instant endAt) {
    values.put(sandboxId + END_AT, endAt.toString());
    save();
  }

  synchronized void addExposedPort(String sandboxId, int port) {
    Set<Integer> ports = new TreeSet<>(exposedPorts(sandboxId));
    if (ports.add(port)) {
      values.put(sandboxId + PORTS, ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
      save();
    }
  }

  synchronized void remove(String sandboxId) {
    if (values.keySet().removeIf(k -> k.startsWith(sandboxId + "."))) {
      save();
    }
  }

  /** The sandboxes that have entries. */
  synchronized Set<String> sandboxIds() {
    return values.keySet().stream().map(k -> k.substring(0, Math.max(0, k.indexOf('.'))))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private void save() {
    Properties out = new Properties();
    out.putAll(values);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      out.store(bytes, "SoulBox sandboxes: changes since their containers were created");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StateFiles.writeAtomically(file, bytes.toByteArray(), false);
  }
}
