package dev.soulbox.orchestrator.e2b;

import java.util.List;
import java.util.Map;

/**
 * One request to E2B's API, read off the wire.
 *
 * @param sandboxId the {@code {sandboxID}} of the path, or null when the path has none
 * @param parameters the decoded query parameters
 */
record ApiCall(String sandboxId, Map<String, List<String>> parameters, byte[] body) {
  ApiCall {
    parameters = Map.copyOf(parameters);
  }

  JsonFields json(boolean emptyAllowed) {
    return JsonFields.parse(body, emptyAllowed);
  }

  Parameters query() {
    return new Parameters(parameters);
  }
}
