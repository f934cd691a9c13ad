package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/** Collects a small body whole (a Connect message, a JSON document), refusing one over the limit with 413. */
final class BufferedExchange implements Exchange {
  private final Reply reply;
  private final int limit;
  private final Consumer<byte[]> onBody;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private Runnable onAbort = () -> {};
  private boolean tooLarge;

  BufferedExchange(Reply reply, int limit, Consumer<byte[]> onBody) {
    this.reply = reply;
    this.limit = limit;
    this.onBody = onBody;
  }

  void onAbort(Runnable action) {
    this.onAbort = action;
  }

  @Override
  public void content(ByteBuf chunk) {
    if (tooLarge) {
      return;
    }
    if (body.size() + chunk.readableBytes() > limit) {
      tooLarge = true;
      reply.closeAfter();
      reply.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          Rest.error(413, "request body is larger than " + limit + " bytes"));
      return;
    }
    readInto(chunk, body);
  }

  @Override
  public void end() {
    if (!tooLarge) {
      onBody.accept(body.toByteArray());
    }
  }

  @Override
  public void abort() {
    onAbort.run();
  }

  private static void readInto(ByteBuf chunk, ByteArrayOutputStream out) {
    byte[] bytes = new byte[chunk.readableBytes()];
    chunk.readBytes(bytes);
    out.writeBytes(bytes);
  }
}
