package dev.soulbox.agent.http;

/**
 * One {@code Range: bytes=first-[last]} of a download, as Go's {@code http.ServeContent} (envd's
 * download) honours it. Anything else (several ranges, suffix ranges, other units, bad syntax) is
 * ignored and the whole file is sent, which RFC 9110 allows.
 */
record ByteRange(long first, long last) {
  static final long TO_END = Long.MAX_VALUE;

  /** The range a header asks for, or null when the whole file is to be sent. */
  static ByteRange parse(String header) {
    if (header == null || !header.startsWith("bytes=")) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (spec.indexOf(',') >= 0 || dash <= 0) {
      return null;
    }
    try {
      long first = Long.parseLong(spec.substring(0, dash).trim());
      String end = spec.substring(dash + 1).trim();
      long last = end.isEmpty() ? TO_END : Long.parseLong(end);
      return first < 0 || last < first ? null : new ByteRange(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The number of bytes to ask the {@code Download} call for; 0 means to the end of the file. */
  long length() {
    return last == TO_END ? 0 : last - first + 1;
  }
}
