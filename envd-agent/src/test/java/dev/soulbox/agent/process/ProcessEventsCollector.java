package dev.soulbox.agent.process;

import dev.soulbox.proto.process.ProcessEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** Reads a blocking event stream to its end and keeps what it saw. */
final class ProcessEventsCollector {
  final List<ProcessEvent> events = new ArrayList<>();
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final ByteArrayOutputStream pty = new ByteArrayOutputStream();

  static <T> ProcessEventsCollector drain(Iterator<T> stream, Function<T, ProcessEvent> event) {
    ProcessEventsCollector c = new ProcessEventsCollector();
    while (stream.hasNext()) {
      c.add(event.apply(stream.next()));
    }
    return c;
  }

  void add(ProcessEvent e) {
    events.add(e);
    if (e.hasData()) {
      stdout.writeBytes(e.getData().getStdout().toByteArray());
      stderr.writeBytes(e.getData().getStderr().toByteArray());
      pty.writeBytes(e.getData().getPty().toByteArray());
    }
  }

  ProcessEvent.EndEvent end() {
    return events.get(events.size() - 1).getEnd();
  }

  int pid() {
    return events.get(0).getStart().getPid();
  }

  String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  String pty() {
    return pty.toString(StandardCharsets.UTF_8);
  }

  /** Event kinds in order, keepalives left out: "start", "data", "end". */
  List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    for (ProcessEvent e : events) {
      if (!e.hasKeepalive()) {
        kinds.add(e.getEventCase().name().toLowerCase());
      }
    }
    return kinds;
  }
}
