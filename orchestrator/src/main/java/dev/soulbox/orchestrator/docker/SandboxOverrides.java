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
 *
 * <p>A warm pool sandbox's claim is kept here too ({@code <id>.claimed-at}, {@code <id>.access-token},
 * {@code <id>.vnc}, {@code <id>.meta.<key>}, with its end and policy), written in one save: a pooled
 * container has a claim or it has none. The file holds access tokens, so only its owner may read it.
 * Entries of containers that no longer exist are dropped as the runtime
 * notices (see {@link DockerRuntime#removeStopped()}).
 */
final class SandboxOverrides {
  private static final String END_AT = ".end-at";
  private static final String PORTS = ".ports";
  private static final String EGRESS = ".egress";
  private static final String CLAIMED_AT = ".claimed-at";
  private static final String ACCESS_TOKEN = ".access-token";
  private static final String VNC = ".vnc";
  private static final String META = ".meta.";

  /** What a claim made of a pooled sandbox, beside its end and policy. */
  record Claimed(Instant claimedAt, String accessToken, Map<String, String> metadata, boolean vnc) {}

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

  synchronized Optional<Claimed> claimed(String sandboxId) {
    String at = values.get(sandboxId + CLAIMED_AT);
    if (at == null) {
      return Optional.empty();
    }
    Map<String, String> metadata = new TreeMap<>();
    String prefix = sandboxId + META;
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        metadata.put(k.substring(prefix.length()), v);
      }
    });
    return Optional.of(new Claimed(Instant.parse(at), values.get(sandboxId + ACCESS_TOKEN), metadata,
        Boolean.parseBoolean(values.get(sandboxId + VNC))));
  }

  /** Records a claim, with the end and (encoded) policy it sets, in one save. */
  synchronized void claim(String sandboxId, Claimed claim, Instant endAt, String egress) {
    values.put(sandboxId + CLAIMED_AT, claim.claimedAt().toString());
    values.put(sandboxId + ACCESS_TOKEN, claim.accessToken());
    values.put(sandboxId + VNC, String.valueOf(claim.vnc()));
    claim.metadata().forEach((k, v) -> values.put(sandboxId + META + k, v));
    values.put(sandboxId + END_AT, endAt.toString());
    values.put(sandboxId + EGRESS, egress);
    save();
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
    StateFiles.writeAtomically(file, bytes.toByteArray(), true);
  }
}
