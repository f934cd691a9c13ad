package dev.soulbox.orchestrator.vnc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge's side, as a client, of the RFB handshake with a sandbox's VNC server (RFC 6143, 7.1
 * and 7.2): versions, the security type (VNC authentication with the sandbox's password, or none
 * when that is all the server offers), the result. Completes once the server waits for ClientInit,
 * which the viewer will send; fails with {@link RfbException}.
 */
final class RfbClientSide extends ByteToMessageDecoder {
  static final Pattern VERSION = Pattern.compile("RFB (\\d{3})\\.(\\d{3})\n");
  static final int VERSION_BYTES = 12;
  static final int NONE = 1;
  static final int VNC_AUTH = 2;

  private enum Step { VERSION, SECURITY_TYPES, SECURITY_TYPE_33, CHALLENGE, RESULT, REASON }

  private final String password;
  private final Promise<Channel> ready;
  private Step step = Step.VERSION;
  private int minor;
  private boolean spoke;
  private String failure;

  RfbClientSide(String password, Promise<Channel> ready) {
    this.password = password;
    this.ready = ready;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (step) {
      case VERSION -> version(ctx, in);
      case SECURITY_TYPES -> securityTypes(ctx, in);
      case SECURITY_TYPE_33 -> securityType33(ctx, in);
      case CHALLENGE -> challenge(ctx, in);
      case RESULT -> result(ctx, in);
      case REASON -> reason(ctx, in);
    }
  }

  private void version(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < VERSION_BYTES) {
      return;
    }
    spoke = true;
    String banner = in.readCharSequence(VERSION_BYTES, StandardCharsets.US_ASCII).toString();
    Matcher m = VERSION.matcher(banner);
    if (!m.matches() || Integer.parseInt(m.group(1)) != 3) {
      fail(ctx, "it does not speak RFB 3 (it said " + banner.strip() + ")");
      return;
    }
    int theirs = Integer.parseInt(m.group(2));
    minor = theirs >= 8 ? 8 : theirs == 7 ? 7 : 3;
    send(ctx, ("RFB 003.00" + minor + "\n").getBytes(StandardCharsets.US_ASCII));
    step = minor == 3 ? Step.SECURITY_TYPE_33 : Step.SECURITY_TYPES;
  }

  private void securityTypes(ChannelHandlerContext ctx, ByteBuf in) {
    if (!in.isReadable()) {
      return;
    }
    int count = in.getUnsignedByte(in.readerIndex());
    if (count == 0) {
      in.skipBytes(1);
      failure = "it refused the connection";
      step = Step.REASON;
      return;
    }
    if (in.readableBytes() < 1 + count) {
      return;
    }
    in.skipBytes(1);
    boolean none = false;
    boolean vncAuth = false;
    for (int i = 0; i < count; i++) {
      int type = in.readUnsignedByte();
      none |= type == NONE;
      vncAuth |= type == VNC_AUTH;
    }
    if (vncAuth && password != null) {
      send(ctx, new byte[] {VNC_AUTH});
      step = Step.CHALLENGE;
    } else if (none) {
      send(ctx, new byte[] {NONE});
      afterNone(ctx);
    } else {
      fail(ctx, "it offers no security type the bridge can answer (only VNC authentication and none)");
    }
  }

  private void securityType33(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 4) {
      return;
    }
    int type = in.readInt();
    if (type == 0) {
      failure = "it refused the connection";
      step = Step.REASON;
    } else if (type == VNC_AUTH && password != null) {
      step = Step.CHALLENGE;
    } else if (type == NONE) {
      afterNone(ctx);
    } else {
      fail(ctx, "it asks for security type " + type + ", which the bridge cannot answer");
    }
  }

  private void afterNone(ChannelHandlerContext ctx) {
    if (minor == 8) {
      step = Step.RESULT; // only 3.8 sends a result after none
    } else {
      done(ctx);
    }
  }

  private void challenge(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < VncAuthentication.CHALLENGE_BYTES) {
      return;
    }
    byte[] challenge = new byte[VncAuthentication.CHALLENGE_BYTES];
    in.readBytes(challenge);
    send(ctx, VncAuthentication.response(password, challenge));
    step = Step.RESULT;
  }

  private void result(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 4) {
      return;
    }
    if (in.readInt() == 0) {
      done(ctx);
    } else if (minor == 8) {
      failure = "it did not accept the sandbox's VNC password";
      step = Step.REASON;
    } else {
      fail(ctx, "it did not accept the sandbox's VNC password");
    }
  }

  private void reason(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 0 || length > 4096) {
      fail(ctx, failure);
      return;
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    in.skipBytes(4);
    fail(ctx, failure + ": " + in.readCharSequence(length, StandardCharsets.UTF_8));
  }

  private static void send(ChannelHandlerContext ctx, byte[] bytes) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
  }

  private void done(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(false); // what the server says next waits for the viewer
    ctx.pipeline().remove(this);
    ready.trySuccess(ctx.channel());
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    ready.tryFailure(new RfbException("the VNC server refused the bridge: " + why, false));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ready.tryFailure(new RfbException("the VNC server closed the connection "
        + (spoke ? "during the handshake" : "before it said anything (not up yet?)"), !spoke));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.tryFailure(new RfbException("the connection to the VNC server failed: " + cause.getMessage(), false));
    ctx.close();
  }
}
