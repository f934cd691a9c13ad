package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A file, directory or symlink in a sandbox. A symlink is described as itself, not followed.
 *
 * @param name the last element of the path
 * @param path the absolute path
 * @param type what it is
 * @param size size in bytes
 * @param mode permission bits, for example {@code 0644}
 * @param permissions the permissions as {@code ls -l} shows them, for example {@code -rw-r--r--}
 * @param owner owning user's name
 * @param group owning group's name
 * @param modifiedTime last modification
 * @param symlinkTarget where a symlink points, or null
 */
public record EntryInfo(String name, String path, Type type, long size, int mode, String permissions,
                        String owner, String group, Instant modifiedTime, String symlinkTarget) {
  /** Kinds of entries. */
  public enum Type { FILE, DIRECTORY, SYMLINK, UNKNOWN }

  public EntryInfo {
    requireNonNull(name, "name");
    requireNonNull(path, "path");
    requireNonNull(type, "type");
    requireNonNull(permissions, "permissions");
    requireNonNull(owner, "owner");
    requireNonNull(group, "group");
    requireNonNull(modifiedTime, "modifiedTime");
  }

  public boolean isFile() {
    return type == Type.FILE;
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY;
  }
}
