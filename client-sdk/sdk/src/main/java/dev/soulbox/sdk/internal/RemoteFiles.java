package dev.soulbox.sdk.internal;

import static java.util.Objects.requireNonNull;

import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.filesystem.ListDirRequest;
import dev.soulbox.proto.filesystem.MakeDirRequest;
import dev.soulbox.proto.filesystem.MoveRequest;
import dev.soulbox.proto.filesystem.RemoveRequest;
import dev.soulbox.proto.filesystem.StatRequest;
import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.sdk.AlreadyExistsException;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.Files;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.SandboxGoneException;
import dev.soulbox.sdk.TransferProgress;
import dev.soulbox.sdk.WatchHandle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/** {@link Files} over the sandbox's filesystem service (metadata) and Files service (contents). */
final class RemoteFiles implements Files {
  private final SandboxChannel sandbox;

  RemoteFiles(SandboxChannel sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public String read(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] readBytes(String path) {
    try (DownloadStream in = DownloadStream.open(sandbox, checked(path))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // DownloadStream reports failures unchecked
    }
  }

  @Override
  public InputStream readStream(String path) {
    return DownloadStream.open(sandbox, checked(path));
  }

  @Override
  public EntryInfo write(String path, String text) {
    return write(path, requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public EntryInfo write(String path, byte[] data) {
    UploadHeader header = UploadHeader.newBuilder().setPath(checked(path))
        .setSize(data.length).setSha256(Sha256.of(data)).build();
    return Entries.of(UploadCall.send(sandbox, header, new ByteArrayInputStream(data)).getEntry());
  }

  @Override
  public EntryInfo write(String path, InputStream data) {
    UploadHeader header = UploadHeader.newBuilder().setPath(checked(path)).build();
    return Entries.of(UploadCall.send(sandbox, header, requireNonNull(data, "data")).getEntry());
  }

  @Override
  public EntryInfo upload(Path localFile, String remotePath, TransferProgress progress) {
    requireNonNull(progress, "progress");
    try {
      long size = java.nio.file.Files.size(localFile);
      UploadHeader header = UploadHeader.newBuilder().setPath(checked(remotePath))
          .setSize(size).setSha256(Sha256.of(localFile)).build();
      try (InputStream in = new CountingInputStream(java.nio.file.Files.newInputStream(localFile), size, progress)) {
        return Entries.of(UploadCall.send(sandbox, header, in).getEntry());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + localFile, e);
    }
  }

  @Override
  public EntryInfo download(String remotePath, Path localFile, TransferProgress progress) {
    requireNonNull(progress, "progress");
    Path target = localFile.toAbsolutePath();
    Path partial = null;
    try {
      java.nio.file.Files.createDirectories(target.getParent());
      partial = java.nio.file.Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      EntryInfo entry;
      try (DownloadStream in = DownloadStream.open(sandbox, checked(remotePath));
           OutputStream out = java.nio.file.Files.newOutputStream(partial)) {
        entry = in.entry();
        new CountingInputStream(in, entry.size(), progress).transferTo(out);
      }
      java.nio.file.Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public List<EntryInfo> list(String path, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    return sandbox.call("list " + path, () -> sandbox.filesystem()
            .listDir(ListDirRequest.newBuilder().setPath(checked(path)).setDepth(depth).build()))
        .getEntriesList().stream().map(Entries::of).toList();
  }

  @Override
  public EntryInfo stat(String path) {
    return Entries.of(sandbox.call("stat " + path, () -> sandbox.filesystem()
        .stat(StatRequest.newBuilder().setPath(checked(path)).build())).getEntry());
  }

  @Override
  public boolean exists(String path) {
    try {
      stat(path);
      return true;
    } catch (SandboxGoneException e) {
      throw e;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean makeDir(String path) {
    try {
      sandbox.call("make directory " + path, () -> sandbox.filesystem()
          .makeDir(MakeDirRequest.newBuilder().setPath(checked(path)).build()));
      return true;
    } catch (AlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public EntryInfo rename(String from, String to) {
    return Entries.of(sandbox.call("rename " + from + " to " + to, () -> sandbox.filesystem()
        .move(MoveRequest.newBuilder().setSource(checked(from)).setDestination(checked(to)).build())).getEntry());
  }

  @Override
  public void remove(String path) {
    sandbox.call("remove " + path, () -> sandbox.filesystem()
        .remove(RemoveRequest.newBuilder().setPath(checked(path)).build()));
  }

  @Override
  public WatchHandle watchDir(String path, boolean recursive, Consumer<FilesystemEvent> onEvent) {
    WatchDirRequest request = WatchDirRequest.newBuilder().setPath(checked(path)).setRecursive(recursive).build();
    return RemoteWatch.open(sandbox, request, requireNonNull(onEvent, "onEvent"));
  }

  private static String checked(String path) {
    requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path must not be empty");
    }
    return path;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover .part file is harmless
      }
    }
  }
}
