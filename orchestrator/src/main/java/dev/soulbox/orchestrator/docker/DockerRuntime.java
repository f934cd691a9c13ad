package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.egress.EgressProxy;
import dev.soulbox.orchestrator.firewall.SandboxFirewall;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.HostCapacity;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.orchestrator.runtime.SandboxClaim;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Docker containers named {@code soulbox-<id>}, labelled (see {@link Labels}) with
 * everything fixed at creation, the access token in their environment, and the agent (and VNC)
 * ports published on 127.0.0.1 at ports Docker picks. The engine is the truth: every read goes
 * to it, so a restarted orchestrator finds the same sandboxes. Later changes (end, exposed ports)
 * are kept in {@link SandboxOverrides} in the state dir.
 */
public final class DockerRuntime implements SandboxRuntime {
  private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
  public static final String DEFAULT_SCOPE = "default";
  private static final Set<String> STOPPED = Set.of("exited", "dead", "created");

  private final DockerClient docker;
  private final String scope;
  private final SandboxOverrides overrides;
  private final ContainerReader reader;
  private final DockerLogs logs;
  private final DockerStats stats;
  private final SandboxNetwork network;
  private final SandboxFirewall firewall;
  private final EgressProxy egressProxy;
  /** The policies of this orchestrator's sandboxes by their address, for the egress proxy. */
  private final Map<String, Egress> egressById = new ConcurrentHashMap<>();
  private volatile int egressProxyPort;
  private volatile HostCapacity capacity;

  /**
   * @param stateDir where changes made after creation are kept
   * @param scope name of this orchestrator among those sharing the engine; it sees only its own sandboxes
   * @param firewall keeps the sandboxes' network away from this host's services and enforces egress policies; null
   *     leaves the host open to them, and refuses sandboxes with a policy
   * @param egressProxy where the HTTP and TLS connections of sandboxes with domain rules go (with a firewall)
   */
  public DockerRuntime(DockerClient docker, Path stateDir, String scope, SandboxFirewall firewall,
                       EgressProxy egressProxy) {
    this.docker = docker;
    this.scope = scope;
    this.network = new SandboxNetwork(docker);
    this.firewall = firewall;
    this.egressProxy = egressProxy;
    this.overrides = new SandboxOverrides(stateDir.resolve("sandboxes.properties"));
    this.reader = new ContainerReader(overrides);
    this.logs = new DockerLogs(docker);
    this.stats = new DockerStats(docker);
  }

  static String containerName(String sandboxId) {
    return "soulbox-" + sandboxId;
  }

  /** A sandbox's address on the sandboxes' network, and its policy. */
  private record Egress(String address, EgressPolicy policy) {}

  @Override
  public SandboxInstance create(SandboxSpec spec) {
    String id = spec.sandboxId();
    requireFirewallFor(spec.egress());
    List<ExposedPort> exposed = new ArrayList<>(List.of(ExposedPort.tcp(SandboxPorts.AGENT)));
    if (spec.vnc()) {
      exposed.add(ExposedPort.tcp(SandboxPorts.VNC));
    }
    Ports bindings = new Ports();
    exposed.forEach(p -> bindings.bind(p, Ports.Binding.bindIp("127.0.0.1"))); // no host port: Docker picks a free one
    List<String> env = new ArrayList<>();
    spec.envVars().forEach((k, v) -> env.add(k + "=" + v));
    env.add(SandboxSpec.ACCESS_TOKEN_ENV + "=" + spec.accessToken());
    if (spec.vncPassword() != null) {
      env.add(SandboxSpec.VNC_PASSWORD_ENV + "=" + spec.vncPassword());
    }
    imageUser(spec.image()).ifPresent(user -> env.add(SandboxSpec.DEFAULT_USER_ENV + "=" + user));
    CreateContainerResponse created = DockerErrors.call("create sandbox " + id, () ->
        docker.createContainerCmd(spec.image())
            .withName(containerName(id))
            // the init and the agent need root; the image's own USER is the processes' default (above)
            .withUser("root")
            .withHostName(id)
            .withLabels(Labels.forSandbox(spec, scope))
            .withEnv(env)
            .withExposedPorts(exposed)
            .withHostConfig(ContainerHardening.hostConfig(spec.resources()).withPortBindings(bindings)
                .withNetworkMode(SandboxNetwork.NAME))
            .exec());
    SandboxInstance instance;
    try {
      docker.startContainerCmd(created.getId()).exec();
      instance = reader.read(docker.inspectContainerCmd(created.getId()).exec());
    } catch (RuntimeException e) {
      throw new SandboxLaunchException("sandbox " + id + " could not be started: " + e.getMessage(), e);
    }
    if (instance == null) {
      throw new SandboxLaunchException("sandbox " + id + " stopped right after it started");
    }
    try {
      enforce(id, instance.networkAddress(), spec.egress());
    } catch (RuntimeException e) {
      throw new SandboxLaunchException("sandbox " + id + ": its network policy could not be set: " + e.getMessage(), e);
    }
    log.debug("sandbox {} container {} started", id, created.getId());
    return instance;
  }

