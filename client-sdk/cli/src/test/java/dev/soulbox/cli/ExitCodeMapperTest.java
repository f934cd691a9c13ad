package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.sdk.AlreadyExistsException;
import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.ChecksumMismatchException;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.InvalidArgumentException;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.SandboxGoneException;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ExitCodeMapperTest {
  static Stream<Arguments> failures() {
    CommandLine cmd = new CommandLine(new SoulBoxCommand());
    return Stream.of(
        Arguments.of(new CommandLine.ParameterException(cmd, "Unknown option"), ExitCodes.USAGE),
        Arguments.of(new IllegalArgumentException("timeout must be positive"), ExitCodes.USAGE),
        Arguments.of(new InvalidArgumentException("cwd /nope does not exist"), ExitCodes.USAGE),
        Arguments.of(new NotFoundException("stat /nope: no such file"), ExitCodes.NOT_FOUND),
        Arguments.of(new SandboxGoneException("sandbox abc is gone"), ExitCodes.NOT_FOUND),
        Arguments.of(new UncheckedIOException("cannot read x", new NoSuchFileException("x")), ExitCodes.NOT_FOUND),
        Arguments.of(new AuthenticationException("wrong x-api-key"), ExitCodes.AUTH),
        Arguments.of(new TimeoutException("deadline exceeded"), ExitCodes.TIMEOUT),
        Arguments.of(new ConnectionLostException("io exception", null), ExitCodes.UNAVAILABLE),
        Arguments.of(new AlreadyExistsException("tag in use"), ExitCodes.FAILED),
        Arguments.of(new ChecksumMismatchException("sha differs"), ExitCodes.FAILED),
        Arguments.of(new SoulBoxException("too many sandboxes (RESOURCE_EXHAUSTED)"), ExitCodes.FAILED),
        Arguments.of(new UncheckedIOException("cannot write y", new IOException("disk full")), ExitCodes.FAILED),
        Arguments.of(new ExitException(7, null), 7),
        Arguments.of(new CommandLine.ExecutionException(cmd, "wrapped", new TimeoutException("slow")), ExitCodes.TIMEOUT),
        Arguments.of(new IllegalStateException("a bug"), ExitCodes.FAILED));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void exitCode(Throwable failure, int expected) {
    assertThat(ExitCodeMapper.exitCode(failure)).isEqualTo(expected);
    assertThat(new ExitCodeMapper().getExitCode(failure)).isEqualTo(expected);
  }

  @Test
  void message_isOneLine() {
    assertThat(ExitCodeMapper.message(new SoulBoxException("build failed:\n  step 2\n  exit 1\n")))
        .isEqualTo("build failed: step 2 exit 1");
  }

  @Test
  void message_namesTheLocalFile() {
    assertThat(ExitCodeMapper.message(new UncheckedIOException("cannot read x", new NoSuchFileException("data.csv"))))
        .isEqualTo("data.csv: no such file or directory");
    assertThat(ExitCodeMapper.message(new UncheckedIOException("cannot write y", new IOException("No space left"))))
        .isEqualTo("cannot write y: No space left");
  }

  @Test
  void message_withoutOne_isTheKindOfFailure() {
    assertThat(ExitCodeMapper.message(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
