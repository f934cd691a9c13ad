package dev.soulbox.agent.http;

import dev.soulbox.proto.filesystem.EntryInfo;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** envd's file metadata: {@code X-Metadata-<key>} upload headers, kept as {@code user.e2b.<key>} xattrs. */
final class FileMetadata {
  private static final String HEADER_PREFIX = "x-metadata-";
  static final String XATTR_PREFIX = "e2b.";

  private FileMetadata() {}

  static Map<String, String> fromHeaders(HttpHeaders headers) {
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(HEADER_PREFIX)) {
        String key = name.substring(HEADER_PREFIX.length());
        if (key.isEmpty() || key.length() > 200) {
          throw new IllegalArgumentException("metadata header " + h.getKey() + " needs a key of 1 to 200 characters");
        }
        metadata.put(key, h.getValue());
      }
    }
    return metadata;
  }

  /** Writes the metadata onto {@code file} and returns its entry with the metadata in it. */
  static EntryInfo store(Path file, Map<String, String> metadata, EntryInfo entry) throws IOException {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new IOException("the file system of " + file + " keeps no extended attributes");
    }
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      view.write(XATTR_PREFIX + m.getKey(), ByteBuffer.wrap(m.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    return entry.toBuilder().putAllMetadata(metadata).build();
  }
}
