package dev.soulbox.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.auth.FileUrlSignature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesRoutesTest {
  private static final String BOUNDARY = "soulbox-test-boundary";

  @TempDir
  Path dir;
  private HttpAgent agent = HttpAgent.start();

  @AfterEach
  void close() {
    agent.close();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> postOctets(String path, byte[] body) {
    return agent.send(agent.request("/files?path=" + q(path)).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static byte[] multipart(String... nameAndContent) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < nameAndContent.length; i += 2) {
      b.append("--").append(BOUNDARY).append("\r\n")
          .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(nameAndContent[i]).append("\"\r\n")
          .append("Content-Type: application/octet-stream\r\n\r\n").append(nameAndContent[i + 1]).append("\r\n");
    }
    return b.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> postMultipart(String query, byte[] body) {
    return agent.send(agent.request("/files" + query)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  @Test
  void octetStream_uploadThenDownload() {
    byte[] bytes = new byte[3 << 20];
    new Random(1).nextBytes(bytes);
    Path file = dir.resolve("sub/dir/blob.bin");
    HttpResponse<String> up = postOctets(file.toString(), bytes);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("[{\"path\":\"" + file + "\",\"name\":\"blob.bin\",\"type\":\"file\"}]");

    HttpResponse<byte[]> down = agent.sendBytes(agent.request("/files?path=" + q(file.toString())).GET().build());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).isEqualTo(bytes);
    assertThat(down.headers().firstValue("content-length")).hasValue(String.valueOf(bytes.length));
    assertThat(noStagingLeft(file.getParent())).isTrue();
  }

  @Test
  void multipart_severalFilesInOneRequest() throws IOException {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("nested/b.txt");
    HttpResponse<String> up = postMultipart("", multipart(a.toString(), "alpha", b.toString(), "beta"));
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"name\":\"a.txt\"").contains("\"name\":\"b.txt\"");
    assertThat(Files.readString(a)).isEqualTo("alpha");
    assertThat(Files.readString(b)).isEqualTo("beta");
  }

  @Test
  void multipart_pathParameterNamesTheFile() throws IOException {
    Path a = dir.resolve("named.txt");
    assertThat(postMultipart("?path=" + q(a.toString()), multipart("whatever", "x")).statusCode()).isEqualTo(200);
    assertThat(Files.readString(a)).isEqualTo("x");
  }

  @Test
  void multipart_malformed_is400_andLeavesNothing() throws IOException {
    HttpResponse<String> r = agent.send(agent.request("/files?path=" + q(dir.resolve("m").toString()))
        .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("garbage")).build());
    assertThat(r.statusCode()).isEqualTo(400);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void upload_withoutPathOrType_is400() {
    HttpResponse<String> r = agent.send(agent.request("/files").header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("path");
    r = agent.send(agent.request("/files?path=/tmp/x").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void upload_overTheLimit_is413_andLeavesNothing() throws IOException {
    agent.close();
    agent = HttpAgent.start(AgentConfig.defaults().withAccessToken(HttpAgent.TOKEN).withMaxUploadBytes(1000));
    HttpResponse<String> r = postOctets(dir.resolve("big").toString(), new byte[5000]);
    assertThat(r.statusCode()).isEqualTo(413);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void upload_metadataHeaders_becomeXattrs() throws IOException {
    Path file = dir.resolve("meta.txt");
    HttpResponse<String> r = agent.send(agent.request("/files?path=" + q(file.toString()))
        .header("Content-Type", "application/octet-stream").header("X-Metadata-Owner", "alice")
        .POST(HttpRequest.BodyPublishers.ofString("m")).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"metadata\":{\"owner\":\"alice\"}");
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    assertThat(view.list()).contains("e2b.owner");
  }

  @Test
  void download_gzipWhenAsked() throws IOException {
    Path file = dir.resolve("text.txt");
    Files.writeString(file, "hello ".repeat(1000));
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/files?path=" + q(file.toString()))
        .header("Accept-Encoding", "gzip").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello ".repeat(1000));
    }
  }

  @Test
  void download_gzipAccepted_sendsIncompressibleDataAsItIs() throws IOException {
    Path file = dir.resolve("random.bin");
    byte[] random = new byte[3 << 20];
    new java.util.Random(7).nextBytes(random);
    Files.write(file, random);
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/files?path=" + q(file.toString()))
        .header("Accept-Encoding", "gzip, deflate").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-encoding")).isEmpty();
    assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(random.length));
    assertThat(r.body()).isEqualTo(random);
  }

  @Test
  void download_gzipOnly_isGzipEvenForIncompressibleData() throws IOException {
    Path file = dir.resolve("random.bin");
    byte[] random = new byte[300_000];
    new java.util.Random(8).nextBytes(random);
    Files.write(file, random);
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/files?path=" + q(file.toString()))
        .header("Accept-Encoding", "gzip, identity;q=0").GET().build());
    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(random);
    }
  }

  @Test
  void download_emptyFile_gzipAccepted_isEmpty() throws IOException {
    Path file = dir.resolve("empty");
    Files.write(file, new byte[0]);
    HttpResponse<byte[]> r = agent.sendBytes(agent.request("/files?path=" + q(file.toString()))
        .header("Accept-Encoding", "gzip").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue("0");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void download_unacceptableEncoding_is406() throws IOException {
    Path file = dir.resolve("t");
    Files.writeString(file, "t");
    assertThat(agent.send(agent.request("/files?path=" + q(file.toString())).header("Accept-Encoding", "br;q=1, identity;q=0")
        .GET().build()).statusCode()).isIn(200, 406);
    assertThat(agent.send(agent.request("/files?path=" + q(file.toString())).header("Accept-Encoding", "br")
        .GET().build()).statusCode()).isEqualTo(406);
  }

  @Test
  void download_range() throws IOException {
    Path file = dir.resolve("range.txt");
    Files.writeString(file, "0123456789");
    HttpResponse<String> r = agent.send(agent.request("/files?path=" + q(file.toString())).header("Range", "bytes=2-5")
        .GET().build());
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("2345");
    assertThat(r.headers().firstValue("content-range")).hasValue("bytes 2-5/10");
    r = agent.send(agent.request("/files?path=" + q(file.toString())).header("Range", "bytes=7-").GET().build());
    assertThat(r.body()).isEqualTo("789");
    r = agent.send(agent.request("/files?path=" + q(file.toString())).header("Range", "bytes=20-").GET().build());
    assertThat(r.statusCode()).isEqualTo(416);
  }

  @Test
  void download_statusCodes() {
    assertThat(agent.send(agent.request("/files?path=" + q(dir.resolve("missing").toString())).GET().build())
        .statusCode()).isEqualTo(404);
    assertThat(agent.send(agent.request("/files?path=" + q(dir.toString())).GET().build()).statusCode()).isEqualTo(400);
    assertThat(agent.send(agent.request("/files").GET().build()).statusCode()).isEqualTo(400);
    assertThat(agent.send(agent.request("/files?path=/etc/hostname&username=no-such-user").GET().build())
        .statusCode()).isEqualTo(401);
  }

  @Test
  void auth_missingOrWrongToken_is401() {
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/files?path=/etc/hostname")).GET().build()).statusCode())
        .isEqualTo(401);
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/files?path=/etc/hostname")).header("X-Access-Token", "wrong")
        .GET().build()).statusCode()).isEqualTo(401);
  }

  @Test
  void signedUrls_workWithoutTheToken() throws IOException {
    Path file = dir.resolve("signed.txt");
    String user = System.getProperty("user.name");
    long expires = System.currentTimeMillis() / 1000 + 60;
    String write = FileUrlSignature.sign(file.toString(), "write", user, HttpAgent.TOKEN, String.valueOf(expires));
    HttpResponse<String> up = agent.send(HttpRequest.newBuilder(agent.uri("/files?path=" + q(file.toString())
            + "&username=" + q(user) + "&signature=" + q(write) + "&signature_expiration=" + expires))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("signed")).build());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

    String read = FileUrlSignature.sign(file.toString(), "read", user, HttpAgent.TOKEN, null);
    HttpResponse<String> down = agent.send(HttpRequest.newBuilder(agent.uri("/files?path=" + q(file.toString())
        + "&username=" + q(user) + "&signature=" + q(read))).GET().build());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).isEqualTo("signed");
  }

  @Test
  void signedUrls_badOrExpired_is401() {
    String path = "/etc/hostname";
    String wrongOp = FileUrlSignature.sign(path, "write", "", HttpAgent.TOKEN, null);
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/files?path=" + path + "&signature=" + q(wrongOp))).GET()
        .build()).statusCode()).isEqualTo(401);
    long past = System.currentTimeMillis() / 1000 - 10;
    String expired = FileUrlSignature.sign(path, "read", "", HttpAgent.TOKEN, String.valueOf(past));
    HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/files?path=" + path + "&signature="
        + q(expired) + "&signature_expiration=" + past)).GET().build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("expired");
  }

  private static boolean noStagingLeft(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.noneMatch(p -> p.getFileName().toString().startsWith("."));
    } catch (IOException e) {
      return false;
    }
  }
}
