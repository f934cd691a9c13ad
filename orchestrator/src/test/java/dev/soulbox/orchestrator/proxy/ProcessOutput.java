package dev.soulbox.orchestrator.proxy;

import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.StartRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** A process's event stream read to its end: stdout, and the events other than data and keepalives. */
final class ProcessOutput {
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final List<ProcessEvent> events = new ArrayList<>();
  boolean sawKeepalive;

  static StartRequest bash(String script) {
    return StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-c").addArgs(script))
        .setStdin(false)
        .build();
  }

  static <T> ProcessOutput drain(Iterator<T> stream, Function<T, ProcessEvent> event) {
    ProcessOutput out = new ProcessOutput();
    while (stream.hasNext()) {
      out.add(event.apply(stream.next()));
    }
    return out;
  }

  void add(ProcessEvent e) {
    if (e.hasData()) {
      stdout.writeBytes(e.getData().getStdout().toByteArray());
    } else if (e.hasKeepalive()) {
      sawKeepalive = true;
    } else {
      events.add(e);
    }
  }

  String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  ProcessEvent.EndEvent end() {
    return events.get(events.size() - 1).getEnd();
  }
}
