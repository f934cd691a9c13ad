package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.function.Consumer;

/** Receives an upload's body into its spool, then hands the files on; a bad or cut body leaves nothing behind. */
final class UploadExchange implements Exchange {
  private final Reply reply;
  private final UploadBody body;
  private final Consumer<List<UploadBody.Part>> onParts;
  private boolean failed;
  private boolean handedOn;

  UploadExchange(Reply reply, UploadBody body, Consumer<List<UploadBody.Part>> onParts) {
    this.reply = reply;
    this.body = body;
    this.onParts = onParts;
  }

  @Override
  public void content(ByteBuf chunk) {
    if (failed) {
      return;
    }
    try {
      body.add(chunk);
    } catch (UploadBody.BadUpload e) {
      fail(e);
    }
  }

  @Override
  public void end() {
    if (failed) {
      return;
    }
    try {
      List<UploadBody.Part> parts = body.finish();
      handedOn = true;
      onParts.accept(parts);
    } catch (UploadBody.BadUpload e) {
      fail(e);
    }
  }

  private void fail(UploadBody.BadUpload e) {
    failed = true;
    body.discard();
    reply.closeAfter();
    reply.json(HttpResponseStatus.valueOf(e.status), Rest.error(e.status, e.getMessage()));
  }

  @Override
  public void abort() {
    if (!handedOn) {
      body.discard();
    }
  }
}