  /** The user an image's last {@code USER} names (without its group), when it names one. */
  private Optional<String> imageUser(String image) {
    return DockerErrors.call("inspect image " + image, () -> {
      try {
        var config = docker.inspectImageCmd(image).exec().getConfig();
        String user = config == null || config.getUser() == null ? "" : config.getUser().split(":", 2)[0].strip();
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        return Optional.empty(); // creating the container says what is missing
      }
    });
  }

  @Override
  public SandboxInstance claim(SandboxClaim claim) {
    String id = claim.sandboxId();
    requireFirewallFor(claim.egress());
    SandboxInstance pooled = find(id).orElseThrow(() -> new SandboxLaunchException("pooled sandbox " + id + " is gone"));
    if (!pooled.resources().equals(claim.resources())) {
      try {
        ContainerHardening.update(docker, containerName(id), claim.resources());
      } catch (RuntimeException e) {
        throw new SandboxLaunchException("pooled sandbox " + id + " could not take the limits " + claim.resources()
            + ": " + e.getMessage(), e);
      }
    }
    overrides.claim(id, new SandboxOverrides.Claimed(claim.startedAt(), claim.accessToken(), claim.metadata(),
        claim.vnc()), claim.endAt(), claim.egress().encode());
    try {
      enforce(id, pooled.networkAddress(), claim.egress());
    } catch (RuntimeException e) {
      throw new SandboxLaunchException("sandbox " + id + ": its network policy could not be set: " + e.getMessage(), e);
    }
    return find(id).orElseThrow(() -> new SandboxLaunchException("sandbox " + id + " stopped while it was claimed"));
  }

  @Override
  public List<String> removeUnclaimed() {
    List<String> removed = new ArrayList<>();
    for (Container c : containers()) {
      if (isUnclaimedPool(c)) {
        String id = c.getLabels().get(Labels.SANDBOX_ID);
        remove(id);
        removed.add(id);
      }
    }
    return removed;
  }

  private boolean isUnclaimedPool(Container c) {
    return c.getLabels().containsKey(Labels.POOL) && overrides.claimed(c.getLabels().get(Labels.SANDBOX_ID)).isEmpty();
  }

  @Override
  public void isolate() {
    SandboxNetwork.Bridge bridge = network.ensure();
    if (firewall == null) {
      return;
    }
    firewall.apply(bridge.name());
    egressProxyPort = egressProxy.listen(bridge.gateway(), this::policyAt);
    for (SandboxInstance s : list()) {
      enforce(s.sandboxId(), s.networkAddress(), s.egress());
    }
    firewall.forgetAllBut(allSandboxIds());
  }

  @Override
  public void setEgress(String sandboxId, EgressPolicy policy) {
    requireFirewallFor(policy);
    SandboxInstance s = find(sandboxId).orElseThrow(() -> gone(sandboxId));
    overrides.setEgress(sandboxId, policy.encode());
    enforce(sandboxId, s.networkAddress(), policy);
  }

  private void enforce(String sandboxId, String address, EgressPolicy policy) {
    if (firewall == null || address == null) {
      return;
    }
    Egress before = egressById.put(sandboxId, new Egress(address, policy));
    if (policy.isOpen() && (before == null || before.policy().isOpen())) {
      return; // the open policy needs no rules, and there are none to undo
    }
    firewall.enforce(sandboxId, address, policy, egressProxyPort);
  }

  private Optional<EgressPolicy> policyAt(InetAddress address) {
    String a = address.getHostAddress();
    return egressById.values().stream().filter(e -> e.address().equals(a)).map(Egress::policy).findFirst();
  }

  private void requireFirewallFor(EgressPolicy policy) {
    if (firewall == null && !policy.isOpen()) {
      throw new FailedPreconditionException("this orchestrator runs without the host firewall (--no-firewall), so it"
          + " cannot enforce a network policy; start it as root without --no-firewall, or leave network unset");
    }
  }

