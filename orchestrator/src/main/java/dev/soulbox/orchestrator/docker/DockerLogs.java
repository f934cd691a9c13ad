package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A container's output (docker logs, with Docker's timestamps) as {@link LogLine}s. */
final class DockerLogs {
  private final DockerClient docker;

  DockerLogs(DockerClient docker) {
    this.docker = docker;
  }

  AutoCloseable stream(String container, Instant since, int tail, boolean follow, LogSink sink) {
    LogContainerCmd cmd = docker.logContainerCmd(container).withStdOut(true).withStdErr(true)
        .withTimestamps(true).withFollowStream(follow);
    if (since != null) {
      cmd.withSince((int) since.getEpochSecond());
    }
    if (tail > 0) {
      cmd.withTail(tail);
    } else {
      cmd.withTailAll();
    }
    AtomicBoolean ended = new AtomicBoolean();
    return cmd.exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        String source = frame.getStreamType() == StreamType.STDERR ? LogLine.STDERR : LogLine.STDOUT;
        for (String raw : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\n")) {
          if (!raw.isEmpty()) {
            sink.accept(line(source, raw));
          }
        }
      }

      @Override
      public void onError(Throwable error) {
        closeQuietly(this);
        if (ended.compareAndSet(false, true)) {
          sink.end(error);
        }
      }

      @Override
      public void onComplete() {
        closeQuietly(this);
        if (ended.compareAndSet(false, true)) {
          sink.end(null);
        }
      }
    });
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // the stream is over either way
    }
  }

  /** The last {@code lines} lines of output, as text. */
  String tail(String container, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(lines)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              synchronized (out) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
              }
            }

            @Override
            public void onError(Throwable error) {
              closeQuietly(this); // a container that is gone has no tail: the empty one says so
            }
          }).awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (out) {
      return out.toString().strip();
    }
  }

  /** Docker puts an RFC 3339 timestamp and a space before each line. */
  static LogLine line(String source, String raw) {
    int space = raw.indexOf(' ');
    if (space > 0) {
      try {
        return new LogLine(Instant.parse(raw.substring(0, space)), source, raw.substring(space + 1));
      } catch (DateTimeParseException e) {
        // not a timestamp: keep the whole line
      }
    }
    return new LogLine(Instant.now(), source, raw);
  }
}
