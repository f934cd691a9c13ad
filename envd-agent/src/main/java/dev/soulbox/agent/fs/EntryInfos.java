package dev.soulbox.agent.fs;

import com.google.protobuf.Timestamp;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FileType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;

/** Describes a path the way envd does: the entry itself (a symlink is not followed), with Go-style permissions. */
public final class EntryInfos {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_ISUID = 04000;
  private static final int S_ISGID = 02000;
  private static final int S_ISVTX = 01000;
  /** envd keeps a file's metadata as {@code user.e2b.<key>} xattrs; Java names them without {@code user.}. */
  private static final String METADATA_XATTR_PREFIX = "e2b.";

  private EntryInfos() {}

  /** The entry at {@code path}; {@code NOT_FOUND} when there is none. */
  public static EntryInfo of(Path path) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,size,lastModifiedTime,owner,group", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      FileTime modified = (FileTime) a.get("lastModifiedTime");
      EntryInfo.Builder entry = EntryInfo.newBuilder()
          .setName(path.getFileName() == null ? "/" : path.getFileName().toString())
          .setType(typeOf(mode))
          .setPath(path.toString())
          .setSize((Long) a.get("size"))
          .setMode(mode & 0777)
          .setPermissions(permissions(mode))
          .setOwner(a.get("owner").toString())
          .setGroup(a.get("group").toString())
          .setModifiedTime(Timestamp.newBuilder()
              .setSeconds(modified.toInstant().getEpochSecond())
              .setNanos(modified.toInstant().getNano()));
      if ((mode & S_IFMT) == S_IFLNK) {
        entry.setSymlinkTarget(Files.readSymbolicLink(path).toString());
      }
      int type = mode & S_IFMT;
      if (type == S_IFREG || type == S_IFDIR) {
        entry.putAllMetadata(metadata(path));
      }
      return entry.build();
    } catch (NoSuchFileException e) {
      throw new NotFoundException("path " + path + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path, e);
    }
  }

  /**
   * The {@code user.e2b.*} xattrs, prefix stripped, as envd returns them on every entry. Read only for
   * regular files and directories: reading xattrs opens the file, which would block on a named pipe.
   */
  private static Map<String, String> metadata(Path path) {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Map.of();
    }
    Map<String, String> metadata = new TreeMap<>();
    try {
      for (String name : view.list()) {
        if (name.startsWith(METADATA_XATTR_PREFIX)) {
          ByteBuffer value = ByteBuffer.allocate(view.size(name));
          view.read(name, value);
          metadata.put(name.substring(METADATA_XATTR_PREFIX.length()),
              new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      // a file system without xattrs, or one the agent may not read: the entry has no metadata
      return Map.of();
    }
    return metadata;
  }

  private static FileType typeOf(int mode) {
    return switch (mode & S_IFMT) {
      case S_IFDIR -> FileType.FILE_TYPE_DIRECTORY;
      case S_IFLNK -> FileType.FILE_TYPE_SYMLINK;
      case S_IFREG -> FileType.FILE_TYPE_FILE;
      default -> FileType.FILE_TYPE_UNSPECIFIED;
    };
  }

  /** Go's os.FileMode.String(): type and special-bit letters ("d", "L", "u", "g", "t", …), then rwxrwxrwx. */
  static String permissions(int mode) {
    StringBuilder s = new StringBuilder();
    switch (mode & S_IFMT) {
      case S_IFDIR -> s.append('d');
      case S_IFLNK -> s.append('L');
      case 0060000 -> s.append('D');   // block device
      case 0020000 -> s.append("Dc");  // character device
      case 0010000 -> s.append('p');   // named pipe
      case 0140000 -> s.append('S');   // socket
      default -> { }
    }
    if ((mode & S_ISUID) != 0) s.append('u');
    if ((mode & S_ISGID) != 0) s.append('g');
    if ((mode & S_ISVTX) != 0) s.append('t');
    if (s.length() == 0) s.append('-');
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return s.toString();
  }
}
