package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

/**
 * A change in a watched directory.
 *
 * @param name the changed entry's path relative to the watched directory ({@code "sub/a.txt"})
 * @param type what happened; a rename shows as REMOVE of the old name and CREATE of the new
 */
public record FilesystemEvent(String name, Type type) {
  /** Kinds of changes. */
  public enum Type { CREATE, WRITE, REMOVE, RENAME, CHMOD }

  public FilesystemEvent {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
  }
}
