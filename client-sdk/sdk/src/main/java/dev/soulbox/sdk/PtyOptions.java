package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A terminal to open: its size, who hears its output, and the shell to run. By default the shell
 * is an interactive login bash with {@code TERM=xterm-256color} and a UTF-8 locale, and like
 * commands, a terminal has no timeout.
 */
public final class PtyOptions {
  private final int cols;
  private final int rows;
  private final Consumer<byte[]> onData;
  private final String command;
  private final String cwd;
  private final Map<String, String> envs;
  private final String user;
  private final String tag;
  private final Duration timeout;

  private PtyOptions(Builder b) {
    this.cols = b.cols;
    this.rows = b.rows;
    this.onData = b.onData;
    this.command = b.command;
    this.cwd = b.cwd;
    this.envs = Map.copyOf(b.envs);
    this.user = b.user;
    this.tag = b.tag;
    this.timeout = b.timeout;
  }

  /** A terminal of {@code cols} × {@code rows} whose output goes to {@code onData}. */
  public static Builder builder(int cols, int rows, Consumer<byte[]> onData) {
    return new Builder(cols, rows, onData);
  }

  public Builder toBuilder() {
    Builder b = new Builder(cols, rows, onData);
    b.command = command;
    b.cwd = cwd;
    b.envs.clear();
    b.envs.putAll(envs);
    b.user = user;
    b.tag = tag;
    b.timeout = timeout;
    return b;
  }

  public int cols() {
    return cols;
  }

  public int rows() {
    return rows;
  }

  public Consumer<byte[]> onData() {
    return onData;
  }

  /** The command the terminal runs through {@code /bin/bash -l -c}; empty for an interactive {@code bash -i -l}. */
  public Optional<String> command() {
    return Optional.ofNullable(command);
  }

  public Optional<String> cwd() {
    return Optional.ofNullable(cwd);
  }

  public Map<String, String> envs() {
    return envs;
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Builds {@link PtyOptions}. */
  public static final class Builder {
    private final int cols;
    private final int rows;
    private final Consumer<byte[]> onData;
    private String command;
    private String cwd;
    private final Map<String, String> envs = new LinkedHashMap<>(Map.of(
        "TERM", "xterm-256color", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"));
    private String user;
    private String tag;
    private Duration timeout;

    private Builder(int cols, int rows, Consumer<byte[]> onData) {
      this.cols = PtyOptions.checkSize(cols, "cols");
      this.rows = PtyOptions.checkSize(rows, "rows");
      this.onData = requireNonNull(onData, "onData");
    }

    /** Runs this instead of an interactive bash, for example {@code "htop"} or {@code "exec python3"}. */
    public Builder command(String command) {
      this.command = CommandOptions.nonEmpty(command, "command");
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = CommandOptions.nonEmpty(cwd, "cwd");
      return this;
    }

    /** Sets one environment variable (overriding the terminal defaults above). */
    public Builder env(String name, String value) {
      envs.put(CommandOptions.nonEmpty(name, "env name"), requireNonNull(value, "env value"));
      return this;
    }

    public Builder user(String user) {
      this.user = CommandOptions.nonEmpty(user, "user");
      return this;
    }

    /**
     * A name to {@link Pty#connect(String, Consumer) reconnect} to the terminal by, for example from
     * another program.
     */
    public Builder tag(String tag) {
      this.tag = CommandOptions.nonEmpty(tag, "tag");
      return this;
    }

    /** Kill the terminal's processes once it has been open this long. */
    public Builder timeout(Duration timeout) {
      this.timeout = CommandOptions.positive(timeout, "timeout");
      return this;
    }

    public PtyOptions build() {
      return new PtyOptions(this);
    }
  }

  static int checkSize(int value, String what) {
    if (value < 1 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " must be between 1 and 65535, got " + value);
    }
    return value;
  }
}
