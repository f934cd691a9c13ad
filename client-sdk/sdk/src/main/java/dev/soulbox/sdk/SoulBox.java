package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import dev.soulbox.sdk.internal.AdminCalls;
import dev.soulbox.sdk.internal.CallSettings;
import dev.soulbox.sdk.internal.ClientConfig;
import dev.soulbox.sdk.internal.ClientTransport;
import dev.soulbox.sdk.internal.RemoteSandbox;
import dev.soulbox.sdk.internal.SandboxAdmin;
import dev.soulbox.sdk.internal.SandboxChannel;
import dev.soulbox.sdk.internal.TemplateAdmin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of one SoulBox orchestrator: creates sandboxes, finds them, and connects to them.
 * Everything goes to one gRPC endpoint (default {@code localhost:7070}); admin calls carry the
 * API key, a sandbox's calls its access token. Build one and share it: it is thread-safe and holds
 * one connection. Closing it closes that connection (once every client derived from it with
 * {@link #toBuilder()} is closed too).
 *
 * <pre>{@code
 * try (SoulBox client = SoulBox.builder().build();          // endpoint and key from the environment
 *      Sandbox sandbox = client.create()) {
 *   CommandResult r = sandbox.commands().run("echo hello");
 *   System.out.print(r.stdout());
 * }
 * }</pre>
 *
 * <p>The endpoint and API key come from the first place that has them: the builder, then the
 * environment ({@code SOULBOX_ENDPOINT}, {@code SOULBOX_API_KEY}), then the CLI's config file
 * ({@code ${XDG_CONFIG_HOME:-~/.config}/soulbox/config}, with lines {@code endpoint=…} and
 * {@code api_key=…}), then {@code localhost:7070} with no key. An endpoint is {@code host:port}
 * or {@code http://host:port} (plaintext) or {@code https://host[:port]} (TLS).
 */
public final class SoulBox implements AutoCloseable {
  private final ClientConfig config;
  private final CallSettings settings;
  private final ClientTransport transport;
  private final SandboxAdmin admin;
  private final Templates templates;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SoulBox(ClientConfig config, CallSettings settings, ClientTransport transport) {
    this.config = config;
    this.settings = settings;
    this.transport = transport;
    AdminCalls calls = new AdminCalls(transport, settings, config.apiKey());
    this.admin = new SandboxAdmin(calls);
    this.templates = new TemplateAdmin(calls);
  }

  public static Builder builder() {
    return new Builder(null);
  }

  /** A builder with this client's settings; a client built from it with the same endpoint shares the connection. */
  public Builder toBuilder() {
    Builder b = new Builder(transport);
    b.endpoint = config.endpoint().toString();
    b.apiKey = config.apiKey();
    b.requestTimeout = settings.requestTimeout();
    b.reconnect = settings.reconnect();
    b.keepaliveInterval = settings.keepaliveInterval();
    return b;
  }

  /** The endpoint this client talks to, for example {@code localhost:7070}. */
  public String endpoint() {
    return config.endpoint().toString();
  }

  /** Creates a sandbox from the {@code base} template with the server's defaults. */
  public Sandbox create() {
    return create(CreateOptions.defaults());
  }

  /** Creates a sandbox and returns once its agent answers. */
  public Sandbox create(CreateOptions options) {
    SandboxAdmin.Found found = admin.create(requireNonNull(options, "options"));
    return sandbox(found.info().sandboxId(), found.accessToken());
  }

  /**
   * A handle to an existing sandbox, looked up with the API key.
   *
   * @throws NotFoundException when there is no such sandbox
   */
  public Sandbox connect(String sandboxId) {
    SandboxAdmin.Found found = admin.get(CommandOptions.nonEmpty(sandboxId, "sandboxId"));
    return sandbox(sandboxId, found.accessToken());
  }

  /**
   * A handle to a sandbox whose access token the caller already has, without asking the
   * orchestrator; its commands, terminals and files work without an API key.
   */
  public Sandbox connect(String sandboxId, String accessToken) {
    return sandbox(CommandOptions.nonEmpty(sandboxId, "sandboxId"), accessToken);
  }

  /** Every sandbox. */
  public List<SandboxInfo> list() {
    return list(SandboxFilter.all());
  }

  /** The sandboxes that match {@code filter}. */
  public List<SandboxInfo> list(SandboxFilter filter) {
    return admin.list(requireNonNull(filter, "filter"));
  }

  /** Kills a sandbox by id; false when there was no such sandbox. */
  public boolean kill(String sandboxId) {
    return admin.kill(CommandOptions.nonEmpty(sandboxId, "sandboxId"));
  }

  /** The templates sandboxes are created from: list, build, delete. */
  public Templates templates() {
    return templates;
  }

  /** Releases the connection (shared with derived clients, closed by the last of them). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      transport.release();
    }
  }

  private Sandbox sandbox(String sandboxId, String accessToken) {
    return new RemoteSandbox(new SandboxChannel(transport, settings, sandboxId, accessToken), admin);
  }

  /** Builds a {@link SoulBox}; every setting is optional. */
  public static final class Builder {
    private final ClientTransport shared;
    private String endpoint;
    private String apiKey;
    private Duration requestTimeout = CallSettings.DEFAULT_REQUEST_TIMEOUT;
    private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
    private Duration keepaliveInterval = CallSettings.DEFAULT_KEEPALIVE;

    private Builder(ClientTransport shared) {
      this.shared = shared;
    }

    /** {@code host:port}, {@code http://host:port} or {@code https://host[:port]}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = CommandOptions.nonEmpty(endpoint, "endpoint");
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = CommandOptions.nonEmpty(apiKey, "apiKey");
      return this;
    }

    /** Deadline of each short call, and how long to wait for a stream to start (default 60 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = CommandOptions.positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How streams reconnect after losing their connection (default {@link ReconnectPolicy#defaults()}). */
    public Builder reconnectPolicy(ReconnectPolicy reconnect) {
      this.reconnect = requireNonNull(reconnect, "reconnect");
      return this;
    }

    /**
     * How often the sandbox sends a keepalive on an idle stream (default 30 s, at least 1 s). A
     * stream that hears nothing for twice this, plus the same again up to 10 s, is presumed
     * disconnected (even if TCP has not noticed) and reconnects over a new connection.
     */
    public Builder keepaliveInterval(Duration keepaliveInterval) {
      this.keepaliveInterval = CommandOptions.positive(keepaliveInterval, "keepaliveInterval");
      if (keepaliveInterval.toMillis() < 1000) {
        throw new IllegalArgumentException("keepaliveInterval must be at least 1 s, got " + keepaliveInterval);
      }
      return this;
    }

    /**
     * Resolves the endpoint and key (see {@link SoulBox}) and opens the client. No call is made
     * yet, so a wrong endpoint shows on first use.
     *
     * @throws IllegalArgumentException when the endpoint cannot be parsed
     */
    public SoulBox build() {
      ClientConfig config = ClientConfig.resolve(endpoint, apiKey);
      ClientTransport transport = shared != null && shared.endpoint().equals(config.endpoint())
          ? shared.retain() : ClientTransport.open(config.endpoint());
      return new SoulBox(config, new CallSettings(requestTimeout, reconnect, keepaliveInterval), transport);
    }
  }
}
