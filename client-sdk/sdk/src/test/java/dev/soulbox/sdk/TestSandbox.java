package dev.soulbox.sdk;

import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.AgentServer;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * A real agent on 127.0.0.1, and the SDK pointed at it as if it were the orchestrator: sandbox
 * calls only (the agent ignores the sandbox-id header). Close it in {@code @AfterEach}.
 */
final class TestSandbox implements AutoCloseable {
  static final String TOKEN = "s3cret-token";
  static final String ID = "testsandbox000000001";

  final AgentServer agent;
  final SoulBox client;
  final Sandbox sandbox;
  final Path workdir;

  private TestSandbox(Path workdir, IntUnaryOperator clientPortFor, UnaryOperator<SoulBox.Builder> tweak) {
    this.workdir = workdir;
    try {
      agent = new AgentServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
          AgentConfig.defaults().withAccessToken(TOKEN).withWorkdir(workdir)).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = tweak.apply(SoulBox.builder().endpoint("127.0.0.1:" + clientPortFor.applyAsInt(agent.port()))).build();
    sandbox = client.connect(ID, TOKEN);
  }

  static TestSandbox start(Path workdir) {
    return new TestSandbox(workdir, port -> port, b -> b);
  }

  /** With the client reaching the agent at the port {@code proxyFor} returns for the agent's port. */
  static TestSandbox startBehind(Path workdir, IntUnaryOperator proxyFor, UnaryOperator<SoulBox.Builder> tweak) {
    return new TestSandbox(workdir, proxyFor, tweak);
  }

  /** Another handle on the same agent, with another token. */
  Sandbox withToken(String token) {
    return client.connect(ID, token);
  }

  @Override
  public void close() {
    sandbox.keepOnClose().close();
    client.close();
    agent.close();
  }
}
