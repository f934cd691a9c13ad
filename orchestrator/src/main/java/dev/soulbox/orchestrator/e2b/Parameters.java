package dev.soulbox.orchestrator.e2b;

import dev.soulbox.grpc.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A request's query parameters, each given at most once; parameters no endpoint reads are refused. */
final class Parameters {
  private final Map<String, List<String>> values;
  private final Set<String> read = new HashSet<>();

  Parameters(Map<String, List<String>> values) {
    this.values = values;
  }

  Optional<String> one(String name) {
    read.add(name);
    List<String> given = values.get(name);
    if (given == null || given.isEmpty()) {
      return Optional.empty();
    }
    if (given.size() > 1) {
      throw new InvalidArgumentException("query parameter " + name + " is given " + given.size() + " times; give it once");
    }
    return Optional.of(given.get(0));
  }

  /** An integer parameter between {@code min} and {@code max}. */
  Optional<Long> integer(String name, long min, long max) {
    return one(name).map(text -> {
      try {
        long value = Long.parseLong(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new InvalidArgumentException(name + " must be an integer from " + min + " to " + max + ", not '"
          + ListQuery.cut(text) + "'");
    });
  }

  void refuseUnread() {
    Set<String> unread = new TreeSet<>(values.keySet());
    unread.removeAll(read);
    if (!unread.isEmpty()) {
      throw new InvalidArgumentException("SoulBox does not support the query parameter" + (unread.size() == 1 ? " " : "s ")
          + String.join(", ", unread));
    }
  }
}
