package dev.soulbox.agent.fs;

import dev.soulbox.grpc.AlreadyExistsException;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.PermissionDeniedException;
import dev.soulbox.grpc.ResourceExhaustedException;
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
 * Turns a failed file operation into the exception its status code stands for, with a message
 * that names the action and the path. The JDK reports most errnos only as a reason string, so
 * those are matched on their strerror text.
 */
final class FileErrors {
  private FileErrors() {}

  /** {@code action} reads like "remove /a/b"; {@code path} is used when the exception names none. */
  static RuntimeException of(String action, Path path, IOException e) {
    String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(path);
    String prefix = "cannot " + action + ": ";
    if (e instanceof NoSuchFileException) {
      return new NotFoundException(prefix + file + " does not exist", e);
    }
    if (e instanceof AccessDeniedException) {
      return new PermissionDeniedException(prefix + "permission denied on " + file, e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new AlreadyExistsException(prefix + file + " already exists", e);
    }
    if (e instanceof DirectoryNotEmptyException) {
      return new FailedPreconditionException(prefix + "directory " + file + " is not empty", e);
    }
    if (e instanceof NotDirectoryException) {
      return new InvalidArgumentException(prefix + file + " is not a directory", e);
    }
    String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "";
    if (reason.startsWith("Too many levels of symbolic links")) {
      reason = "Too many levels of symbolic links";
    }
    return switch (reason) {
      case "Operation not permitted" -> new PermissionDeniedException(
          prefix + "operation not permitted on " + file + " (immutable, append-only or owned by another user?)", e);
      case "Read-only file system" -> new PermissionDeniedException(prefix + file + " is on a read-only file system", e);
      case "No space left on device", "Disk quota exceeded" -> new ResourceExhaustedException(
          prefix + reason.toLowerCase() + " at " + file + "; free some space and retry", e);
      case "Not a directory" -> new InvalidArgumentException(prefix + "a parent of " + file + " is not a directory", e);
      case "Is a directory" -> new InvalidArgumentException(prefix + file + " is a directory", e);
      case "Invalid argument" -> new InvalidArgumentException(prefix + "invalid for " + file
          + " (moving a directory into itself?)", e);
      case "Directory not empty" -> new FailedPreconditionException(prefix + "directory " + file + " is not empty", e);
      case "Device or resource busy" -> new FailedPreconditionException(prefix + file + " is busy (a mount point?)", e);
      case "Too many levels of symbolic links" -> new InvalidArgumentException(prefix + "symbolic link loop at " + file, e);
      case "File name too long" -> new InvalidArgumentException(prefix + "name too long: " + file, e);
      default -> new UncheckedIOException(prefix + e, e);
    };
  }
}
