package dev.soulbox.agent.transfer;

import dev.soulbox.agent.auth.Caller;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.fs.Ownership;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** {@code soulbox.agent.v1.Files}: whole files in and out of the sandbox, as streams of chunks. */
public final class FilesService extends FilesGrpc.FilesImplBase {
  private final UserAccounts accounts;
  private final Ownership ownership;

  /** {@code agentUid} decides whether new files can be given to other users (only as root). */
  public FilesService(UserAccounts accounts, int agentUid) {
    this.accounts = accounts;
    this.ownership = new Ownership(agentUid);
  }

  @Override
  public StreamObserver<UploadRequest> upload(StreamObserver<UploadResponse> out) {
    return new UploadCall(Caller.current(), accounts, ownership, out);
  }

  @Override
  public void download(DownloadRequest request, StreamObserver<DownloadResponse> out) {
    DownloadCall.open(request, Caller.current()).sendTo((ServerCallStreamObserver<DownloadResponse>) out);
  }
}
