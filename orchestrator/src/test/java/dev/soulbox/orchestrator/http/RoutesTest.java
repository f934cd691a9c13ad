package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.metrics.Metrics;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport with routes of its own: dispatch by method and path, and the answers when none fits. */
class RoutesTest {
  private final Metrics metrics = new Metrics();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpGateway gateway;

  @BeforeEach
  void start() throws IOException {
    Routes routes = new Routes(new HttpMetrics(metrics))
        .add(Route.get("hello", "/hello", exchange -> exchange.respond(Responses.text(HttpResponseStatus.OK, "hi"))))
        .add(new Route("echo", Set.of(HttpMethod.POST), "/echo"::equals, exchange -> exchange.respond(
            Responses.text(HttpResponseStatus.OK, exchange.request().content().toString(StandardCharsets.UTF_8)))));
    gateway = new HttpGateway("127.0.0.1", 0, HttpGatewayOptions.defaults(), routes).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void matchingRoute_answersAndIsCountedUnderItsName() throws Exception {
    HttpResponse<String> response = send("POST", "/echo", "ping");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ping\n");
    assertThat(metrics.render()).contains("soulbox_http_requests_total{route=\"echo\",status=\"200\"} 1");
  }

  @Test
  void getRoute_answersHeadWithoutBody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/hello", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void knownPath_otherMethod_isMethodNotAllowedNamingThePathsMethods() throws Exception {
    HttpResponse<String> response = send("GET", "/echo", null);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("POST");
    assertThat(response.body()).isEqualTo("GET is not allowed here\n");
    assertThat(metrics.render()).contains("soulbox_http_requests_total{route=\"other\",status=\"405\"} 1");
  }

  @Test
  void unknownPath_isNotFoundWhenRead_andMethodNotAllowedOtherwise() throws Exception {
    assertThat(send("GET", "/nope", null).body()).isEqualTo("no route for /nope\n");
    HttpResponse<String> post = send("POST", "/nope", "x");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
  }
}
