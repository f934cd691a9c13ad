package dev.soulbox.orchestrator.proxy;

import io.grpc.Metadata;

/** The metadata that routes a call, and the hop headers that stop at the proxy. */
final class ProxyHeaders {
  static final Metadata.Key<String> SANDBOX_ID = key("sandbox-id");
  static final Metadata.Key<String> E2B_SANDBOX_ID = key("e2b-sandbox-id");
  static final Metadata.Key<String> API_KEY = key("x-api-key");

  private ProxyHeaders() {}

  /** The sandbox a call is for, from {@code sandbox-id} or else E2B's {@code e2b-sandbox-id}; null when neither is set. */
  static String sandboxId(Metadata headers) {
    String id = nonBlank(headers.get(SANDBOX_ID));
    return id != null ? id : nonBlank(headers.get(E2B_SANDBOX_ID));
  }

  /** Removes what only the proxy reads; everything else, the agent's access token included, goes on. */
  static Metadata forAgent(Metadata headers) {
    headers.discardAll(SANDBOX_ID);
    headers.discardAll(E2B_SANDBOX_ID);
    headers.discardAll(API_KEY);
    return headers;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
