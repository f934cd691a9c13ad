package dev.soulbox.sdk.internal;

import com.google.protobuf.Timestamp;
import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.FilesystemEvent;
import java.time.Instant;

/** Filesystem entries and events from the wire. */
final class Entries {
  private Entries() {
  }

  static EntryInfo of(dev.soulbox.proto.filesystem.EntryInfo e) {
    EntryInfo.Type type = switch (e.getType()) {
      case FILE_TYPE_FILE -> EntryInfo.Type.FILE;
      case FILE_TYPE_DIRECTORY -> EntryInfo.Type.DIRECTORY;
      case FILE_TYPE_SYMLINK -> EntryInfo.Type.SYMLINK;
      default -> EntryInfo.Type.UNKNOWN;
    };
    return new EntryInfo(e.getName(), e.getPath(), type, e.getSize(), e.getMode(), e.getPermissions(),
        e.getOwner(), e.getGroup(), instant(e.getModifiedTime()), e.hasSymlinkTarget() ? e.getSymlinkTarget() : null);
  }

  /** The event, or null for a kind this SDK does not know. */
  static FilesystemEvent event(dev.soulbox.proto.filesystem.FilesystemEvent e) {
    FilesystemEvent.Type type = type(e.getType());
    return type == null ? null : new FilesystemEvent(e.getName(), type);
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static FilesystemEvent.Type type(EventType t) {
    return switch (t) {
      case EVENT_TYPE_CREATE -> FilesystemEvent.Type.CREATE;
      case EVENT_TYPE_WRITE -> FilesystemEvent.Type.WRITE;
      case EVENT_TYPE_REMOVE -> FilesystemEvent.Type.REMOVE;
      case EVENT_TYPE_RENAME -> FilesystemEvent.Type.RENAME;
      case EVENT_TYPE_CHMOD -> FilesystemEvent.Type.CHMOD;
      default -> null;
    };
  }
}
