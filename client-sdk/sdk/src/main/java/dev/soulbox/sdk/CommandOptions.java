package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run a command: where, as whom, with what environment, for how long, and who hears its
 * output as it comes.
 *
 * <p>There is <b>no default timeout</b>: a command runs until it ends, is killed, or the sandbox
 * ends. (E2B kills commands after 60 s unless told otherwise; a long build should not die that
 * way.) With {@link Builder#timeout(Duration)} the sandbox kills the command's process group once
 * the time is up, even if the client is gone, and the SDK reports a {@link TimeoutException}.
 */
public final class CommandOptions extends ProcessSettings {
  private static final Consumer<String> IGNORE = s -> { };
  private static final CommandOptions DEFAULTS = builder().build();

  private final Boolean stdin;
  private final Consumer<String> onStdout;
  private final Consumer<String> onStderr;
  private final boolean throwOnNonZeroExit;

  private CommandOptions(Builder b) {
    super(b);
    this.stdin = b.stdin;
    this.onStdout = b.onStdout;
    this.onStderr = b.onStderr;
    this.throwOnNonZeroExit = b.throwOnNonZeroExit;
  }

  /** Home directory of the sandbox's default user, no timeout, no callbacks, no exception on failure. */
  public static CommandOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = copyTo(new Builder());
    b.stdin = stdin;
    b.onStdout = onStdout;
    b.onStderr = onStderr;
    b.throwOnNonZeroExit = throwOnNonZeroExit;
    return b;
  }

  /** Whether the command gets a stdin pipe; when unset, {@code start} opens one and {@code run} does not. */
  public Optional<Boolean> stdin() {
    return Optional.ofNullable(stdin);
  }

  public Consumer<String> onStdout() {
    return onStdout;
  }

  public Consumer<String> onStderr() {
    return onStderr;
  }

  public boolean throwOnNonZeroExit() {
    return throwOnNonZeroExit;
  }

  /** Builds {@link CommandOptions}; every setting is optional. */
  public static final class Builder extends ProcessSettingsBuilder<Builder> {
    private Boolean stdin;
    private Consumer<String> onStdout = IGNORE;
    private Consumer<String> onStderr = IGNORE;
    private boolean throwOnNonZeroExit;

    private Builder() {
      super(Map.of());
    }

    /** Whether the command gets a stdin pipe to {@link CommandHandle#sendStdin(String) write} to. */
    public Builder stdin(boolean stdin) {
      this.stdin = stdin;
      return this;
    }

    /**
     * Called with each piece of stdout as it arrives, decoded as UTF-8 (a character split across
     * chunks is held back until it is whole). Calls for one command never overlap; a slow
     * callback slows the stream, never the sandbox's memory.
     */
    public Builder onStdout(Consumer<String> onStdout) {
      this.onStdout = requireNonNull(onStdout, "onStdout");
      return this;
    }

    /** Like {@link #onStdout(Consumer)}, for stderr. */
    public Builder onStderr(Consumer<String> onStderr) {
      this.onStderr = requireNonNull(onStderr, "onStderr");
      return this;
    }

    /** Make a non-zero exit a {@link CommandExitException} instead of a result to inspect. */
    public Builder throwOnNonZeroExit(boolean throwOnNonZeroExit) {
      this.throwOnNonZeroExit = throwOnNonZeroExit;
      return this;
    }

    public CommandOptions build() {
      return new CommandOptions(this);
    }
  }

  static String nonEmpty(String value, String what) {
    requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  static Duration positive(Duration value, String what) {
    requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
