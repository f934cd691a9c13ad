package dev.soulbox.orchestrator.webshell;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns one output stream's chunks into text: a UTF-8 character split across two chunks waits for its second half,
 * and bytes that are not UTF-8 become U+FFFD. Not thread-safe; a stream's chunks arrive in order on one thread.
 */
final class TextDecoder {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] carry = new byte[0];

  String decode(byte[] chunk) {
    ByteBuffer in = ByteBuffer.allocate(carry.length + chunk.length).put(carry).put(chunk).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    carry = new byte[in.remaining()];
    in.get(carry);
    return out.flip().toString();
  }
}
