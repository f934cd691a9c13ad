package dev.soulbox.orchestrator.vnc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The bridge's side, as a server, of the RFB handshake with a viewer: it offers security type
 * none, because the viewer proved itself with the sandbox's VNC token; the bridge has answered the
 * real server's authentication already. Then {@code onDone} joins the two, and what the viewer
 * sent beyond the handshake (its ClientInit) goes on to the server.
 */
final class RfbServerSide extends ByteToMessageDecoder {
  private final Runnable onDone;
  private boolean versionRead;
  private int minor;

  RfbServerSide(Runnable onDone) {
    this.onDone = onDone;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.copiedBuffer("RFB 003.008\n", StandardCharsets.US_ASCII));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!versionRead) {
      if (in.readableBytes() < RfbClientSide.VERSION_BYTES) {
        return;
      }
      Matcher m = RfbClientSide.VERSION.matcher(
          in.readCharSequence(RfbClientSide.VERSION_BYTES, StandardCharsets.US_ASCII));
      if (!m.matches()) {
        ctx.close();
        return;
      }
      versionRead = true;
      int theirs = Integer.parseInt(m.group(2));
      minor = theirs >= 8 ? 8 : theirs == 7 ? 7 : 3;
      if (minor == 3) {
        ctx.writeAndFlush(Unpooled.buffer(4).writeInt(RfbClientSide.NONE)); // 3.3: the server decides
        done(ctx);
      } else {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, RfbClientSide.NONE}));
      }
      return;
    }
    if (!in.isReadable()) {
      return;
    }
    if (in.readUnsignedByte() != RfbClientSide.NONE) {
      ctx.close();
      return;
    }
    if (minor == 8) {
      ctx.writeAndFlush(Unpooled.buffer(4).writeInt(0)); // SecurityResult: OK
    }
    done(ctx);
  }

  private void done(ChannelHandlerContext ctx) {
    onDone.run();
    ctx.pipeline().remove(this);
  }
}
