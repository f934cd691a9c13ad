package dev.soulbox.agent.fs;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.FileErrors;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.proto.filesystem.EntryInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Stat, move and remove of single entries, with envd's semantics. */
final class Entries {
  private final Ownership ownership;

  Entries(Ownership ownership) {
    this.ownership = ownership;
  }

  static EntryInfo stat(Path path) {
    try {
      return EntryInfos.of(path);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
        // a path below a file does not exist; clients use NOT_FOUND from Stat to test for existence
        throw new NotFoundException("path " + path + " does not exist (a parent is not a directory)");
      }
      throw FileErrors.of("stat " + path, path, e.getCause());
    }
  }

  /** Renames {@code source} to {@code destination}, replacing a file there, creating its parents for {@code user}. */
  EntryInfo move(Path source, Path destination, UserAccount user) {
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFoundException("source " + source + " does not exist");
    }
    if (source.getParent() == null || destination.getParent() == null) {
      throw new InvalidArgumentException("cannot move " + source + " to " + destination + ": / cannot be moved or replaced");
    }
    String action = "move " + source + " to " + destination;
    ownership.createDirectories(destination.getParent(), user, action);
    try {
      rename(source, destination, action);
    } catch (IOException e) {
      String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "";
      throw switch (reason) {
        case "Directory not empty" -> new FailedPreconditionException(
            "cannot " + action + ": " + destination + " is a directory that is not empty", e);
        case "Is a directory" -> new InvalidArgumentException("cannot " + action + ": " + destination
            + " is a directory; give the destination's full path, including the new name", e);
        case "Not a directory" -> new InvalidArgumentException(
            "cannot " + action + ": " + destination + " exists and is not a directory", e);
        default -> FileErrors.of(action, source, e);
      };
    }
    return EntryInfos.of(destination);
  }

  private static void rename(Path source, Path destination, String action) throws IOException {
    try {
      Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // different filesystems: envd fails here; files and empty directories can still be copied over
      try {
        Files.move(source, destination, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
      } catch (DirectoryNotEmptyException notEmpty) {
        throw new FailedPreconditionException("cannot " + action + ": they are on different filesystems, where only"
            + " files and empty directories can be moved; copy the directory and remove the source instead", notEmpty);
      }
    }
  }

  /** Removes a file, a symlink (not its target) or a directory with everything in it. */
  static void remove(Path path) {
    if (path.getParent() == null) {
      throw new InvalidArgumentException("refusing to remove /; name a path inside it");
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFoundException("path " + path + " does not exist");
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw FileErrors.of("remove " + path, path, e);
    }
  }
}
