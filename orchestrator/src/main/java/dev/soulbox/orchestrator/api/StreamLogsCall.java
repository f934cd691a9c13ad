package dev.soulbox.orchestrator.api;

import dev.soulbox.grpc.stream.QueuedSource;
import dev.soulbox.grpc.stream.ServerStream;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One StreamLogs call: reads the sandbox's log on a worker thread and sends it as the client takes it. */
final class StreamLogsCall implements LogSink {
  private static final Logger log = LoggerFactory.getLogger(StreamLogsCall.class);
  private static final int QUEUED_LINES = 1024;

  private final Sandboxes sandboxes;
  private final String sandboxId;
  private final boolean follow;
  private final QueuedSource<LogEntry> entries = new QueuedSource<>(QUEUED_LINES);
  private volatile AutoCloseable source;

  StreamLogsCall(Sandboxes sandboxes, String sandboxId, boolean follow) {
    this.sandboxes = sandboxes;
    this.sandboxId = sandboxId;
    this.follow = follow;
  }

  /** Must run inside the RPC's handler method; the log is read on {@code worker}. */
  void begin(ServerCallStreamObserver<LogEntry> out, Executor worker) {
    entries.onClose(this::closeSource);
    ServerStream.of(out, entries).begin();
    worker.execute(() -> {
      try {
        source = sandboxes.logs(sandboxId, follow, this);
        if (entries.isClosed()) {
          closeSource();
        }
      } catch (RuntimeException e) {
        entries.finish(e);
      }
    });
  }

  @Override
  public void accept(LogLine line) {
    LogEntry entry = SandboxProtos.logEntry(line);
    if (line.isLifecycle()) {
      entries.offer(entry);
    } else {
      entries.offerBulk(entry);
    }
  }

  @Override
  public void end(Throwable error) {
    entries.finish(error);
  }

  private void closeSource() {
    AutoCloseable s = source;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("sandbox {}: closing its log stream failed: {}", sandboxId, e.toString());
      }
    }
  }
}
