package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A terminal to open: its size, who hears its output, and the shell to run. By default the shell
 * is an interactive login bash with {@code TERM=xterm-256color} and a UTF-8 locale, and like
 * commands, a terminal has no timeout.
 */
public final class PtyOptions extends ProcessSettings {
  private final int cols;
  private final int rows;
  private final Consumer<byte[]> onData;
  private final String command;

  private PtyOptions(Builder b) {
    super(b);
    this.cols = b.cols;
    this.rows = b.rows;
    this.onData = b.onData;
    this.command = b.command;
  }

  /** A terminal of {@code cols} × {@code rows} whose output goes to {@code onData}. */
  public static Builder builder(int cols, int rows, Consumer<byte[]> onData) {
    return new Builder(cols, rows, onData);
  }

  public Builder toBuilder() {
    Builder b = copyTo(new Builder(cols, rows, onData));
    b.command = command;
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

  /** Builds {@link PtyOptions}. */
  public static final class Builder extends ProcessSettingsBuilder<Builder> {
    private static final Map<String, String> TERMINAL_ENV =
        Map.of("TERM", "xterm-256color", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");
    private final int cols;
    private final int rows;
    private final Consumer<byte[]> onData;
    private String command;

    private Builder(int cols, int rows, Consumer<byte[]> onData) {
      super(TERMINAL_ENV);
      this.cols = PtyOptions.checkSize(cols, "cols");
      this.rows = PtyOptions.checkSize(rows, "rows");
      this.onData = requireNonNull(onData, "onData");
    }

    /** Runs this instead of an interactive bash, for example {@code "htop"} or {@code "exec python3"}. */
    public Builder command(String command) {
      this.command = CommandOptions.nonEmpty(command, "command");
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
