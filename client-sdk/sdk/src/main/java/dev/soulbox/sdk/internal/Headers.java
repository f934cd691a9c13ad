package dev.soulbox.sdk.internal;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The metadata SoulBox calls carry. */
final class Headers {
  /** Admin calls: the orchestrator's API key. */
  static final Metadata.Key<String> API_KEY = key("x-api-key");
  /** Sandbox calls: which sandbox the orchestrator relays the call to. */
  static final Metadata.Key<String> SANDBOX_ID = key("sandbox-id");
  /** Sandbox calls: the sandbox's access token, checked by its agent. */
  static final Metadata.Key<String> ACCESS_TOKEN = key("x-access-token");
  /** Sandbox calls: the user to act as, envd's {@code Basic base64("user:")}. */
  static final Metadata.Key<String> AUTHORIZATION = key("authorization");
  /** Streams: seconds between keepalive events while idle. */
  static final Metadata.Key<String> KEEPALIVE_INTERVAL = key("keepalive-ping-interval");

  private Headers() {
  }

  static <S extends AbstractStub<S>> S attach(S stub, Metadata headers) {
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  static String basicUser(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
