package dev.soulbox.orchestrator.firewall;

import dev.soulbox.grpc.FailedPreconditionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This machine's packet filter, through the {@code iptables} (or {@code ip6tables}) command, the
 * same one Docker uses. Rules are only ever checked and added, never flushed: other software's
 * rules stay as they are.
 */
final class Iptables {
  private static final long TIMEOUT_SECONDS = 30;

  private final String command;

  private Iptables(String command) {
    this.command = command;
  }

  static Iptables v4() {
    return new Iptables("iptables");
  }

  static Iptables v6() {
    return new Iptables("ip6tables");
  }

  String command() {
    return command;
  }

  /** Whether the command runs and may change rules here (it exists, and this process may use it). */
  boolean usable() {
    try {
      return run(List.of("-w", "-t", "filter", "-S", "INPUT")).exitCode() == 0;
    } catch (FailedPreconditionException e) {
      return false;
    }
  }

  boolean hasChain(String table, String chain) {
    return run(List.of("-w", "-t", table, "-S", chain)).exitCode() == 0;
  }

  /** Creates {@code chain} in {@code table} unless it exists. */
  void ensureChain(String table, String chain) {
    if (!hasChain(table, chain)) {
      check(List.of("-w", "-t", table, "-N", chain));
    }
  }

  /** Appends {@code rule} to {@code chain} unless an equal rule is there. */
  void ensureAppended(String table, String chain, List<String> rule) {
    if (!has(table, chain, rule)) {
      check(with(List.of("-w", "-t", table, "-A", chain), rule));
    }
  }

  /** Inserts {@code rule} first in {@code chain} unless an equal rule is there. */
  void ensureFirst(String table, String chain, List<String> rule) {
    if (!has(table, chain, rule)) {
      check(with(List.of("-w", "-t", table, "-I", chain, "1"), rule));
    }
  }

  boolean has(String table, String chain, List<String> rule) {
    return run(with(List.of("-w", "-t", table, "-C", chain), rule)).exitCode() == 0;
  }

  /** Deletes every rule equal to {@code rule} from {@code chain}; none is fine. */
  void deleteAll(String table, String chain, List<String> rule) {
    while (has(table, chain, rule)) {
      check(with(List.of("-w", "-t", table, "-D", chain), rule));
    }
  }

  /** Deletes the rules of {@code chain} that carry the comment {@code tag} (a rule's owner). */
  void deleteRulesTagged(String table, String chain, String tag) {
    for (String line : rules(table, chain)) {
      if (line.startsWith("-A " + chain + " ") && line.contains("--comment " + tag + " ")) {
        List<String> spec = List.of(line.substring(("-A " + chain + " ").length()).split(" "));
        check(with(List.of("-w", "-t", table, "-D", chain), spec));
      }
    }
  }

  /** Flushes and deletes {@code chain} when it exists. */
  void deleteChain(String table, String chain) {
    if (hasChain(table, chain)) {
      check(List.of("-w", "-t", table, "-F", chain));
      check(List.of("-w", "-t", table, "-X", chain));
    }
  }

  /**
   * Replaces what {@code chain} holds with {@code rules}, creating the chain when it is missing, in
   * one step: {@code iptables-restore --noflush} swaps it atomically, so no packet sees it half-made.
   */
  void replaceChain(String table, String chain, List<List<String>> rules) {
    StringBuilder script = new StringBuilder("*").append(table).append('\n');
    script.append(':').append(chain).append(" - [0:0]\n");
    for (List<String> rule : rules) {
      script.append("-A ").append(chain).append(' ').append(String.join(" ", rule)).append('\n');
    }
    script.append("COMMIT\n");
    Result r = run(command + "-restore", List.of("-w", "--noflush"), script.toString());
    if (r.exitCode() != 0) {
      throw new FailedPreconditionException(command + "-restore failed (exit " + r.exitCode() + ") for chain " + chain
          + ": " + r.output().strip());
    }
  }

  /** The chains of {@code table} whose names start with {@code prefix}. */
  List<String> chains(String table, String prefix) {
    Result r = run(List.of("-w", "-t", table, "-S"));
    return r.output().lines().filter(l -> l.startsWith("-N " + prefix)).map(l -> l.substring(3).strip()).toList();
  }

  /** The chain's rules as {@code iptables -S} prints them. */
  List<String> rules(String table, String chain) {
    Result r = run(List.of("-w", "-t", table, "-S", chain));
    if (r.exitCode() != 0) {
      return List.of();
    }
    return r.output().lines().toList();
  }

  private void check(List<String> args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new FailedPreconditionException(command + " " + String.join(" ", args) + " failed (exit " + r.exitCode()
          + "): " + r.output().strip());
    }
  }

  private static List<String> with(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all;
  }

  private record Result(int exitCode, String output) {}

  private Result run(List<String> args) {
    return run(command, args, null);
  }

  private Result run(String program, List<String> args, String input) {
    List<String> argv = with(List.of(program), args);
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      try (var stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new FailedPreconditionException(program + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      throw new FailedPreconditionException("cannot run " + program + " (" + e.getMessage()
          + "); sandbox isolation needs it: install iptables", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FailedPreconditionException("interrupted while running " + program, e);
    }
  }
}
