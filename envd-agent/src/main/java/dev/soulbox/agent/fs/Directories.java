package dev.soulbox.agent.fs;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.grpc.AlreadyExistsException;
import dev.soulbox.grpc.FileErrors;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FileType;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Creating directories on a caller's behalf, and listing them to a depth. */
final class Directories {
  /** Stops a deep listing of a big tree before it exhausts the agent's memory or the client's message limit. */
  static final int MAX_LISTED = 100_000;

  private final Ownership ownership;

  Directories(Ownership ownership) {
    this.ownership = ownership;
  }

  /** Creates {@code dir} and any missing parents, each owned by {@code user}. */
  EntryInfo create(Path dir, UserAccount user) {
    Path parent = dir.getParent();
    if (parent == null) {
      throw new AlreadyExistsException("directory / already exists");
    }
    String action = "create directory " + dir;
    ownership.createDirectories(parent, user, action);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(dir)) {
        throw new AlreadyExistsException("directory " + dir + " already exists");
      }
      String what = Files.isSymbolicLink(dir) ? "a symbolic link" : "a file";
      throw new AlreadyExistsException("cannot " + action + ": " + dir + " already exists and is " + what
          + ", not a directory", e);
    } catch (IOException e) {
      throw FileErrors.of(action, dir, e);
    }
    ownership.give(dir, user);
    return EntryInfos.of(dir);
  }

  /**
   * The entries under {@code dir} down to {@code depth} levels (1: its children), in lexical
   * order, each directory before its contents. A symlink at {@code dir} is followed, symlinks
   * inside are reported, not followed. Paths are shown under {@code dir} as given.
   */
  static List<EntryInfo> list(Path dir, long depth) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NotFoundException("path " + dir + " does not exist");
    } catch (IOException e) {
      throw FileErrors.of("list " + dir, dir, e);
    }
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException("path " + dir + " is not a directory; use Stat for a single entry");
    }
    List<EntryInfo> entries = new ArrayList<>();
    walk(dir, real, dir, depth, entries);
    return entries;
  }

  private static void walk(Path requested, Path realDir, Path shownDir, long depthLeft, List<EntryInfo> entries) {
    List<Path> children;
    try (Stream<Path> s = Files.list(realDir)) {
      children = s.sorted().toList();
    } catch (NoSuchFileException e) {
      return;   // removed while we walked
    } catch (IOException e) {
      throw FileErrors.of("list " + shownDir, shownDir, e);
    }
    for (Path child : children) {
      EntryInfo entry;
      try {
        entry = EntryInfos.of(child);
      } catch (NotFoundException e) {
        continue;
      }
      if (entries.size() >= MAX_LISTED) {
        throw new ResourceExhaustedException("listing " + requested + " yields more than " + MAX_LISTED
            + " entries; list a subdirectory or use a smaller depth");
      }
      Path shown = shownDir.resolve(child.getFileName());
      entries.add(entry.toBuilder().setPath(shown.toString()).build());
      if (depthLeft > 1 && entry.getType() == FileType.FILE_TYPE_DIRECTORY) {
        walk(requested, child, shown, depthLeft - 1, entries);
      }
    }
  }
}
