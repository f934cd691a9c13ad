package dev.soulbox.orchestrator;

import dev.soulbox.grpc.UnavailableException;
import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.docker.DockerClients;
import dev.soulbox.orchestrator.docker.DockerRuntime;
import dev.soulbox.orchestrator.docker.DockerTemplateStore;
import dev.soulbox.orchestrator.console.Console;
import dev.soulbox.orchestrator.e2b.E2bApi;
import dev.soulbox.orchestrator.egress.EgressProxy;
import dev.soulbox.orchestrator.firewall.SandboxFirewall;
import dev.soulbox.orchestrator.http.HttpGatewayOptions;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.EngineOptions;
import dev.soulbox.orchestrator.socketio.OriginPolicy;
import dev.soulbox.orchestrator.state.StateFiles;
import dev.soulbox.orchestrator.webauth.ConsoleSessions;
import dev.soulbox.orchestrator.webauth.SandboxTokens;
import dev.soulbox.orchestrator.webauth.WebCredentials;
import dev.soulbox.orchestrator.webshell.WebShell;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.proxy.AgentChannels;
import dev.soulbox.orchestrator.proxy.AgentHealthCheck;
import dev.soulbox.orchestrator.proxy.AgentInitCall;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.tls.HostCertificates;
import dev.soulbox.orchestrator.tls.LocalCa;
import dev.soulbox.orchestrator.tls.ServedNames;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code serve}: runs the orchestrator until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, header = "Run the orchestrator until stopped.",
    description = "Serves the admin API and the agent proxy on the gRPC port and the web side on the HTTP port, "
        + "and runs sandboxes on the Docker engine.")
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--grpc-port", defaultValue = "7070", description = "gRPC port: admin API and agent proxy (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(names = "--http-port", defaultValue = "7080", description = "HTTP port: metrics, VNC, terminal, sandbox ports (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address both ports listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--api-key", description = "Key admin calls must send as x-api-key (default: $SOULBOX_API_KEY, "
      + "else one generated once and kept in $${XDG_CONFIG_HOME:-~/.config}/soulbox/api-key).")
  String apiKey;

  @Option(names = "--state-dir", description = "Where state that survives restarts is kept (default: $${XDG_STATE_HOME:-~/.local/state}/soulbox).")
  Path stateDir;

  @Option(names = "--docker-host", description = "Docker engine to use (default: $DOCKER_HOST, else " + DockerClients.DEFAULT_HOST + ").")
  String dockerHost;

  @Option(names = "--max-sandboxes", defaultValue = "20", description = "Most sandboxes alive at once (default: ${DEFAULT-VALUE}).")
  int maxSandboxes;

  @Option(names = "--default-timeout", defaultValue = "300s", converter = DurationConverter.class,
      description = "Lifetime of a sandbox created without one (default: ${DEFAULT-VALUE}).")
  Duration defaultTimeout;

  @Option(names = "--ready-timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long a new sandbox's agent has to answer (default: ${DEFAULT-VALUE}).")
  Duration readyTimeout;

  @Option(names = "--public-host", defaultValue = "localhost", description = "Host name in the URLs handed out (default: ${DEFAULT-VALUE}).")
  String publicHost;

  @Option(names = "--public-domain", description = "Domain sandbox hosts are under, <port>-<sandbox id>.<domain>, "
      + "as E2B's API hands it out (default: <public host>:<HTTP port>).")
  String publicDomain;

  @Option(names = "--websockify-token-dir", description = "Also keep VNC routes as websockify token files in this directory.")
  Path websockifyTokenDir;

  @Option(names = "--scope", defaultValue = DockerRuntime.DEFAULT_SCOPE,
      description = "Name of this orchestrator on a shared Docker engine; it only sees its own sandboxes (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--no-firewall",
      description = "Do not set this host's firewall rules for the sandboxes' network (they need root): sandboxes then "
          + "can reach this host's services, the bridge gateway included. They still cannot reach each other.")
  boolean noFirewall;

  @Option(names = "--pool", split = ",", paramLabel = "TEMPLATE=N",
      description = "Started sandboxes of each template kept waiting, so that a create takes one at once, e.g. "
          + "base=4,desktop=1; base=0 turns base's pool off. Over the templates' own setting (base: "
          + Template.BASE_POOL_SIZE + "; others: as built, default 0). They count toward --max-sandboxes.")
  Map<String, Integer> pool = new LinkedHashMap<>();

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
      description = "A web page origin (such as https://app.example.com, or *) that may use the Socket.IO API at "
          + "/sandbox/ws; repeatable. Default: pages of this server and of localhost.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--no-tls",
      description = "Serve plain HTTP only on the HTTP port. By default it also speaks TLS, with certificates for each "
          + "host name it serves from a local CA made at the first start in the state dir.")
  boolean noTls;

  @Override
  public Integer call() throws Exception {
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    if (maxSandboxes < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-sandboxes must be at least 1");
    }
    pool.forEach((template, size) -> {
      if (size < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--pool " + template + "=" + size
            + ": a pool's size is 0 or more");
      }
    });
    Path state = stateDir != null ? stateDir : ApiKeys.defaultStateDir();
    ApiKeys.ApiKey key = ApiKeys.resolve(apiKey, System.getenv(ApiKeys.ENV), ApiKeys.defaultKeyFile());
    PublicUrls urls = new PublicUrls(publicHost, httpPort);
    HttpGatewayOptions webOptions = noTls ? HttpGatewayOptions.defaults()
        : withTls(HttpGatewayOptions.defaults(), state, log);
    AgentChannels agents = new AgentChannels();
    OrchestratorConfig config = new OrchestratorConfig(state,
        SandboxSettings.defaults(new AgentHealthCheck(agents, readyTimeout))
            .withMaxSandboxes(maxSandboxes)
            .withDefaultTimeout(defaultTimeout)
            .withPool(pool, new AgentInitCall()), urls, websockifyTokenDir);
    Metrics metrics = new Metrics();

    var docker = DockerClients.create(dockerHost);
    EgressProxy egressProxy = new EgressProxy(metrics);
    Orchestrator orchestrator;
    try {
      orchestrator = Orchestrator.start(config, new DockerRuntime(docker, state, scope,
          noFirewall ? null : SandboxFirewall.local(), egressProxy), new DockerTemplateStore(docker), metrics);
    } catch (UnavailableException e) {
      agents.close();
      egressProxy.close();
      docker.close();
      throw new IllegalStateException("Docker at " + DockerClients.hostOf(dockerHost) + ": " + e.getMessage(), e);
    }

    // Closed in reverse order on shutdown, after the gRPC server.
    List<AutoCloseable> companions = new ArrayList<>();
    companions.add(agents);
    companions.add(egressProxy);
    String domain = publicDomain != null ? publicDomain : publicHost + ":" + httpPort;
    ConsoleSessions consoleSessions = new ConsoleSessions(Clock.systemUTC());
    E2bApi e2bApi = new E2bApi(orchestrator.sandboxes(), orchestrator.templateStore(), key.value(),
        "its key is " + key.source(), domain, consoleSessions);
    companions.add(e2bApi);
    WebCredentials credentials = new WebCredentials(key.value(), "its key is " + key.source(), new SandboxTokens(
        StateFiles.readOrCreateSecret(state.resolve("server-secret"), 32), Clock.systemUTC()));
    AgentCalls agentCalls = new AgentCalls(orchestrator.sandboxes(), agents);
    Console console = new Console(orchestrator.sandboxes(), agentCalls, credentials, consoleSessions, Clock.systemUTC());
    WebShell webShell = new WebShell(orchestrator.sandboxes(), agentCalls, credentials, new OriginPolicy(Set.copyOf(allowedOrigins)), EngineOptions.defaults());
    companions.add(webShell);
    companions.add(WebPort.create(bind, httpPort, orchestrator.sandboxes(), metrics, webOptions, domain,
        List.of(console, e2bApi, webShell)).start());
    // Last, so that a client which reaches the gRPC port finds the web port listening too.
    OrchestratorServer grpc = new OrchestratorServer(
        NettyServerBuilder.forAddress(new InetSocketAddress(bind, grpcPort), InsecureServerCredentials.create()),
        orchestrator, agents, key.value(), "its key is " + key.source(), urls, metrics).start();
    orchestrator.sandboxes().fillWarmPool();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      grpc.close();
      for (int i = companions.size() - 1; i >= 0; i--) {
        try {
          companions.get(i).close();
        } catch (Exception e) {
          log.warn("stopping {} failed: {}", companions.get(i), e.toString());
        }
      }
      orchestrator.close();
      try {
        docker.close();
      } catch (Exception e) {
        log.debug("closing the Docker client failed: {}", e.toString());
      }
      log.info("orchestrator stopped; its sandboxes keep running until their timeouts");
    }, "orchestrator-shutdown"));

    log.info("SoulBox orchestrator listening on {}:{} (gRPC) and {}:{} (HTTP), Docker {}, state {}, {} sandboxes restored",
        bind, grpc.port(), bind, httpPort, DockerClients.hostOf(dockerHost), state.toAbsolutePath(),
        orchestrator.sandboxes().list(Map.of(), Set.of()).size());
    log.info("API key {}", key.source());
    if (!ApiKeys.hasE2bForm(key.value())) {
      log.info("the API key is not of the form e2b_<hex>: E2B's SDKs need E2B_VALIDATE_API_KEY=false to send it");
    }
    grpc.awaitTermination();
    return 0;
  }

  /** HTTPS on the HTTP port, with certificates from the local CA kept in {@code state/tls}; says how to trust it. */
  private HttpGatewayOptions withTls(HttpGatewayOptions options, Path state, Logger log) {
    ServedNames names;
    try {
      names = ServedNames.forPublicHost(publicHost);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--public-host: " + e.getMessage());
    }
    LocalCa ca = LocalCa.openOrCreate(state.resolve("tls"), names, Clock.systemUTC());
    String pem = ca.certificateFile().toAbsolutePath().toString();
    log.info("HTTPS on the HTTP port too, with certificates from the local CA {} ({})", pem,
        ca.created() ? "made now" : "valid until " + ca.certificate().getNotAfter().toInstant());
    log.info("to trust it: NODE_EXTRA_CA_CERTS={} for Node; curl --cacert {}; Debian's system store: "
        + "cp {} /usr/local/share/ca-certificates/soulbox.crt && update-ca-certificates; Chromium and Firefox: "
        + "certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n SoulBox -i {}", pem, pem, pem, pem);
    return options.withTls(new HostCertificates(ca, names, Clock.systemUTC()));
  }
}
