package dev.soulbox.orchestrator.api;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Admin calls ({@code soulbox.orchestrator.v1.*}) must carry the server's API key in
 * {@code x-api-key}. Everything else passes: health and reflection, and agent calls relayed to a
 * sandbox, which carry that sandbox's own {@code x-access-token}, checked by its agent.
 */
public final class ApiKeyInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  static final String ADMIN_PACKAGE = "soulbox.orchestrator.v1.";

  private final byte[] keyDigest;
  private final String hint;

  /** @param hint where a client finds the key, for the error message (e.g. the key file's path) */
  public ApiKeyInterceptor(String apiKey, String hint) {
    this.keyDigest = sha256(apiKey);
    this.hint = hint;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String service = call.getMethodDescriptor().getServiceName();
    if (service == null || !service.startsWith(ADMIN_PACKAGE)) {
      return next.startCall(call, headers);
    }
    String presented = headers.get(API_KEY);
    if (presented == null || presented.isEmpty()) {
      return reject(call, "missing x-api-key metadata: pass the orchestrator's API key as gRPC metadata x-api-key"
          + (hint == null ? "" : " (" + hint + ")"));
    }
    // digests have one length, so the comparison takes the same time whatever was sent
    if (!MessageDigest.isEqual(keyDigest, sha256(presented))) {
      return reject(call, "x-api-key does not match this orchestrator's API key" + (hint == null ? "" : " (" + hint + ")"));
    }
    return next.startCall(call, headers);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> reject(ServerCall<ReqT, RespT> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
