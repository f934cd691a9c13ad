package dev.soulbox.agent.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One Connect call, made on the agent's own services through an in-process channel, so the same
 * interceptors (access token, caller, keepalive, status mapping) and the same deadline handling
 * apply as over gRPC. Unary calls answer one message or an error JSON; server streams answer
 * envelopes and end with Connect's end-of-stream message.
 */
final class ConnectCall {
  static final int MAX_MESSAGE = 16 << 20;
  private static final int FLAG_COMPRESSED = 0x01;
  private static final int FLAG_END_STREAM = 0x02;

  private final Reply reply;
  private final MethodDescriptor<Object, Object> method;
  private final Channel channel;
  private final boolean streaming;
  private final boolean json;
  private final boolean gzipOut;
  private volatile ClientCall<Object, Object> call;

  private ConnectCall(Reply reply, MethodDescriptor<Object, Object> method, Channel channel, boolean streaming,
      boolean json) {
    this.reply = reply;
    this.method = method;
    this.channel = channel;
    this.streaming = streaming;
    this.json = json;
    this.gzipOut = Gzip.accepted(reply.headers().get(streaming ? "connect-accept-encoding" : "accept-encoding"));
  }

  /** The exchange for a POST to {@code method}, or an error answer when the request cannot be a Connect call. */
  static Exchange begin(Reply reply, MethodDescriptor<Object, Object> method, Channel channel) {
    String type = mediaType(reply.headers().get(HttpHeaderNames.CONTENT_TYPE));
    boolean streamType = type.startsWith("application/connect+");
    String codec = streamType ? type.substring("application/connect+".length()) : type.substring(type.indexOf('/') + 1);
    if (!type.startsWith("application/") || !codec.equals("json") && !codec.equals("proto")) {
      reply.closeAfter();
      reply.send(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, null, new byte[0], acceptPost());
      return new Discard();
    }
    ConnectCall connect = new ConnectCall(reply, method, channel, streamType, codec.equals("json"));
    boolean unaryMethod = method.getType() == MethodDescriptor.MethodType.UNARY;
    boolean serverStream = method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
    if (!unaryMethod && !serverStream) {
      connect.fail(Status.UNIMPLEMENTED.withDescription(method.getFullMethodName()
          + " is a client or bidirectional stream, which the Connect protocol over HTTP/1.1 cannot carry; use gRPC"));
      return new Discard();
    }
    if (unaryMethod == streamType) {
      reply.closeAfter();
      reply.send(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, null, new byte[0], acceptPost());
      return new Discard();
    }
    BufferedExchange exchange = new BufferedExchange(reply, MAX_MESSAGE + 5, connect::start);
    exchange.onAbort(connect::cancel);
    return exchange;
  }

  private static HttpHeaders acceptPost() {
    return new DefaultHttpHeaders().set("Accept-Post",
        "application/json, application/proto, application/connect+json, application/connect+proto");
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private void start(byte[] body) {
    Object request;
    CallOptions options = CallOptions.DEFAULT;
    try {
      request = decode(streaming ? unwrap(body) : body);
      String timeout = reply.headers().get("connect-timeout-ms");
      if (timeout != null) {
        if (!timeout.matches("[0-9]{1,10}")) {
          throw new ConnectException(Status.INVALID_ARGUMENT.withDescription(
              "Connect-Timeout-Ms must be 1 to 10 digits, not " + timeout));
        }
        options = options.withDeadlineAfter(Long.parseLong(timeout), TimeUnit.MILLISECONDS);
      }
    } catch (ConnectException e) {
      fail(e.status);
      return;
    }
    ClientCall<Object, Object> c = channel.newCall(method, options);
    call = c;
    c.start(streaming ? new StreamListener(c) : new UnaryListener(), Headers.toMetadata(reply.headers()));
    c.request(1);
    c.sendMessage(request);
    c.halfClose();
  }

  private void cancel() {
    ClientCall<Object, Object> c = call;
    if (c != null) {
      c.cancel("the HTTP client went away", null);
    }
  }

  /** The one request envelope of a server stream. */
  private byte[] unwrap(byte[] body) throws ConnectException {
    if (body.length < 5) {
      throw new ConnectException(Status.INVALID_ARGUMENT.withDescription("stream request has no complete envelope"));
    }
    int flags = body[0] & 0xff;
    long length = ((body[1] & 0xffL) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
    if (length != body.length - 5) {
      throw new ConnectException(Status.INVALID_ARGUMENT.withDescription(
          "stream request must be one envelope; its length says " + length + " bytes but " + (body.length - 5) + " came"));
    }
    byte[] message = Arrays.copyOfRange(body, 5, body.length);
    if ((flags & FLAG_COMPRESSED) != 0) {
      String encoding = reply.headers().get("connect-content-encoding");
      if (encoding == null || !encoding.trim().equalsIgnoreCase("gzip")) {
        throw new ConnectException(Status.INTERNAL.withDescription(
            "compressed envelope without a Connect-Content-Encoding this agent knows (gzip)"));
      }
      try {
        message = Gzip.decompress(message, MAX_MESSAGE);
      } catch (IOException e) {
        throw new ConnectException(Status.INVALID_ARGUMENT.withDescription("bad gzip envelope: " + e.getMessage()));
      }
    }
    return message;
  }

  private Object decode(byte[] bytes) throws ConnectException {
    Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
        .getMessagePrototype();
    try {
      if (json) {
        Message.Builder builder = prototype.newBuilderForType();
        Json.merge(bytes.length == 0 ? "{}" : new String(bytes, StandardCharsets.UTF_8), builder);
        return builder.build();
      }
      return prototype.getParserForType().parseFrom(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new ConnectException(Status.INVALID_ARGUMENT.withDescription(
          "request is not a valid " + prototype.getDescriptorForType().getFullName() + ": " + e.getMessage()));
    }
  }

  private byte[] encode(Object message) {
    return json ? Json.print((Message) message).getBytes(StandardCharsets.UTF_8) : ((Message) message).toByteArray();
  }

  private String contentType() {
    return (streaming ? "application/connect+" : "application/") + (json ? "json" : "proto");
  }

  /** A deadline that expired in the in-process hop is the Connect call's own: say so in the client's terms. */
  private static Status forClient(Status status) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && status.getDescription() != null
        && status.getDescription().startsWith("CallOptions deadline exceeded")) {
      return Status.DEADLINE_EXCEEDED.withDescription("the call's deadline (Connect-Timeout-Ms) expired");
    }
    return status;
  }

  private void fail(Status status) {
    status = forClient(status);
    if (streaming) {
      HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType());
      if (reply.head(HttpResponseStatus.OK, headers)) {
        endStream(status, new Metadata());
      }
    } else {
      reply.json(HttpResponseStatus.valueOf(ConnectCodes.httpStatus(status.getCode())), Json.error(status));
    }
  }

