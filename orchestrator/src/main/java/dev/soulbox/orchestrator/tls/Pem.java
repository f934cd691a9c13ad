package dev.soulbox.orchestrator.tls;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PEM text form (RFC 7468) of DER bytes: base64 lines between BEGIN and END lines naming the type. */
final class Pem {
  static final String CERTIFICATE = "CERTIFICATE";
  static final String PRIVATE_KEY = "PRIVATE KEY";

  private Pem() {}

  static byte[] encode(String type, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The bytes of the first block of {@code type} in {@code text}. */
  static byte[] decode(String type, String text) {
    Matcher block = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]*)-----END " + type + "-----")
        .matcher(text);
    if (!block.find()) {
      throw new IllegalArgumentException("no " + type + " block");
    }
    try {
      return Base64.getMimeDecoder().decode(block.group(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + type + " block is not base64: " + e.getMessage(), e);
    }
  }
}
