package dev.soulbox.examples;

import dev.soulbox.sdk.CommandExitException;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.TimeoutException;
import java.time.Duration;

/**
 * Streams a long build's output line by line as it happens, fails on a non-zero exit, and gives
 * up after ten minutes. If the connection drops meanwhile, the output resumes where it stopped.
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.soulbox.examples.StreamBuild -Dexec.args="make -j4"
 * </pre>
 */
public final class StreamBuild {
  private static final String DEMO_BUILD = """
      mkdir -p /tmp/demo && cd /tmp/demo
      for i in $(seq 1 20); do
        echo "[$i/20] compiling module-$i"
        sleep 0.3
        [ $((i % 7)) -eq 0 ] && echo "warning: module-$i is deprecated" >&2
      done
      echo "build finished"
      """;

  public static void main(String[] args) {
    String build = args.length > 0 ? String.join(" ", args) : DEMO_BUILD;
    CommandOptions options = CommandOptions.builder()
        .onStdout(System.out::print)
        .onStderr(System.err::print)
        .timeout(Duration.ofMinutes(10))
        .throwOnNonZeroExit(true)
        .build();
    try (SoulBox client = SoulBox.builder().build();
         Sandbox sandbox = client.create()) {
      sandbox.commands().run(build, options);
      System.out.println("build succeeded");
    } catch (CommandExitException e) {
      System.err.println("build failed with exit code " + e.exitCode());
      System.exit(e.exitCode());
    } catch (TimeoutException e) {
      System.err.println("build took too long: " + e.getMessage());
      System.exit(124);
    }
  }
}
