package dev.soulbox.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.agent.v1.InfoResponse;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectCallTest {
  private final HttpAgent agent = HttpAgent.start();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void grpc_stillServedOnTheSamePort() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.server.port()).usePlaintext().build();
    try {
      HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void unary_json() {
    HttpResponse<String> r = agent.unaryJson("soulbox.agent.v1.Agent/Info", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).contains("\"envdVersion\":\"0.6.4\"");
  }

  @Test
  void unary_proto() throws Exception {
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/soulbox.agent.v1.Agent/Info")
        .header("Content-Type", "application/proto")
        .POST(HttpRequest.BodyPublishers.ofByteArray(InfoRequest.getDefaultInstance().toByteArray())).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(InfoResponse.parseFrom(r.body()).getEnvdVersion()).isEqualTo("0.6.4");
  }

  @Test
  void unary_gzipRequestBody() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("{\"path\":\"/\"}".getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = agent.send(agent.request("/filesystem.Filesystem/Stat")
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"type\":\"FILE_TYPE_DIRECTORY\"");
  }

  @Test
  void unary_errorJsonAndStatus() {
    HttpResponse<String> r = agent.unaryJson("filesystem.Filesystem/Stat", "{\"path\":\"/no/such/file\"}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).startsWith("{\"code\":\"not_found\",\"message\":");
  }

  @Test
  void unary_malformedJson_isInvalidArgument() {
    HttpResponse<String> r = agent.unaryJson("filesystem.Filesystem/Stat", "{\"path\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"invalid_argument\"");
  }

  @Test
  void unary_withoutToken_isUnauthenticated() {
    HttpResponse<String> r = agent.send(java.net.http.HttpRequest.newBuilder(agent.uri("/process.Process/List"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":\"unauthenticated\"");
  }

  @Test
  void unary_unknownBasicUser_isUnauthenticated() {
    HttpResponse<String> r = agent.send(agent.request("/process.Process/List").header("Content-Type", "application/json")
        .header("Authorization", FilesRoutes.basic("nobody-here")).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("nobody-here");
  }

  @Test
  void unknownMethod_isNotFound() {
    assertThat(agent.unaryJson("process.Process/Nope", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void serverStream_startDataEnd() {
    HttpResponse<byte[]> r = agent.stream("process.Process/Start",
        "{\"process\":{\"cmd\":\"/bin/sh\",\"args\":[\"-c\",\"echo hi; exit 3\"]}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/connect+json");
    List<HttpAgent.Envelope> envelopes = HttpAgent.envelopes(r.body());
    assertThat(envelopes.get(0).text()).contains("\"start\":{\"pid\":");
    assertThat(HttpAgent.text(envelopes)).contains("\"stdout\":\"aGkK\"").contains("\"exitCode\":3");
    HttpAgent.Envelope last = envelopes.get(envelopes.size() - 1);
    assertThat(last.flags()).isEqualTo(2);
    assertThat(last.text()).isEqualTo("{}");
  }

  @Test
  void serverStream_errorInEndMessage() {
    HttpResponse<byte[]> r = agent.stream("process.Process/Connect", "{\"process\":{\"pid\":999999}}");
    assertThat(r.statusCode()).isEqualTo(200);
    List<HttpAgent.Envelope> envelopes = HttpAgent.envelopes(r.body());
    assertThat(envelopes).hasSize(1);
    assertThat(envelopes.get(0).flags()).isEqualTo(2);
    assertThat(envelopes.get(0).text()).startsWith("{\"error\":{\"code\":\"not_found\"");
  }

  @Test
  void serverStream_keepaliveWhileIdle() {
    HttpResponse<byte[]> r = agent.stream("process.Process/Start",
        "{\"process\":{\"cmd\":\"/bin/sleep\",\"args\":[\"1.5\"]}}", "Keepalive-Ping-Interval", "0.3");
    assertThat(HttpAgent.text(HttpAgent.envelopes(r.body()))).contains("\"keepalive\":{}");
  }

  @Test
  void connectTimeout_killsThePidButNotItsBackgroundDaemon() throws Exception {
    Path pidFile = Files.createTempFile("daemon-", ".pid");
    HttpResponse<byte[]> r = agent.stream("process.Process/Start", "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-c\","
        + "\"sleep 60 </dev/null >/dev/null 2>&1 & echo $! > " + pidFile + "; sleep 30\"]}}", "Connect-Timeout-Ms", "700");
    String events = HttpAgent.text(HttpAgent.envelopes(r.body()));
    // the stream ends with the deadline, or with the kill's end event if that came first
    assertThat(events).containsAnyOf("\"code\":\"deadline_exceeded\"", "\"status\":\"signal: killed\"");
    long shell = Long.parseLong(events.replaceAll("(?s).*\"pid\":([0-9]+).*", "$1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(shell).map(p -> !p.isAlive()).orElse(true));
    long daemon = Long.parseLong(Files.readString(pidFile).trim());
    try {
      assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).hasValue(true);
    } finally {
      ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void connectTimeout_invalid_isInvalidArgument() {
    HttpResponse<String> r = agent.send(agent.request("/process.Process/List").header("Content-Type", "application/json")
        .header("Connect-Timeout-Ms", "soon").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void serverStream_gzipEnvelopesBothWays() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write("{\"process\":{\"cmd\":\"/bin/sh\",\"args\":[\"-c\",\"head -c 4000 /dev/zero\"]}}"
          .getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/process.Process/Start")
        .header("Content-Type", "application/connect+json").header("Connect-Content-Encoding", "gzip")
        .header("Connect-Accept-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(HttpAgent.envelope(1, zipped.toByteArray()))).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("connect-content-encoding")).hasValue("gzip");
    List<HttpAgent.Envelope> envelopes = HttpAgent.envelopes(r.body());
    assertThat(envelopes).anyMatch(e -> e.flags() == 1);
    assertThat(envelopes.get(envelopes.size() - 1).flags()).isEqualTo(2);
  }

  @Test
  void keepAliveConnection_servesRequestsInTurn_withChunkedStreams() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", agent.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      byte[] start = HttpAgent.envelope(0, "{\"process\":{\"cmd\":\"/bin/echo\",\"args\":[\"x\"]}}"
          .getBytes(StandardCharsets.UTF_8));
      out.write(("POST /process.Process/Start HTTP/1.1\r\nHost: a\r\nX-Access-Token: " + HttpAgent.TOKEN
          + "\r\nContent-Type: application/connect+json\r\nContent-Length: " + start.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(start);
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      String line;
      boolean chunked = false;
      while (!(line = in.readLine()).isEmpty()) {
        chunked |= line.equalsIgnoreCase("transfer-encoding: chunked");
      }
      assertThat(chunked).isTrue();
      while (!"0".equals(line = in.readLine())) {
        // chunk sizes and bodies, until the last chunk
      }
      in.readLine();
      out.write("GET /health HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 204 No Content");
    }
  }

  @Test
  void close_doesNotWaitForIdleHttpConnections() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", agent.server.port())) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 204 No Content");
      long started = System.nanoTime();
      agent.close();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void clientStream_isUnimplemented() {
    HttpResponse<byte[]> r = agent.stream("process.Process/StreamInput", "{}");
    List<HttpAgent.Envelope> envelopes = HttpAgent.envelopes(r.body());
    assertThat(envelopes.get(0).text()).contains("\"code\":\"unimplemented\"");
  }

  @Test
  void corsPreflight() {
    HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/process.Process/Start"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://example.test")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-access-token").build());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
    assertThat(r.headers().firstValue("access-control-allow-headers")).hasValue("content-type,x-access-token");
    assertThat(r.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
  }

  @Test
  void corsHeadersOnCalls() {
    HttpResponse<String> r = agent.send(agent.request("/soulbox.agent.v1.Agent/Info").header("Origin", "http://x.test")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.headers().firstValue("access-control-expose-headers").orElse("")).contains("Grpc-Status");
  }

  @Test
  void health() {
    HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/health")).GET().build());
    assertThat(r.statusCode()).isEqualTo(204);
  }
}
