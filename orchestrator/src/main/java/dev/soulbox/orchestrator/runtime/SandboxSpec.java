package dev.soulbox.orchestrator.runtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a runtime needs to start one sandbox: already validated and with every default
 * resolved, so the runtime only translates it. Built by the lifecycle.
 */
public final class SandboxSpec {
  /** The variable a runtime puts the access token in; the agent reads it, and a request may not set it. */
  public static final String ACCESS_TOKEN_ENV = "SOULBOX_ACCESS_TOKEN";
  /** Set by the runtime in every sandbox whose image names a user: the user processes run as by default. */
  public static final String DEFAULT_USER_ENV = "SOULBOX_DEFAULT_USER";
  /** Read once by a desktop's init, which hands it to its VNC server and takes it out of the environment. */
  public static final String VNC_PASSWORD_ENV = "VNC_PASSWORD";
  /** What SoulBox sets in a sandbox's environment; a request may not. */
  public static final Set<String> RESERVED_ENV = Set.of(ACCESS_TOKEN_ENV, DEFAULT_USER_ENV, VNC_PASSWORD_ENV);

  private final String sandboxId;
  private final String template;
  private final String image;
  private final String accessToken;
  private final String vncPassword;
  private final EgressPolicy egress;
  private final Map<String, String> metadata;
  private final Map<String, String> envVars;
  private final boolean vnc;
  private final boolean pooled;
  private final ResourceLimits resources;
  private final Instant startedAt;
  private final Instant endAt;

  private SandboxSpec(Builder b) {
    this.sandboxId = Objects.requireNonNull(b.sandboxId, "sandboxId");
    this.template = Objects.requireNonNull(b.template, "template");
    this.image = b.image != null ? b.image : Template.imageOf(b.template);
    this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
    this.vncPassword = b.vncPassword;
    this.egress = b.egress;
    this.metadata = Map.copyOf(b.metadata);
    this.envVars = Map.copyOf(b.envVars);
    this.vnc = b.vnc;
    this.pooled = b.pooled;
    this.resources = Objects.requireNonNull(b.resources, "resources");
    this.startedAt = Objects.requireNonNull(b.startedAt, "startedAt");
    this.endAt = Objects.requireNonNull(b.endAt, "endAt");
  }

  public static Builder builder(String sandboxId, String template) {
    return new Builder(sandboxId, template);
  }

  public String sandboxId() { return sandboxId; }
  public String template() { return template; }
  public String image() { return image; }
  public String accessToken() { return accessToken; }
  /** The password a desktop's VNC server asks for (see {@link VncPassword}); null for none. */
  public String vncPassword() { return vncPassword; }
  public EgressPolicy egress() { return egress; }
  public Map<String, String> metadata() { return metadata; }
  public Map<String, String> envVars() { return envVars; }
  public boolean vnc() { return vnc; }
  /** Whether it starts as a warm pool's sandbox, unlisted until a create claims it (see {@link SandboxClaim}). */
  public boolean pooled() { return pooled; }
  public ResourceLimits resources() { return resources; }
  public Instant startedAt() { return startedAt; }
  public Instant endAt() { return endAt; }

  @Override
  public String toString() {
    return "SandboxSpec[" + sandboxId + " from " + template + ", vnc=" + vnc + (pooled ? ", pooled" : "") + ", " + resources + ", until " + endAt + "]";
  }

  public static final class Builder {
    private final String sandboxId;
    private final String template;
    private String image;
    private String accessToken;
    private String vncPassword;
    private EgressPolicy egress = EgressPolicy.OPEN;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, String> envVars = new LinkedHashMap<>();
    private boolean vnc;
    private boolean pooled;
    private ResourceLimits resources = ResourceLimits.SERVER_DEFAULTS;
    private Instant startedAt;
    private Instant endAt;

    private Builder(String sandboxId, String template) {
      this.sandboxId = sandboxId;
      this.template = template;
    }

    /** The image to run; default {@code soulbox/<template>:latest}. */
    public Builder image(String image) { this.image = image; return this; }
    public Builder accessToken(String token) { this.accessToken = token; return this; }
    public Builder vncPassword(String password) { this.vncPassword = password; return this; }
    public Builder egress(EgressPolicy egress) { this.egress = Objects.requireNonNull(egress, "egress"); return this; }
    public Builder metadata(Map<String, String> metadata) { this.metadata.putAll(metadata); return this; }
    public Builder env(Map<String, String> env) { this.envVars.putAll(env); return this; }
    public Builder env(String name, String value) { this.envVars.put(name, value); return this; }
    public Builder vnc(boolean vnc) { this.vnc = vnc; return this; }
    public Builder pooled(boolean pooled) { this.pooled = pooled; return this; }
    public Builder resources(ResourceLimits resources) { this.resources = resources; return this; }
    public Builder startedAt(Instant startedAt) { this.startedAt = startedAt; return this; }
    public Builder endAt(Instant endAt) { this.endAt = endAt; return this; }

    public SandboxSpec build() {
      return new SandboxSpec(this);
    }
  }
}
