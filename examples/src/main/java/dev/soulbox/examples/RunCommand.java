package dev.soulbox.examples;

import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;

/**
 * Creates a sandbox, runs one command in it, prints what it said, and throws the sandbox away.
 *
 * <pre>
 * SOULBOX_API_KEY=… mvn -q -pl examples exec:java -Dexec.mainClass=dev.soulbox.examples.RunCommand \
 *     -Dexec.args="uname -a"
 * </pre>
 */
public final class RunCommand {
  public static void main(String[] args) {
    String command = args.length > 0 ? String.join(" ", args) : "echo hello from $(hostname); id";
    try (SoulBox client = SoulBox.builder().build();
         Sandbox sandbox = client.create()) {
      CommandResult result = sandbox.commands().run(command);
      System.out.print(result.stdout());
      System.err.print(result.stderr());
      System.out.println("exit code " + result.exitCode() + " in sandbox " + sandbox.id());
    }
  }
}
