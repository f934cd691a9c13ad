package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Metadata;

/** The API key on admin calls, and what to say when the orchestrator refuses a call that had none. */
final class ApiKeys {
  private ApiKeys() {
  }

  static Metadata headers(String apiKey) {
    Metadata headers = new Metadata();
    if (apiKey != null) {
      headers.put(Headers.API_KEY, apiKey);
    }
    return headers;
  }

  static SoulBoxException explain(SoulBoxException mapped, String apiKey) {
    if (mapped instanceof AuthenticationException && apiKey == null) {
      return new AuthenticationException(mapped.getMessage()
          + " (no API key was given: set SOULBOX_API_KEY, the CLI's config, or the builder's apiKey)", mapped.getCause());
    }
    return mapped;
  }
}
