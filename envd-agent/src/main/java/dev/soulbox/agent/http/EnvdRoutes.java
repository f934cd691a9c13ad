package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;

/** envd's REST endpoints: {@code /health}, {@code /files}, {@code /envs}, {@code /init}, {@code /metrics}. */
public final class EnvdRoutes {
  private final FilesRoutes files;

  public EnvdRoutes(FilesRoutes files) {
    this.files = files;
  }

  Exchange route(Reply reply) {
    String method = reply.request().method().name();
    switch (reply.path()) {
      case "/health":
        if (method.equals("GET") || method.equals("HEAD")) {
          reply.empty(HttpResponseStatus.NO_CONTENT);
          return new ConnectCall.Discard();
        }
        return notAllowed(reply, "GET");
      case "/files":
        if (method.equals("GET") || method.equals("HEAD")) {
          return files.download(reply);
        }
        if (method.equals("POST")) {
          return files.upload(reply);
        }
        return notAllowed(reply, "GET, POST");
      default:
        reply.closeAfter();
        reply.json(HttpResponseStatus.NOT_FOUND, Rest.error(404, "no such endpoint: " + method + " " + reply.path()));
        return new ConnectCall.Discard();
    }
  }

  private static Exchange notAllowed(Reply reply, String allowed) {
    reply.closeAfter();
    reply.json(HttpResponseStatus.METHOD_NOT_ALLOWED, Rest.error(405, reply.path() + " takes " + allowed));
    return new ConnectCall.Discard();
  }
}
