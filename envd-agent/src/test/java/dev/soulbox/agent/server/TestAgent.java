package dev.soulbox.agent.server;

import dev.soulbox.agent.watch.WatcherRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** An agent on the in-process transport, for tests of its services. Close it in {@code @AfterEach}. */
public final class TestAgent implements AutoCloseable {
  private final AgentServer server;
  private final ManagedChannel channel;

  private TestAgent(AgentConfig config) {
    String name = InProcessServerBuilder.generateName();
    try {
      server = new AgentServer(InProcessServerBuilder.forName(name), config).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).build();
  }

  public static TestAgent start() {
    return start(AgentConfig.defaults());
  }

  public static TestAgent start(AgentConfig config) {
    return new TestAgent(config);
  }

  public ManagedChannel channel() {
    return channel;
  }

  public AgentServer server() {
    return server;
  }

  /** The agent's live watches, to check that none is left behind. */
  public WatcherRegistry watchers() {
    return server.watchers();
  }

  /** The stub, calling as {@code user} (envd's Basic authorization header). */
  public static <S extends AbstractStub<S>> S asUser(S stub, String user) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8)));
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The stub, with one extra header. */
  public static <S extends AbstractStub<S>> S withHeader(S stub, String key, String value) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }

}
