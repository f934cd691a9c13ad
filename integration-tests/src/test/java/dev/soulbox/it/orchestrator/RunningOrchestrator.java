package dev.soulbox.it.orchestrator;

import dev.soulbox.sdk.SoulBox;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own orchestrator process and a client of it. Register it on a static field with
 * {@code @RegisterExtension}: it starts before the class's {@code @BeforeAll} methods (skipping the class without a
 * Docker engine) and stops, with every sandbox of its scope, after its {@code @AfterAll} ones.
 */
public final class RunningOrchestrator implements BeforeAllCallback, AfterAllCallback {
  private final String[] options;
  private OrchestratorProcess process;
  private SoulBox client;

  /** @param options of {@code serve}, beyond its ports, key, state and scope */
  public RunningOrchestrator(String... options) {
    this.options = options.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    process = OrchestratorProcess.startOrSkip(options);
    client = process.client();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.close();
    }
  }

  /** The client the class shares, with the API key. */
  public SoulBox client() {
    return client;
  }

  public String endpoint() {
    return process.endpoint();
  }

  public int httpPort() {
    return process.httpPort();
  }

  public String scope() {
    return process.scope();
  }

  public Path stateDir() {
    return process.stateDir();
  }

  public String logText() {
    return process.logText();
  }
}
