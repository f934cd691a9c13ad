package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which sandboxes {@link SoulBox#list(SandboxFilter)} returns: those carrying every given metadata
 * pair and in any of the given states (any state when none is given).
 *
 * <pre>{@code
 * client.list(SandboxFilter.all().withMetadata("user", "ada").withState(SandboxState.RUNNING));
 * }</pre>
 */
public record SandboxFilter(Map<String, String> metadata, Set<SandboxState> states) {
  private static final SandboxFilter ALL = new SandboxFilter(Map.of(), Set.of());

  public SandboxFilter {
    metadata = Map.copyOf(metadata);
    states = Set.copyOf(states);
    if (states.contains(SandboxState.UNKNOWN)) {
      throw new IllegalArgumentException("cannot filter on state UNKNOWN");
    }
  }

  /** Every sandbox. */
  public static SandboxFilter all() {
    return ALL;
  }

  /** This filter, also requiring metadata {@code key=value}. */
  public SandboxFilter withMetadata(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(CommandOptions.nonEmpty(key, "metadata key"), requireNonNull(value, "metadata value"));
    return new SandboxFilter(m, states);
  }

  /** This filter, also accepting sandboxes in {@code state}. */
  public SandboxFilter withState(SandboxState state) {
    Set<SandboxState> s = states.isEmpty() ? EnumSet.noneOf(SandboxState.class) : EnumSet.copyOf(states);
    s.add(requireNonNull(state, "state"));
    return new SandboxFilter(metadata, s);
  }
}
