import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * Creates a desktop sandbox on a running orchestrator, runs a command in it through the
 * orchestrator's proxy, and prints how to reach its desktop. Run with the orchestrator jar on the
 * class path: {@code java -cp soulbox-orchestrator.jar SandboxDemo.java 127.0.0.1:7070 <api key>}.
 */
public class SandboxDemo {
  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1])).usePlaintext().build();
    try {
      long t0 = System.nanoTime();
      Sandbox sandbox = SandboxServiceGrpc.newBlockingStub(channel).withInterceptors(headers("x-api-key", args[1]))
          .createSandbox(CreateSandboxRequest.newBuilder().setTemplate("desktop").setVnc(true).setTimeoutSeconds(3600)
              .putMetadata("created-by", "run.sh").build());
      System.out.printf("sandbox %s is up (%d ms)%n%n", sandbox.getSandboxId(), (System.nanoTime() - t0) / 1_000_000);

      String script = "echo \"hello from $(whoami)@$(hostname) in $(pwd)\"; uname -sr; python3 --version";
      System.out.println("$ " + script);
      var events = ProcessGrpc.newBlockingStub(channel)
          .withInterceptors(headers("sandbox-id", sandbox.getSandboxId(), "x-access-token", sandbox.getEnvdAccessToken()))
          .start(StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-c").addArgs(script))
              .setStdin(false).build());
      while (events.hasNext()) {
        ProcessEvent e = events.next().getEvent();
        if (e.hasData()) {
          System.out.print(e.getData().getStdout().toStringUtf8() + e.getData().getStderr().toStringUtf8());
        }
      }
      System.out.println();
      System.out.println("its desktop, in a browser:  " + sandbox.getVnc().getNovncUrl());
      System.out.println("any VNC websocket client:   " + sandbox.getVnc().getWebsocketUrl());
      System.out.println("its port 8000, once served: http://8000-" + sandbox.getSandboxId() + ".localhost:"
          + sandbox.getVnc().getNovncUrl().replaceAll(".*:(\\d+)/.*", "$1") + "/");
      System.out.println("it ends at " + java.time.Instant.ofEpochSecond(sandbox.getEndAt().getSeconds()));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static io.grpc.ClientInterceptor headers(String... keyValues) {
    Metadata m = new Metadata();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(Metadata.Key.of(keyValues[i], Metadata.ASCII_STRING_MARSHALLER), keyValues[i + 1]);
    }
    return MetadataUtils.newAttachHeadersInterceptor(m);
  }
}
