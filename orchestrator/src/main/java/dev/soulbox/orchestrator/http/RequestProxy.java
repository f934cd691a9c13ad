package dev.soulbox.orchestrator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection whose requests are routed one by one, each to the server its own headers name (E2B's SDKs pool
 * their connections to one gateway address and send every sandbox's calls over them), or on down the pipeline to
 * the gateway's own {@link Routes} (a browser page mixes both on one connection). Each proxied request's head, body
 * and response are streamed as they come, message by message, with back-pressure both ways; nothing is held whole.
 * The connection to a server is kept for the next request that goes to the same place. Requests are answered in
 * order: one sent before the answer to the last is read once that answer is complete.
 */
final class RequestProxy extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(RequestProxy.class);
  static final int MAX_HEAD_BYTES = RequestHead.MAX_BYTES;

  private final Channel client;
  private final Bridges bridges;
  private final Function<HttpRequest, RequestTarget> targets;
  private final Queue<Object> waiting = new ArrayDeque<>();
  private Channel backend;
  private InetSocketAddress backendAddress;
  private boolean connecting;
  private boolean inExchange;
  private boolean requestComplete;
  private boolean responseComplete;
  private boolean discardingBody;
  private boolean closeAfterExchange;
  /** The current request is the gateway's own: it goes on down the pipeline, and its answer comes back through. */
  private boolean local;
  private ChannelHandlerContext self;

  /** @param targets where each request goes; {@link RequestTarget#local()} sends it on down the pipeline */
  RequestProxy(Channel client, Bridges bridges, Function<HttpRequest, RequestTarget> targets) {
    this.client = client;
    this.bridges = bridges;
    this.targets = targets;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    self = ctx;
    if (ctx.pipeline().get(HttpGateway.IDLE_TIMEOUT) != null) {
      ctx.pipeline().remove(HttpGateway.IDLE_TIMEOUT); // a streamed answer may be silent for long
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (connecting || (inExchange && requestComplete) || !waiting.isEmpty()) {
      waiting.add(msg);
      client.config().setAutoRead(false);
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest request) {
      begin(request);
    } else if (msg instanceof HttpContent content) {
      body(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest request) {
    inExchange = true;
    requestComplete = false;
    responseComplete = false;
    local = false;
    closeAfterExchange = !HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      refuse(Responses.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), true);
      return;
    }
    RequestTarget target;
    try {
      target = targets.apply(request);
    } catch (RuntimeException e) {
      log.warn("routing a request from {} failed", client.remoteAddress(), e);
      target = RequestTarget.refused(Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "routing failed"));
    }
    if (target.isLocal() && request.headers().contains(HttpHeaderNames.UPGRADE)) {
      target = RequestTarget.refused(Responses.text(HttpResponseStatus.MISDIRECTED_REQUEST,
          "this connection is routed request by request; send upgrade requests on a new connection"));
    }
    if (target.refusal() != null) {
      refuse(target.refusal(), false);
      return;
    }
    if (target.isLocal()) {
      local = true;
      self.fireChannelRead(request);
      return;
    }
    if (backend != null && backend.isActive() && target.address().equals(backendAddress)) {
      forward(request);
      return;
    }
    if (backend != null) {
      Channel previous = backend;
      backend = null;
      backendAddress = null;
      previous.close();
    }
    openBackend(request, target);
  }

  private void openBackend(HttpRequest request, RequestTarget target) {
    connecting = true;
    client.config().setAutoRead(false);
    bridges.connect(client, target.address()).addListener((ChannelFuture connected) -> {
      connecting = false;
      if (!client.isActive()) {
        connected.channel().close();
        ReferenceCountUtil.release(request);
        return;
      }
      if (!connected.isSuccess()) {
        ReferenceCountUtil.release(request);
        String reason = connected.cause().getMessage() == null ? connected.cause().getClass().getSimpleName()
            : connected.cause().getMessage().replaceFirst(":.*", "").toLowerCase();
        refuse(target.unreachable().apply(reason), false);
      } else {
        backend = connected.channel();
        backendAddress = target.address();
        Channel mine = backend;
        backend.pipeline().addLast("codec", new HttpClientCodec(4096, MAX_HEAD_BYTES, 8192))
            .addLast("answers", new Answers());
        backend.closeFuture().addListener(f -> backendClosed(mine));
        backend.config().setAutoRead(true);
        forward(request);
      }
      drainWaiting();
    });
  }

  private void body(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discardingBody) {
      content.release();
    } else if (local) {
      self.fireChannelRead(content);
    } else {
      backend.write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      if (last) {
        backend.flush();
      } else if (!backend.isWritable()) {
        client.config().setAutoRead(false);
      }
    }
    if (last) {
      requestComplete = true;
      discardingBody = false;
      if (responseComplete) {
        finishExchange();
      }
    }
  }

  private void forward(HttpRequest request) {
    discardingBody = false;
    if (request.headers().contains(HttpHeaderNames.UPGRADE)) {
      // requests are routed one by one, so none may switch the connection to another protocol (h2c)
      request.headers().remove(HttpHeaderNames.UPGRADE).remove("http2-settings").remove(HttpHeaderNames.CONNECTION);
    }
    backend.write(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** Answers the current request here; its body, if any, is read and dropped. */
  private void refuse(FullHttpResponse answer, boolean close) {
    discardingBody = true;
    closeAfterExchange |= close;
    answer.headers().set(HttpHeaderNames.CONNECTION,
        closeAfterExchange ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
    client.writeAndFlush(answer);
    responseComplete = true;
    if (requestComplete) {
      finishExchange();
    }
  }

  private void finishExchange() {
    inExchange = false;
    if (closeAfterExchange) {
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    client.config().setAutoRead(true);
    drainWaiting();
  }

  private void drainWaiting() {
    while (!waiting.isEmpty() && !connecting && !(inExchange && requestComplete)) {
      handle(waiting.poll());
    }
    if (waiting.isEmpty() && !connecting && !(inExchange && requestComplete)) {
      client.config().setAutoRead(backend == null || backend.isWritable());
    }
    if (backend != null) {
      // outside a read there is no read-complete to flush what went to the backend: a head sent with
      // "Expect: 100-continue" would otherwise wait there while its client waits for the answer
      backend.flush();
    }
  }

  private void backendClosed(Channel closed) {
    if (closed != backend) {
      return;
    }
    backend = null;
    backendAddress = null;
    if (inExchange && !responseComplete && !discardingBody) {
      client.close(); // the answer was cut off: the client must see the connection end
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
    ctx.fireChannelReadComplete();
  }

  /** Watches the answers of the gateway's own routes go out, to know when a local exchange is over. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean ends = local && inExchange && !responseComplete && msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
    ctx.write(msg, promise);
    if (ends) {
      responseComplete = true;
      if (requestComplete) {
        // not from inside the routes' write: the next request would reach them while they are still answering
        ctx.channel().eventLoop().execute(this::finishExchange);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.config().setAutoRead(client.isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.close();
    }
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("proxied connection from {} failed: {}", client.remoteAddress(), cause.toString());
    ctx.close();
  }

  /** The server's side: its answers go to the client as they come. */
  private final class Answers extends ChannelInboundHandlerAdapter {
    private boolean informational;

    private boolean answering;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        if (!answering && inExchange && !responseComplete) {
          refuse(Responses.json(HttpResponseStatus.BAD_GATEWAY, "the server in the sandbox did not answer in HTTP/1.1"),
              true);
        } else {
          client.close();
        }
        ctx.close();
        return;
      }
      if (msg instanceof HttpResponse response) {
        answering = true;
        int code = response.status().code();
        informational = code >= 100 && code < 200 && code != 101;
        if (!informational && !HttpUtil.isKeepAlive(response)) {
          closeAfterExchange = true;
        }
      }
      boolean last = msg instanceof LastHttpContent;
      client.write(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      if (!client.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
      if (last) {
        client.flush();
        if (informational) {
          informational = false;
          return;
        }
        answering = false;
        responseComplete = true;
        if (requestComplete) {
          finishExchange();
        }
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable() && !connecting) {
        client.config().setAutoRead(waiting.isEmpty() && !(inExchange && requestComplete));
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("proxied connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
