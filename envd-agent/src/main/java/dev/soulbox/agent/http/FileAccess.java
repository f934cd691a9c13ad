package dev.soulbox.agent.http;

import dev.soulbox.agent.auth.AccessTokenInterceptor;
import dev.soulbox.auth.FileUrlSignature;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Who may use {@code /files}, as envd decides it: the access token in {@code X-Access-Token}, or
 * a URL signed with it ({@code signature}, see {@link FileUrlSignature}) and {@code signature_expiration}
 * (unix seconds). The user is the {@code username} parameter.
 */
public final class FileAccess {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> token;

  public FileAccess(Supplier<String> token) {
    this.token = token;
  }

  /** The metadata for the agent's own calls, or null after answering 401 or 400. */
  Metadata check(Reply reply, String operation) {
    String expected = token.get();
    String username = reply.query("username");
    String signature = reply.query("signature");
    Metadata metadata = new Metadata();
    if (expected != null) {
      String presented = reply.headers().get("x-access-token");
      if (signature != null && presented == null) {
        String problem = signatureProblem(reply, operation, username == null ? "" : username, signature, expected);
        if (problem != null) {
          reply.json(HttpResponseStatus.UNAUTHORIZED, Rest.error(401, problem));
          return null;
        }
      } else if (presented == null) {
        reply.json(HttpResponseStatus.UNAUTHORIZED, Rest.error(401,
            "missing X-Access-Token header or signature; this sandbox requires its access token"));
        return null;
      } else if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
          presented.getBytes(StandardCharsets.UTF_8))) {
        reply.json(HttpResponseStatus.UNAUTHORIZED, Rest.error(401,
            "X-Access-Token does not match this sandbox's access token"));
        return null;
      }
      metadata.put(AccessTokenInterceptor.ACCESS_TOKEN, expected);
    }
    if (username != null && !username.isEmpty()) {
      metadata.put(AUTHORIZATION, FilesRoutes.basic(username));
    } else if (reply.headers().contains("authorization")) {
      metadata.put(AUTHORIZATION, reply.headers().get("authorization"));
    }
    return metadata;
  }

  private static String signatureProblem(Reply reply, String operation, String user, String signature, String token) {
    String path = reply.query("path");
    String expiration = reply.query("signature_expiration");
    if (expiration != null) {
      long expiresAt;
      try {
        expiresAt = Long.parseLong(expiration);
      } catch (NumberFormatException e) {
        return "signature_expiration must be unix seconds, not " + expiration;
      }
      if (expiresAt < System.currentTimeMillis() / 1000) {
        return "the signature expired at " + expiresAt;
      }
    }
    if (!FileUrlSignature.matches(signature, path == null ? "" : path, operation, user, token, expiration)) {
      return "the signature does not match this path, operation and user";
    }
    return null;
  }
}
