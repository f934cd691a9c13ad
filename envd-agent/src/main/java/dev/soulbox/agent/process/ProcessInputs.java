package dev.soulbox.agent.process;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.proto.process.ProcessInput;

/** Routes envd's ProcessInput to the process's stdin or PTY. */
final class ProcessInputs {
  private ProcessInputs() {}

  static void write(ManagedProcess process, ProcessInput input) {
    switch (input.getInputCase()) {
      case STDIN -> process.writeStdin(input.getStdin());
      case PTY -> process.writePty(input.getPty());
      default -> throw new InvalidArgumentException("input is empty; set stdin or pty bytes");
    }
  }
}