  private void endStream(Status status, Metadata trailers) {
    status = forClient(status);
    reply.chunk(envelope(FLAG_END_STREAM, Json.endOfStream(status, trailers).getBytes(StandardCharsets.UTF_8)));
    reply.finish();
  }

  private static ByteBuf envelope(int flags, byte[] message) {
    ByteBuf buf = Unpooled.buffer(5 + message.length);
    buf.writeByte(flags).writeInt(message.length).writeBytes(message);
    return buf;
  }

  private final class UnaryListener extends ClientCall.Listener<Object> {
    private Metadata headers = new Metadata();
    private Object response;

    @Override
    public void onHeaders(Metadata headers) {
      this.headers = headers;
    }

    @Override
    public void onMessage(Object message) {
      response = message;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (!status.isOk() || response == null) {
        fail(status.isOk() ? Status.INTERNAL.withDescription("the call ended without a response") : status);
        return;
      }
      HttpHeaders out = new DefaultHttpHeaders();
      Headers.copy(headers, out, "");
      Headers.copy(trailers, out, "trailer-");
      byte[] body = encode(response);
      if (gzipOut && body.length >= Gzip.MIN_BYTES) {
        body = Gzip.compress(body);
        out.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
      }
      reply.send(HttpResponseStatus.OK, contentType(), body, out);
    }
  }

  private final class StreamListener extends ClientCall.Listener<Object> {
    private final ClientCall<Object, Object> c;

    StreamListener(ClientCall<Object, Object> c) {
      this.c = c;
    }

    @Override
    public void onHeaders(Metadata metadata) {
      sendHead(metadata);
    }

    private void sendHead(Metadata metadata) {
      HttpHeaders out = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType());
      if (gzipOut) {
        out.set("connect-content-encoding", "gzip");
      }
      Headers.copy(metadata, out, "");
      reply.head(HttpResponseStatus.OK, out);
    }

    @Override
    public void onMessage(Object message) {
      byte[] bytes = encode(message);
      int flags = 0;
      if (gzipOut && bytes.length >= Gzip.MIN_BYTES) {
        bytes = Gzip.compress(bytes);
        flags = FLAG_COMPRESSED;
      }
      // the next message is asked for once this one is written: a slow client holds the stream back
      reply.chunk(envelope(flags, bytes)).addListener(f -> {
        if (f.isSuccess()) {
          c.request(1);
        } else {
          c.cancel("the HTTP client went away", f.cause());
        }
      });
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (!reply.started()) {
        sendHead(new Metadata());
      }
      endStream(status, trailers);
    }
  }

  /** Answers nothing more: the reply was already sent; the body is read and dropped. */
  static final class Discard implements Exchange {
    @Override
    public void content(ByteBuf chunk) {}

    @Override
    public void end() {}
  }

  private static final class ConnectException extends Exception {
    final Status status;

    ConnectException(Status status) {
      super(status.getDescription(), null, false, false);
      this.status = status;
    }
  }
}
