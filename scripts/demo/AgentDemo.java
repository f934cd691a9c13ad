import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.ListDirRequest;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives a running agent the way a client would: runs a command and streams its output, uploads
 * a file, lists the directory. Run with the agent jar on the class path:
 * {@code java -cp soulbox-envd-agent.jar AgentDemo.java 127.0.0.1:49983 <token> <dir>}.
 */
public class AgentDemo {
  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1])).usePlaintext().build();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), args[1]);
    var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
    String dir = args[2];
    try {
      var info = AgentGrpc.newBlockingStub(channel).withInterceptors(auth).info(InfoRequest.getDefaultInstance());
      System.out.printf("agent %s (envd %s), default user %s%n%n", info.getVersion(), info.getEnvdVersion(), info.getDefaultUser());

      String script = "echo \"hello from $(whoami) on $(hostname), pid $$\"; for i in 1 2 3; do echo tick $i; sleep 0.2; done";
      System.out.println("$ bash -c '" + script + "'");
      var events = ProcessGrpc.newBlockingStub(channel).withInterceptors(auth).start(StartRequest.newBuilder()
          .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-c").addArgs(script)).setStdin(false).build());
      while (events.hasNext()) {
        ProcessEvent e = events.next().getEvent();
        if (e.hasData()) {
          System.out.print("  " + e.getData().getStdout().toStringUtf8().replace("\n", "\n  ").stripTrailing() + "\n");
        } else if (e.hasEnd()) {
          System.out.println("  (" + e.getEnd().getStatus() + ")\n");
        }
      }

      CompletableFuture<UploadResponse> uploaded = new CompletableFuture<>();
      StreamObserver<UploadRequest> upload = FilesGrpc.newStub(channel).withInterceptors(auth).upload(new StreamObserver<>() {
        public void onNext(UploadResponse r) { uploaded.complete(r); }
        public void onError(Throwable t) { uploaded.completeExceptionally(t); }
        public void onCompleted() { }
      });
      upload.onNext(UploadRequest.newBuilder().setHeader(UploadHeader.newBuilder().setPath(dir + "/greeting.txt")).build());
      upload.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom("hello, sandbox\n", StandardCharsets.UTF_8)).build());
      upload.onCompleted();
      UploadResponse r = uploaded.get(10, TimeUnit.SECONDS);
      System.out.println("uploaded " + r.getEntry().getPath() + " (" + r.getEntry().getSize() + " bytes, sha256 " + r.getSha256().substring(0, 12) + "…)");

      System.out.println("ls " + dir + ":");
      for (EntryInfo entry : FilesystemGrpc.newBlockingStub(channel).withInterceptors(auth)
          .listDir(ListDirRequest.newBuilder().setPath(dir).build()).getEntriesList()) {
        System.out.printf("  %s %-8s %6d %s%n", entry.getPermissions(), entry.getOwner(), entry.getSize(), entry.getName());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
