package dev.soulbox.it.agent;

import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.StartRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Function;

/** Test-side helpers for process streams. */
final class Events {
  private Events() {}

  static StartRequest bash(String script) {
    return StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-c").addArgs(script))
        .setStdin(false).build();
  }

  static ProcessSelector pid(int pid) {
    return ProcessSelector.newBuilder().setPid(pid).build();
  }

  static ProcessSelector tag(String tag) {
    return ProcessSelector.newBuilder().setTag(tag).build();
  }

  /** Output and end of a stream read to its end. */
  static final class Collected {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final ByteArrayOutputStream pty = new ByteArrayOutputStream();
    ProcessEvent.EndEvent end;
    int pid;
    int events;

    void add(ProcessEvent e) {
      events++;
      if (e.hasStart()) {
        pid = e.getStart().getPid();
      } else if (e.hasData()) {
        stdout.writeBytes(e.getData().getStdout().toByteArray());
        stderr.writeBytes(e.getData().getStderr().toByteArray());
        pty.writeBytes(e.getData().getPty().toByteArray());
      } else if (e.hasEnd()) {
        end = e.getEnd();
      }
    }

    String stdout() {
      return stdout.toString(StandardCharsets.UTF_8);
    }

    String pty() {
      return pty.toString(StandardCharsets.UTF_8);
    }
  }

  static <T> Collected drain(Iterator<T> stream, Function<T, ProcessEvent> event) {
    Collected c = new Collected();
    while (stream.hasNext()) {
      c.add(event.apply(stream.next()));
    }
    return c;
  }

  static <T> void readUntil(Iterator<T> stream, Collected c, Function<T, ProcessEvent> event, String text) {
    while (!c.pty().contains(text) && !c.stdout().contains(text)) {
      if (!stream.hasNext()) {
        throw new AssertionError("stream ended before '" + text + "'; saw: " + c.pty() + c.stdout());
      }
      c.add(event.apply(stream.next()));
    }
  }
}
