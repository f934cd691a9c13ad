import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A minimal gRPC client for checking a sandbox image by hand, run against the agent jar:
 *
 * <pre>
 *   java -cp soulbox-envd-agent.jar AgentProbe.java wait PORT SINCE_EPOCH_MS TIMEOUT_S
 *   java -cp soulbox-envd-agent.jar AgentProbe.java start docker run -d -p 127.0.0.1::49983 ... IMAGE
 *   java -cp soulbox-envd-agent.jar AgentProbe.java run PORT TOKEN USER CMD [ARGS...]
 * </pre>
 *
 * {@code wait} polls grpc.health.v1.Health on 127.0.0.1:PORT until SERVING and prints the
 * milliseconds since SINCE_EPOCH_MS; {@code start} runs the docker command (this JVM is already up,
 * so its own start does not count), then waits for the agent on the container's published port and
 * prints the container id, the port and the milliseconds until the agent answered; {@code run}
 * starts CMD as USER, prints its output and exits with its exit code.
 */
public final class AgentProbe {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("start")) {
      System.exit(start(Arrays.copyOfRange(args, 1, args.length)));
    }
    int port = Integer.parseInt(args[1]);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      System.exit(args[0].equals("wait")
          ? await(channel, Long.parseLong(args[2]), Long.parseLong(args[3]))
          : run(channel, args[2], args[3], Arrays.copyOfRange(args, 4, args.length)));
    } finally {
      channel.shutdownNow();
    }
  }

  private static int start(String[] dockerRun) throws Exception {
    // a first call loads and links gRPC and Netty, which takes this JVM a second: not the agent's time
    ManagedChannel nowhere = NettyChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
    serving(nowhere);
    nowhere.shutdownNow();
    long since = System.currentTimeMillis();
    String id = exec(dockerRun);
    long ran = System.currentTimeMillis() - since;
    String published = exec("docker", "port", id, "49983");
    int port = Integer.parseInt(published.lines().findFirst().orElseThrow().replaceAll(".*:", ""));
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      long deadline = since + 60_000;
      while (System.currentTimeMillis() < deadline) {
        if (serving(channel)) {
          System.out.printf("%s %d docker-run-ms=%d answered-ms=%d%n", id, port, ran, System.currentTimeMillis() - since);
          return 0;
        }
        Thread.sleep(100);
      }
    } finally {
      channel.shutdownNow();
    }
    System.out.println(id + " " + port + " agent did not answer within 60s");
    return 1;
  }

  private static String exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return out;
  }

  private static boolean serving(ManagedChannel channel) {
    try {
      return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(500, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      if (System.getenv("PROBE_DEBUG") != null) {
        System.err.println(System.currentTimeMillis() % 100000 + " " + e.getStatus());
      }
      // not up yet; without the reset the channel would wait out its reconnect backoff (1s and more)
      channel.resetConnectBackoff();
      return false;
    }
  }

  private static int await(ManagedChannel channel, long since, long timeoutS) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutS * 1000;
    while (System.currentTimeMillis() < deadline) {
      if (serving(channel)) {
        System.out.println(System.currentTimeMillis() - since);
        return 0;
      }
      Thread.sleep(100);
    }
    System.err.println("agent did not answer within " + timeoutS + "s");
    return 1;
  }

  private static int run(ManagedChannel channel, String token, String user, String[] cmd) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), token);
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8)));
    Iterator<StartResponse> events = ProcessGrpc.newBlockingStub(channel).withInterceptors(with(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .start(StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd(cmd[0])
            .addAllArgs(Arrays.asList(cmd).subList(1, cmd.length))).build());
    int exit = -1;
    while (events.hasNext()) {
      var event = events.next().getEvent();
      if (event.hasData()) {
        System.out.print(event.getData().getStdout().toStringUtf8() + event.getData().getStderr().toStringUtf8());
      } else if (event.hasEnd()) {
        exit = event.getEnd().getExitCode();
      }
    }
    return exit;
  }

  private static ClientInterceptor with(Metadata extra) {
    return new ClientInterceptor() {
      @Override
      public <Q, S> ClientCall<Q, S> interceptCall(MethodDescriptor<Q, S> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<S> listener, Metadata headers) {
            headers.merge(extra);
            super.start(listener, headers);
          }
        };
      }
    };
  }
}
