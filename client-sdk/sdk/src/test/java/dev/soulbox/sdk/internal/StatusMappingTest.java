package dev.soulbox.sdk.internal;

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
import io.grpc.Status;
import io.grpc.Status.Code;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {
  private static final String ID = "abcdefghij0123456789";

  @ParameterizedTest
  @CsvSource({
      "NOT_FOUND,           NotFoundException",
      "UNAUTHENTICATED,     AuthenticationException",
      "PERMISSION_DENIED,   AuthenticationException",
      "DEADLINE_EXCEEDED,   TimeoutException",
      "INVALID_ARGUMENT,    InvalidArgumentException",
      "FAILED_PRECONDITION, InvalidArgumentException",
      "OUT_OF_RANGE,        InvalidArgumentException",
      "ALREADY_EXISTS,      AlreadyExistsException",
      "DATA_LOSS,           ChecksumMismatchException",
      "UNAVAILABLE,         ConnectionLostException",
      "RESOURCE_EXHAUSTED,  SoulBoxException",
      "INTERNAL,            SoulBoxException",
  })
  void eachCode_hasItsException(Code code, String type) {
    SoulBoxException e = StatusMapping.toException(
        Status.fromCode(code).withDescription("what happened").asRuntimeException(), "do it", ID);

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e).hasMessageStartingWith("do it: what happened");
  }

  @Test
  void typesFormAHierarchy() {
    assertThat(new SandboxGoneException("x")).isInstanceOf(NotFoundException.class);
    for (Class<?> c : new Class<?>[] {NotFoundException.class, AuthenticationException.class, TimeoutException.class,
        InvalidArgumentException.class, AlreadyExistsException.class, ChecksumMismatchException.class,
        ConnectionLostException.class}) {
      assertThat(SoulBoxException.class).isAssignableFrom(c);
    }
  }

  @Test
  void relayAnswerAboutTheSandbox_isSandboxGone() {
    for (Code code : new Code[] {Code.NOT_FOUND, Code.UNAVAILABLE}) {
      Status s = Status.fromCode(code).withDescription("sandbox " + ID + " not found");
      assertThat(StatusMapping.toException(s.asRuntimeException(), "list", ID))
          .isInstanceOf(SandboxGoneException.class);
      assertThat(StatusMapping.toException(s.asRuntimeException(), "list", null))
          .isNotInstanceOf(SandboxGoneException.class);
      assertThat(StatusMapping.isTransient(s, ID)).isFalse();
    }
  }

  @Test
  void transportFailure_namesTheCause() {
    Status s = Status.UNAVAILABLE.withDescription("io exception").withCause(new ConnectException("Connection refused"));

    assertThat(StatusMapping.toException(s.asRuntimeException(), "stat /", ID))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessage("stat /: io exception: Connection refused");
    assertThat(StatusMapping.isTransient(s, ID)).isTrue();
  }

  @Test
  void transientCodes() {
    assertThat(StatusMapping.isTransient(Status.CANCELLED, ID)).isTrue();
    assertThat(StatusMapping.isTransient(Status.RESOURCE_EXHAUSTED, ID)).isTrue();
    assertThat(StatusMapping.isTransient(Status.NOT_FOUND, ID)).isFalse();
    assertThat(StatusMapping.isTransient(Status.DEADLINE_EXCEEDED, ID)).isFalse();
  }

  @Test
  void noDescription_usesTheCodeName() {
    assertThat(StatusMapping.toException(Status.PERMISSION_DENIED.asRuntimeException(), "read /root", null))
        .hasMessage("read /root: permission denied");
  }
}
