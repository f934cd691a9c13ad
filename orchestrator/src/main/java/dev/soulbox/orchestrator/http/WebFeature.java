package dev.soulbox.orchestrator.http;

/** Something served on the web port beside the gateway's own routes: E2B's API, the web shell. */
public interface WebFeature {
  void register(Routes routes);
}
