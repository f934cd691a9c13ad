package dev.soulbox.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.agent.os.NativeSha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void matchesTheJdk_forArraysSlicesAndReadOnlyBuffers() throws Exception {
    byte[] data = new byte[1_000_003];
    new Random(7).nextBytes(data);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    Sha256 sha = Sha256.create();
    sha.update(data, 0, 1000);
    sha.update(data, 1000, 500_000);
    sha.update(ByteBuffer.wrap(data, 501_000, data.length - 501_000).asReadOnlyBuffer());

    assertThat(sha.hex()).isEqualTo(expected);
  }

  @Test
  void ofNothing_isTheKnownEmptyDigest() {
    assertThat(Sha256.create().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void libcryptoIsUsedWhereItExists() {
    // Debian ships libcrypto with curl and OpenSSH; the images and this machine have it
    assertThat(NativeSha256.create()).isPresent();
    Sha256 sha = Sha256.create();
    sha.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
    assertThat(sha.hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