  /** Every sandbox on the engine, of any orchestrator: whose rules must stay. */
  private Set<String> allSandboxIds() {
    return DockerErrors.call("list sandboxes", () -> docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(Labels.SANDBOX_ID)).exec()).stream()
        .map(c -> c.getLabels().get(Labels.SANDBOX_ID)).collect(Collectors.toSet());
  }

  @Override
  public List<SandboxInstance> list() {
    List<SandboxInstance> sandboxes = new ArrayList<>();
    for (Container c : containers()) {
      if (!STOPPED.contains(c.getState()) && !isUnclaimedPool(c)) {
        inspect(c.getId()).map(reader::read).ifPresent(sandboxes::add);
      }
    }
    return sandboxes;
  }

  @Override
  public Set<String> liveIds() {
    Set<String> ids = new HashSet<>();
    for (Container c : containers()) {
      if (!STOPPED.contains(c.getState())) {
        ids.add(c.getLabels().get(Labels.SANDBOX_ID));
      }
    }
    return ids;
  }

  @Override
  public Optional<SandboxInstance> find(String sandboxId) {
    return inspect(containerName(sandboxId))
        .filter(c -> c.getConfig() != null && scope.equals(c.getConfig().getLabels().get(Labels.SCOPE)))
        .map(reader::read);
  }

  @Override
  public List<String> removeStopped() {
    Set<String> stale = overrides.sandboxIds(); // before listing: entries added later belong to new sandboxes
    List<String> removed = new ArrayList<>();
    for (Container c : containers()) {
      String id = c.getLabels().get(Labels.SANDBOX_ID);
      if (STOPPED.contains(c.getState())) {
        remove(id);
        removed.add(id);
      } else {
        stale.remove(id);
      }
    }
    stale.forEach(overrides::remove);
    return removed;
  }

  @Override
  public void remove(String sandboxId) {
    DockerErrors.run("remove sandbox " + sandboxId, () -> {
      try {
        docker.removeContainerCmd(containerName(sandboxId)).withForce(true).withRemoveVolumes(true).exec();
      } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
        // already gone: what remove promises
      } catch (ConflictException e) {
        if (!e.getMessage().contains("already in progress")) {
          throw e;
        }
      }
    });
    overrides.remove(sandboxId);
    Egress had = egressById.remove(sandboxId);
    if (firewall != null && had != null && !had.policy().isOpen()) {
      firewall.forget(sandboxId);
    }
  }

  @Override
  public void pause(String sandboxId) {
    freezeOrThaw(sandboxId, "pause", "paused", () -> docker.pauseContainerCmd(containerName(sandboxId)).exec());
  }

  @Override
  public void unpause(String sandboxId) {
    freezeOrThaw(sandboxId, "resume", "resumed", () -> docker.unpauseContainerCmd(containerName(sandboxId)).exec());
  }

  /** Pauses or resumes the container; one already in that state, or being removed, is FAILED_PRECONDITION. */
  private void freezeOrThaw(String sandboxId, String verb, String participle, Runnable command) {
    onContainer(verb + " sandbox", sandboxId, () -> {
      try {
        command.run();
      } catch (ConflictException | NotModifiedException e) {
        throw new FailedPreconditionException("sandbox " + sandboxId + " cannot be " + participle + ": "
            + e.getMessage());
      }
      return null;
    });
  }

  @Override
  public void setEndAt(String sandboxId, Instant endAt) {
    overrides.setEndAt(sandboxId, endAt);
  }

  @Override
  public void addExposedPort(String sandboxId, int port) {
    overrides.addExposedPort(sandboxId, port);
  }

  @Override
  public String logTail(String sandboxId, int lines) {
    return DockerErrors.call("read the output of sandbox " + sandboxId, () -> logs.tail(containerName(sandboxId), lines));
  }

  @Override
  public AutoCloseable logs(String sandboxId, Instant since, int tail, boolean follow, LogSink sink) {
    return onContainer("read the output of sandbox", sandboxId,
        () -> logs.stream(containerName(sandboxId), since, tail, follow, sink));
  }

  @Override
  public SandboxUsage usage(String sandboxId) {
    return onContainer("measure sandbox", sandboxId, () -> stats.usage(containerName(sandboxId)));
  }

  @Override
  public HostCapacity capacity() {
    HostCapacity known = capacity;
    if (known == null) {
      Info info = DockerErrors.call("read the engine's info", () -> docker.infoCmd().exec());
      known = new HostCapacity(info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU(),
          info.getMemTotal() == null ? 0 : info.getMemTotal());
      capacity = known;
    }
    return known;
  }

  /** Every container of this orchestrator's sandboxes, in any state. */
  private List<Container> containers() {
    return DockerErrors.call("list sandboxes", () -> docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(Labels.SANDBOX_ID, Labels.SCOPE + "=" + scope)).exec());
  }

  private Optional<InspectContainerResponse> inspect(String container) {
    return DockerErrors.call("inspect " + container, () -> {
      try {
        return Optional.of(docker.inspectContainerCmd(container).exec());
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  /** Runs a command on the sandbox's container, which must exist: NOT_FOUND otherwise. */
  private static <T> T onContainer(String what, String sandboxId, Supplier<T> command) {
    return DockerErrors.call(what + " " + sandboxId, () -> {
      try {
        return command.get();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw gone(sandboxId);
      }
    });
  }

  private static NotFoundException gone(String sandboxId) {
    return new NotFoundException("sandbox " + sandboxId + " does not exist");
  }
}
