package dev.soulbox.cli;

import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.InvalidArgumentException;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.TimeoutException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** The one place a failure becomes an exit code and the line {@code soulbox} prints for it. */
public final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {
  @Override
  public int getExitCode(Throwable t) {
    return exitCode(t);
  }

  public static int exitCode(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ExitException x) {
      return x.exitCode();
    }
    if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException
        || e instanceof InvalidArgumentException) {
      return ExitCodes.USAGE;
    }
    if (e instanceof NotFoundException || e instanceof NoSuchFileException) {
      return ExitCodes.NOT_FOUND;
    }
    if (e instanceof AuthenticationException) {
      return ExitCodes.AUTH;
    }
    if (e instanceof TimeoutException) {
      return ExitCodes.TIMEOUT;
    }
    if (e instanceof ConnectionLostException) {
      return ExitCodes.UNAVAILABLE;
    }
    return ExitCodes.FAILED;
  }

  /** One line saying what went wrong, without a stack trace. */
  public static String message(Throwable t) {
    Throwable e = unwrap(t);
    String m = e.getMessage();
    if (e instanceof NoSuchFileException f) {
      m = f.getFile() + ": no such file or directory";
    } else if (e instanceof AccessDeniedException f) {
      m = f.getFile() + ": permission denied";
    } else if (e instanceof UncheckedIOException u && u.getCause().getMessage() != null
        && (m == null || !m.contains(u.getCause().getMessage()))) {
      m = m + ": " + u.getCause().getMessage();
    } else if (e instanceof ConnectionLostException && t.getCause() != null && m != null
        && m.contains("io exception")) {
      m = m + " (is the orchestrator running? start one with `soulbox server`)";
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return String.join(" ", m.strip().split("\\s*\\R\\s*"));
  }

  /** The failure itself, beneath the wrappers that only carry it. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof UncheckedIOException || e instanceof CommandLine.ExecutionException
        || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      if (e instanceof UncheckedIOException && !(e.getCause() instanceof NoSuchFileException
          || e.getCause() instanceof AccessDeniedException)) {
        return e;
      }
      e = e.getCause();
    }
    return e;
  }
}
