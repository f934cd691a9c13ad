package dev.soulbox.orchestrator.ports;

import dev.soulbox.auth.FileUrlSignature;
import dev.soulbox.orchestrator.http.RequestRejectedException;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox a signed envd file URL is for. With {@code E2B_SANDBOX_URL} set, E2B's SDKs build {@code uploadUrl} and
 * {@code downloadUrl} on that one address, {@code /files?path=…&signature=v1_…}, with nothing that names the sandbox:
 * the signature, made with the sandbox's access token, is what tells it. The sandbox's agent still checks the
 * signature, its expiry and the user itself; this only picks where the request goes.
 */
final class SignedFileUrls {
  private static final String FILES = "/files";

  private final SandboxDirectory directory;

  SignedFileUrls(SandboxDirectory directory) {
    this.directory = directory;
  }

  /**
   * The route to the agent of the sandbox whose access token signed this {@code /files} request; empty for any other
   * request.
   *
   * @throws RequestRejectedException 401 when no running sandbox's token made the signature
   */
  Optional<PortRoute> route(String method, String uri) {
    QueryStringDecoder query = new QueryStringDecoder(uri);
    String operation = switch (method) {
      case "GET", "HEAD" -> FileUrlSignature.READ;
      case "POST" -> FileUrlSignature.WRITE;
      default -> null;
    };
    String signature = first(query.parameters(), "signature");
    if (!query.path().equals(FILES) || operation == null || signature == null) {
      return Optional.empty();
    }
    String path = orEmpty(first(query.parameters(), "path"));
    String user = orEmpty(first(query.parameters(), "username"));
    String expiration = first(query.parameters(), "signature_expiration");
    Optional<SandboxEndpoint> signer = directory.findRunningByAccessToken(
        token -> FileUrlSignature.matches(signature, path, operation, user, token, expiration));
    return Optional.of(signer.map(s -> new PortRoute(s.sandboxId(), SandboxPorts.AGENT, true))
        .orElseThrow(() -> new RequestRejectedException(HttpResponseStatus.UNAUTHORIZED,
            "the signature of this file URL was made with the access token of no running sandbox; sign it with the "
                + "sandbox's token for this path, operation (" + operation + ") and user, or name the sandbox with "
                + "E2b-Sandbox-Id and E2b-Sandbox-Port")));
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
