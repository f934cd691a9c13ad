package dev.soulbox.orchestrator.vnc;

import dev.soulbox.orchestrator.http.Bridges;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a sandbox's VNC server that has been through RFB's handshake, authenticated
 * with the sandbox's VNC password. A desktop is still starting for a moment after its sandbox is
 * created: while Docker's published port accepts and closes without a word from the server inside,
 * the connection is tried again, for up to {@link #WAIT}.
 */
final class VncBackend {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final long RETRY_MILLIS = 100;

  private final Bridges bridges;
  private final Channel client;
  private final InetSocketAddress address;
  private final String password;
  private final long deadlineNanos = System.nanoTime() + WAIT.toNanos();
  private final Promise<Channel> ready;

  private VncBackend(Bridges bridges, Channel client, InetSocketAddress address, String password) {
    this.bridges = bridges;
    this.client = client;
    this.address = address;
    this.password = password;
    this.ready = client.eventLoop().newPromise();
  }

  /** Connects (from {@code client}'s event loop); the channel does not read until it is spliced. */
  static Future<Channel> open(Bridges bridges, Channel client, InetSocketAddress address, String password) {
    VncBackend backend = new VncBackend(bridges, client, address, password);
    backend.attempt();
    return backend.ready;
  }

  private void attempt() {
    if (!client.isActive()) {
      ready.tryFailure(new RfbException("the viewer went away", false));
      return;
    }
    bridges.connect(client, address).addListener((ChannelFuture connected) -> {
      if (!connected.isSuccess()) {
        // Docker's published port accepts while the sandbox runs: a refusal means it is gone, not starting
        retryOr(new RfbException("the VNC server is not reachable: " + connected.cause().getMessage(), false));
        return;
      }
      Channel vnc = connected.channel();
      Promise<Channel> handshake = vnc.eventLoop().newPromise();
      vnc.pipeline().addLast("rfb", new RfbClientSide(password, handshake));
      vnc.config().setAutoRead(true);
      handshake.addListener(done -> {
        if (done.isSuccess()) {
          ready.trySuccess(vnc);
        } else {
          vnc.close();
          retryOr(done.cause());
        }
      });
    });
  }

  private void retryOr(Throwable failure) {
    boolean again = failure instanceof RfbException r && r.notUpYet() && System.nanoTime() < deadlineNanos;
    if (again) {
      client.eventLoop().schedule(this::attempt, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      ready.tryFailure(failure);
    }
  }
}
