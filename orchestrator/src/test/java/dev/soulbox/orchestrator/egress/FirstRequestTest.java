package dev.soulbox.orchestrator.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class FirstRequestTest {
  private final AtomicReference<FirstRequest.Named> named = new AtomicReference<>();

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(new FirstRequest((ctx, n) -> named.set(n)));
  }

  @Test
  void http_isNamedByItsHostHeader_withoutItsPort_andKeepsEveryByte() {
    EmbeddedChannel ch = channel();
    String request = "GET / HTTP/1.1\r\nUser-Agent: curl\r\nHost: Files.Example.com:8080\r\n\r\n";

    ch.writeInbound(Unpooled.copiedBuffer(request.substring(0, 20), StandardCharsets.US_ASCII));
    assertThat(named.get()).isNull();
    ch.writeInbound(Unpooled.copiedBuffer(request.substring(20), StandardCharsets.US_ASCII));

    assertThat(named.get().host()).isEqualTo("files.example.com");
    assertThat(named.get().tls()).isFalse();
    assertThat(named.get().bytes().toString(StandardCharsets.US_ASCII)).isEqualTo(request);
    named.get().bytes().release();
  }

  @Test
  void tls_isNamedByTheClientHellosServerName() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("pypi.org", 443);
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName("pypi.org")));
    engine.setSSLParameters(params);
    ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), hello);
    hello.flip();
    ByteBuf bytes = Unpooled.wrappedBuffer(hello);
    int total = bytes.readableBytes();

    EmbeddedChannel ch = channel();
    ch.writeInbound(bytes.retainedSlice(0, 30));
    assertThat(named.get()).isNull();
    ch.writeInbound(bytes.retainedSlice(30, total - 30));

    assertThat(named.get().host()).isEqualTo("pypi.org");
    assertThat(named.get().tls()).isTrue();
    assertThat(named.get().bytes().readableBytes()).isEqualTo(total);
    named.get().bytes().release();
  }

  @Test
  void aRequestWithoutAHost_isNamedNothing() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.0\r\n\r\n", StandardCharsets.US_ASCII));

    assertThat(named.get().host()).isNull();
    named.get().bytes().release();
  }
}
