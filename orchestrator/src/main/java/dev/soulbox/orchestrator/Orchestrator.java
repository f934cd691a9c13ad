package dev.soulbox.orchestrator;

import dev.soulbox.orchestrator.lifecycle.Evictor;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import dev.soulbox.orchestrator.state.StateFiles;
import dev.soulbox.orchestrator.templates.Templates;
import dev.soulbox.orchestrator.vnc.TokenFileWriter;
import dev.soulbox.orchestrator.vnc.VncRoutes;
import dev.soulbox.orchestrator.vnc.VncTokens;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sandbox side of an orchestrator, without its servers: sandboxes restored from the runtime,
 * the templates they start from, and the evictor. Closing it stops the evictor and removes the warm
 * pool's waiting sandboxes; the others keep running.
 *
 * @param sandboxes also the {@link dev.soulbox.orchestrator.lifecycle.SandboxDirectory} the proxy and web side use
 */
public record Orchestrator(Sandboxes sandboxes, TemplateStore templateStore, Templates templates, Evictor evictor)
    implements AutoCloseable {
  public static Orchestrator start(OrchestratorConfig config, SandboxRuntime runtime, TemplateStore templateStore,
                                   Metrics metrics) {
    VncTokens vncTokens = new VncTokens(StateFiles.readOrCreateSecret(config.stateDir().resolve("server-secret"), 32));
    Sandboxes sandboxes = new Sandboxes(runtime, templateStore, config.sandboxes(), vncTokens::tokenFor, metrics);
    VncRoutes vncRoutes = new VncRoutes(config.publicUrls()::base,
        Optional.ofNullable(config.websockifyTokenDir()).map(TokenFileWriter::new));
    sandboxes.onAdded(s -> sandboxes.vncToken(s).ifPresent(token -> vncRoutes.published(s.sandboxId(), token, s.vnc())));
    sandboxes.onRemoved(vncRoutes::removed);
    sandboxes.restore();
    vncRoutes.retainOnly(sandboxes.list(Map.of(), Set.of()).stream().map(SandboxInstance::sandboxId).collect(Collectors.toSet()));
    Evictor evictor = new Evictor(sandboxes, Evictor.DEFAULT_INTERVAL).start();
    return new Orchestrator(sandboxes, templateStore, new Templates(templateStore, runtime::capacity, sandboxes), evictor);
  }

  @Override
  public void close() {
    evictor.close();
    sandboxes.close();
  }
}
