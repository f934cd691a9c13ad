package dev.soulbox.agent.http;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelPipeline;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpContentDecompressor;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.handler.timeout.IdleStateEvent;
import io.grpc.netty.shaded.io.netty.handler.timeout.IdleStateHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * envd's HTTP surface on the agent's port: the Connect protocol for every service the agent
 * serves over gRPC, and envd's REST endpoints. Both call the agent's services through
 * {@code channel}, an in-process channel to the same service objects and interceptors.
 */
public final class HttpFace implements Consumer<ChannelHandlerContext> {
  /** As envd's {@code IdleTimeout}: a keep-alive connection with no request for this long is closed. */
  private static final long IDLE_SECONDS = 640;

  private final Map<String, MethodDescriptor<Object, Object>> methods = new HashMap<>();
  private final Channel channel;
  private final EnvdRoutes envd;

  @SuppressWarnings("unchecked")
  public HttpFace(Channel channel, List<ServerServiceDefinition> services, EnvdRoutes envd) {
    this.channel = channel;
    this.envd = envd;
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
        MethodDescriptor<?, ?> descriptor = m.getMethodDescriptor();
        if (descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller) {
          methods.put("/" + descriptor.getFullMethodName(), (MethodDescriptor<Object, Object>) descriptor);
        }
      }
    }
  }

  /** Installs the HTTP/1.1 pipeline on a connection that {@link SharedPort} found not to be gRPC. */
  @Override
  public void accept(ChannelHandlerContext ctx) {
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(ctx.name(), "http-idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
      @Override
      protected void channelIdle(ChannelHandlerContext c, IdleStateEvent e) {
        c.close();
      }
    });
    pipeline.addAfter("http-idle", "http-codec", new HttpServerCodec());
    pipeline.addAfter("http-codec", "http-inflate", new HttpContentDecompressor());
    pipeline.addAfter("http-inflate", "http-face", new HttpConnection(this::route));
  }

  private Exchange route(Reply reply) {
    if (Cors.isPreflight(reply.request())) {
      Cors.answerPreflight(reply);
      return new ConnectCall.Discard();
    }
    String path = reply.path();
    MethodDescriptor<Object, Object> method = methods.get(path);
    if (method != null) {
      if (!"POST".equals(reply.request().method().name())) {
        reply.closeAfter();
        reply.json(HttpResponseStatus.METHOD_NOT_ALLOWED, Rest.error(405, path + " takes POST"));
        return new ConnectCall.Discard();
      }
      return ConnectCall.begin(reply, method, channel);
    }
    return envd.route(reply);
  }
}
