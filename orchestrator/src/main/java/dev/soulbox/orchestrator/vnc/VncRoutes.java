package dev.soulbox.orchestrator.vnc;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VNC routes the lifecycle publishes. The gateway's {@code /websockify} resolves tokens through the
 * {@code SandboxDirectory}; this class gives each route its public links and, when a websockify token directory is
 * configured, mirrors it as a token file for an external websockify. Call {@link #published} when a sandbox with VNC
 * is created (or found again after a restart) and {@link #removed} when it goes.
 */
public final class VncRoutes {
  private static final Logger log = LoggerFactory.getLogger(VncRoutes.class);

  private final Supplier<URI> publicBaseUrl;
  private final Optional<TokenFileWriter> tokenFiles;

  /** {@code publicBaseUrl} is read on every call, so it may depend on a port bound later. */
  public VncRoutes(Supplier<URI> publicBaseUrl, Optional<TokenFileWriter> tokenFiles) {
    this.publicBaseUrl = publicBaseUrl;
    this.tokenFiles = tokenFiles;
  }

  /**
   * Records that {@code token} opens the VNC server at {@code hostPort} and returns the links to hand out.
   *
   * @throws UncheckedIOException when the token file cannot be written
   */
  public VncLinks published(String sandboxId, String token, InetSocketAddress hostPort) {
    tokenFiles.ifPresent(files -> files.write(sandboxId, token, hostPort));
    log.debug("VNC route of sandbox {} published to {}", sandboxId, hostPort);
    return links(token);
  }

  /** Drops the sandbox's route; never throws, so it can sit on {@code SandboxDirectory.onRemoved}. */
  public void removed(String sandboxId) {
    tokenFiles.ifPresent(files -> {
      try {
        if (files.delete(sandboxId)) {
          log.debug("VNC token file of sandbox {} removed", sandboxId);
        }
      } catch (RuntimeException e) {
        log.warn("VNC token file of sandbox {} could not be removed: {}", sandboxId, e.getMessage());
      }
    });
  }

  /** Removes the token files of sandboxes that are no longer there. */
  public void retainOnly(Set<String> sandboxIds) {
    tokenFiles.ifPresent(files -> files.retainOnly(sandboxIds));
  }

  public VncLinks links(String token) {
    return VncLinks.of(publicBaseUrl.get(), token);
  }
}
