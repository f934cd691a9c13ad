package dev.soulbox.agent.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * When the agent has an access token, every call but health checks must carry it in
 * {@code x-access-token}; others are refused with {@code UNAUTHENTICATED}.
 */
public final class AccessTokenInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> ACCESS_TOKEN =
      Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> token;

  public AccessTokenInterceptor(String token) {
    this(() -> token);
  }

  /** {@code token} is read at each call (envd's {@code /init} may set it); null leaves the agent open. */
  public AccessTokenInterceptor(Supplier<String> token) {
    this.token = token;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String expected = token.get();
    if (expected == null || HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String presented = headers.get(ACCESS_TOKEN);
    if (presented == null) {
      return reject(call, "missing x-access-token metadata; this sandbox requires its access token");
    }
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
      return reject(call, "x-access-token does not match this sandbox's access token");
    }
    return next.startCall(call, headers);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> reject(ServerCall<ReqT, RespT> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
