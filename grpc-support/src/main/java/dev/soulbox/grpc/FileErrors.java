package dev.soulbox.grpc;

import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The one place a failed file operation becomes the failure its status code stands for, with a
 * message that names the action and the path. The JDK reports most errnos only as a reason
 * string, so those are matched on their strerror text.
 */
public final class FileErrors {
  private FileErrors() {}

  /** What an {@link IOException} means for a client: its status code and what happened to which file. */
  private record Meaning(Status.Code code, String what) {}

  /**
   * The failure for {@code e}, raised while doing {@code action} (reads like "remove /a/b"); {@code path}
   * is named when the exception names no file.
   */
  public static RuntimeException of(String action, Path path, IOException e) {
    String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(path);
    String prefix = "cannot " + action + ": ";
    Meaning meaning = meaning(e, file);
    if (meaning == null) {
      return new UncheckedIOException(prefix + e, e);
    }
    String message = prefix + meaning.what();
    return switch (meaning.code()) {
      case NOT_FOUND -> new NotFoundException(message, e);
      case PERMISSION_DENIED -> new PermissionDeniedException(message, e);
      case ALREADY_EXISTS -> new AlreadyExistsException(message, e);
      case FAILED_PRECONDITION -> new FailedPreconditionException(message, e);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(message, e);
      default -> new InvalidArgumentException(message, e);
    };
  }

  /** The status code of a file failure that reached the edge untranslated; null when it is not one. */
  static Status.Code codeOf(Throwable t) {
    Throwable failure = t instanceof UncheckedIOException u ? u.getCause() : t;
    if (!(failure instanceof IOException e)) {
      return null;
    }
    Meaning meaning = meaning(e, "");
    return meaning == null ? null : meaning.code();
  }

  /** Whether {@code e} says the disk, or the user's quota on it, is full. */
  public static boolean isFull(IOException e) {
    String reason = reason(e);
    return reason.contains("No space left on device") || reason.contains("Disk quota exceeded");
  }

  private static Meaning meaning(IOException e, String file) {
    if (e instanceof NoSuchFileException) {
      return new Meaning(Status.Code.NOT_FOUND, file + " does not exist");
    }
    if (e instanceof AccessDeniedException) {
      return new Meaning(Status.Code.PERMISSION_DENIED, "permission denied on " + file);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new Meaning(Status.Code.ALREADY_EXISTS, file + " already exists");
    }
    if (e instanceof DirectoryNotEmptyException) {
      return new Meaning(Status.Code.FAILED_PRECONDITION, "directory " + file + " is not empty");
    }
    if (e instanceof NotDirectoryException) {
      return new Meaning(Status.Code.INVALID_ARGUMENT, file + " is not a directory");
    }
    if (isFull(e)) {
      String reason = reason(e).contains("quota") ? "disk quota exceeded" : "no space left on device";
      return new Meaning(Status.Code.RESOURCE_EXHAUSTED, reason + " at " + file + "; free some space and retry");
    }
    String reason = reason(e);
    if (reason.startsWith("Too many levels of symbolic links")) {
      reason = "Too many levels of symbolic links";
    }
    return switch (reason) {
      case "Operation not permitted" -> new Meaning(Status.Code.PERMISSION_DENIED,
          "operation not permitted on " + file + " (immutable, append-only or owned by another user?)");
      case "Read-only file system" -> new Meaning(Status.Code.PERMISSION_DENIED,
          file + " is on a read-only file system");
      case "Not a directory" -> new Meaning(Status.Code.INVALID_ARGUMENT, "a parent of " + file + " is not a directory");
      case "Is a directory" -> new Meaning(Status.Code.INVALID_ARGUMENT, file + " is a directory");
      case "Invalid argument" -> new Meaning(Status.Code.INVALID_ARGUMENT,
          "invalid for " + file + " (moving a directory into itself?)");
      case "Directory not empty" -> new Meaning(Status.Code.FAILED_PRECONDITION, "directory " + file + " is not empty");
      case "Device or resource busy" -> new Meaning(Status.Code.FAILED_PRECONDITION,
          file + " is busy (a mount point?)");
      case "Too many levels of symbolic links" -> new Meaning(Status.Code.INVALID_ARGUMENT,
          "symbolic link loop at " + file);
      case "File name too long" -> new Meaning(Status.Code.INVALID_ARGUMENT, "name too long: " + file);
      default -> null;
    };
  }

  /** The errno text of {@code e}: its reason when it has one, else its message (an IOException from a write). */
  private static String reason(IOException e) {
    String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    return reason == null ? "" : reason;
  }
}
