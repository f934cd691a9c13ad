package dev.soulbox.agent.transfer;

import com.google.protobuf.ByteString;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.fs.EntryInfos;
import dev.soulbox.agent.fs.Ownership;
import dev.soulbox.grpc.AlreadyExistsException;
import dev.soulbox.grpc.DataLossException;
import dev.soulbox.grpc.FileErrors;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.grpc.StatusMapping;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Upload call: a header, then chunks written to a {@link StagedFile} as they arrive, then a
 * rename over the target. Each chunk is written before the next is asked for, so gRPC's flow
 * control holds the client back to the disk's pace. Any failure, or the client leaving, deletes
 * the staged bytes.
 */
final class UploadCall implements StreamObserver<UploadRequest>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UploadCall.class);

  private final UserAccount caller;
  private final UserAccounts accounts;
  private final Ownership ownership;
  private final StreamObserver<UploadResponse> out;
  private UploadSpec spec;
  private StagedFile staged;
  private boolean over;

  /** {@code caller} is captured on the handler thread: later callbacks run outside the call's context. */
  UploadCall(UserAccount caller, UserAccounts accounts, Ownership ownership, StreamObserver<UploadResponse> out) {
    this.caller = caller;
    this.accounts = accounts;
    this.ownership = ownership;
    this.out = out;
  }

  @Override
  public void onNext(UploadRequest request) {
    if (over) {
      return;
    }
    try {
      switch (request.getPartCase()) {
        case HEADER -> begin(request.getHeader());
        case CHUNK -> write(request.getChunk());
        default -> throw new InvalidArgumentException("upload message is empty; send the header, then chunks");
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onError(Throwable t) {
    over = true;
    close();
    if (spec != null) {
      log.info("upload to {} abandoned after {} bytes: {}", spec.target(), staged == null ? 0 : staged.size(),
          StatusMapping.toStatus(t).getCode());
    }
  }

  @Override
  public void onCompleted() {
    if (over) {
      return;
    }
    try {
      UploadResponse response = commit();
      over = true;
      out.onNext(response);
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Deletes the staged bytes unless they were committed. Idempotent. */
  @Override
  public void close() {
    if (staged != null) {
      staged.close();
    }
  }

  private void begin(UploadHeader header) {
    if (spec != null) {
      throw new InvalidArgumentException("header sent twice; send it once, as the first message");
    }
    spec = UploadSpec.of(header, caller, accounts);
    ownership.checkCanGive(spec.owner());
    checkTarget();
    Path dir = spec.target().getParent();
    Path existing = nearestExisting(dir);
    if (!Files.isDirectory(existing)) {
      throw new InvalidArgumentException("cannot upload to " + spec.target() + ": " + existing + " is not a directory");
    }
    if (spec.size().isPresent()) {
      checkSpace(existing, spec.size().getAsLong());
    }
    ownership.createDirectories(dir, caller);
    try {
      staged = StagedFile.beside(spec.target());
    } catch (IOException e) {
      throw FileErrors.of("create a file in " + dir, dir, e);
    }
  }

  private void write(ByteString chunk) {
    if (spec == null) {
      throw new InvalidArgumentException("the first message must be the header, naming the path");
    }
    long written = staged.size() + chunk.size();
    if (spec.size().isPresent() && written > spec.size().getAsLong()) {
      throw new InvalidArgumentException("upload to " + spec.target() + " sent more than the "
          + spec.size().getAsLong() + " bytes header.size announced");
    }
    try {
      staged.write(chunk);
    } catch (IOException e) {
      throw writeFailure(e, written);
    }
  }

  private UploadResponse commit() {
    if (spec == null) {
      throw new InvalidArgumentException("upload ended without a header; send the header, naming the path, first");
    }
    Path target = spec.target();
    try {
      String sha256 = staged.finish();
      if (spec.size().isPresent() && staged.size() != spec.size().getAsLong()) {
        throw new InvalidArgumentException("upload to " + target + " sent " + staged.size()
            + " bytes, but header.size announced " + spec.size().getAsLong() + "; nothing was written");
      }
      if (spec.sha256().isPresent() && !spec.sha256().get().equals(sha256)) {
        throw new DataLossException("upload to " + target + " has SHA-256 " + sha256 + ", but header.sha256 is "
            + spec.sha256().get() + "; nothing was written");
      }
      ownership.give(staged.path(), spec.owner());
      // after the chown, which clears set-id bits
      Files.setAttribute(staged.path(), "unix:mode", spec.mode());
      checkTarget();
      staged.commit(target, spec.noOverwrite());
      log.info("uploaded {} ({} bytes, owner {}, mode 0{})", target, staged.size(), spec.owner().name(),
          Integer.toOctalString(spec.mode()));
      return UploadResponse.newBuilder().setEntry(EntryInfos.of(target)).setSha256(sha256).build();
    } catch (IOException e) {
      throw writeFailure(e, staged.size());
    }
  }

  private void checkTarget() {
    Path target = spec.target();
    if (Files.isDirectory(target)) {
      throw new InvalidArgumentException("path " + target + " is a directory; give the path of a file");
    }
    if (spec.noOverwrite() && Files.exists(target)) {
      throw new AlreadyExistsException("path " + target + " already exists; unset no_overwrite to replace it");
    }
  }

  private static Path nearestExisting(Path dir) {
    Path existing = dir;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  private void checkSpace(Path dir, long needed) {
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw FileErrors.of("read the free space of " + dir, dir, e);
    }
    if (needed > free) {
      throw new ResourceExhaustedException("not enough space for " + spec.target() + ": " + needed
          + " bytes announced, " + free + " bytes free");
    }
  }

  private RuntimeException writeFailure(IOException e, long bytes) {
    Path target = spec.target();
    if (FileErrors.isFull(e)) {
      String expected = spec.size().isPresent() ? " of " + spec.size().getAsLong() : "";
      return new ResourceExhaustedException("no space left on device for " + target + " after " + bytes + expected
          + " bytes; nothing was written", e);
    }
    return FileErrors.of("write " + target, target, e);
  }

  private void fail(RuntimeException e) {
    over = true;
    close();
    out.onError(StatusMapping.toException(e));
  }
}
