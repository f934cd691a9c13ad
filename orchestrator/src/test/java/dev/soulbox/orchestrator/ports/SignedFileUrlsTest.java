package dev.soulbox.orchestrator.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.auth.FileUrlSignature;
import dev.soulbox.orchestrator.http.MapSandboxDirectory;
import dev.soulbox.orchestrator.http.RequestRejectedException;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignedFileUrlsTest {
  private static final String FIRST = "aaaaaaaaaaaaaaaaaaaa";
  private static final String SECOND = "bbbbbbbbbbbbbbbbbbbb";
  private static final String PAUSED = "pppppppppppppppppppp";

  private final MapSandboxDirectory directory = new MapSandboxDirectory();
  private final SignedFileUrls urls = new SignedFileUrls(directory);

  @BeforeEach
  void sandboxes() {
    directory.add(FIRST, SandboxState.RUNNING, null);
    directory.add(SECOND, SandboxState.RUNNING, null);
    directory.add(PAUSED, SandboxState.PAUSED, null);
    directory.addAccessToken("token-first", FIRST);
    directory.addAccessToken("token-second", SECOND);
    directory.addAccessToken("token-paused", PAUSED);
  }

  @Test
  void download_goesToTheAgentOfTheSandboxWhoseTokenSignedIt() {
    String signature = FileUrlSignature.sign("/home/user/a b.txt", "read", "user", "token-second", null);

    assertThat(urls.route("GET", "/files?path=%2Fhome%2Fuser%2Fa+b.txt&username=user&signature=" + q(signature)))
        .contains(new PortRoute(SECOND, SandboxPorts.AGENT, true));
  }

  @Test
  void upload_withExpiration_isSignedAsAWrite() {
    String signature = FileUrlSignature.sign("/tmp/up", "write", "", "token-first", "1900000000");

    assertThat(urls.route("POST", "/files?path=/tmp/up&signature=" + q(signature) + "&signature_expiration=1900000000"))
        .contains(new PortRoute(FIRST, SandboxPorts.AGENT, true));
  }

  @Test
  void signatureOfNoRunningSandbox_is401() {
    String forged = FileUrlSignature.sign("/etc/shadow", "read", "", "a-guess", null);
    String ofPaused = FileUrlSignature.sign("/etc/hostname", "read", "", "token-paused", null);
    String readAsWrite = FileUrlSignature.sign("/tmp/up", "read", "", "token-first", null);

    for (String[] request : new String[][] {
        {"GET", "/files?path=/etc/shadow&signature=" + q(forged)},
        {"GET", "/files?path=/etc/hostname&signature=" + q(ofPaused)},
        {"POST", "/files?path=/tmp/up&signature=" + q(readAsWrite)}}) {
      assertThatThrownBy(() -> urls.route(request[0], request[1]))
          .isInstanceOfSatisfying(RequestRejectedException.class,
              e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED))
          .hasMessageContaining("E2b-Sandbox-Id");
    }
  }

  @Test
  void requestsThatAreNotSignedFileUrls_areNotRouted() {
    String signature = FileUrlSignature.sign("/tmp/x", "read", "", "token-first", null);

    assertThat(urls.route("GET", "/files?path=/tmp/x")).isEmpty();
    assertThat(urls.route("GET", "/sandboxes?signature=" + q(signature))).isEmpty();
    assertThat(urls.route("DELETE", "/files?path=/tmp/x&signature=" + q(signature))).isEmpty();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
