package dev.soulbox.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileErrorsTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new NoSuchFileException("/a/x"), Status.Code.NOT_FOUND, "/a/x does not exist"),
        Arguments.of(new AccessDeniedException("/a/x"), Status.Code.PERMISSION_DENIED, "permission denied on /a/x"),
        Arguments.of(new FileSystemException("/a/x", null, "Operation not permitted"), Status.Code.PERMISSION_DENIED,
            "operation not permitted on /a/x"),
        Arguments.of(new FileSystemException("/a/x", null, "Read-only file system"), Status.Code.PERMISSION_DENIED,
            "/a/x is on a read-only file system"),
        Arguments.of(new FileSystemException("/a/x", null, "No space left on device"), Status.Code.RESOURCE_EXHAUSTED,
            "free some space"),
        Arguments.of(new FileSystemException("/a/x", null, "Too many levels of symbolic links or unable to access "
            + "attributes of symbolic link"), Status.Code.INVALID_ARGUMENT, "symbolic link loop at /a/x"),
        Arguments.of(new IOException("disk on fire"), Status.Code.INTERNAL, "internal error (ref"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void of_choosesTheStatusAndNamesTheActionAndPath(IOException failure, Status.Code code, String message) {
    Status status = StatusMapping.toStatus(FileErrors.of("remove /a", Path.of("/a"), failure));

    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).contains(message);
    if (code != Status.Code.INTERNAL) {
      assertThat(status.getDescription()).startsWith("cannot remove /a: ");
    }
  }
}
