package dev.soulbox.agent.init;

import dev.soulbox.agent.auth.UserAccount;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What envd's {@code POST /init} personalises a sandbox with, after the agent has started (the
 * warm pool claims a started sandbox this way): environment variables every process gets, the
 * access token, the default user and the default working directory.
 */
public final class SandboxSettings {
  private final Map<String, String> envVars = new LinkedHashMap<>();
  private volatile String accessToken;
  private volatile UserAccount defaultUser;
  private volatile Path workdir;

  public SandboxSettings(String accessToken, UserAccount defaultUser, Path workdir) {
    this.accessToken = accessToken;
    this.defaultUser = defaultUser;
    this.workdir = workdir;
  }

  /** The token every call must carry, or null when the sandbox is open. */
  public String accessToken() {
    return accessToken;
  }

  public UserAccount defaultUser() {
    return defaultUser;
  }

  /** The working directory of processes started without one, or null for the user's home. */
  public Path workdir() {
    return workdir;
  }

  /** The variables set by {@code /init}, in the order they were first set. */
  public synchronized Map<String, String> envVars() {
    return new LinkedHashMap<>(envVars);
  }

  public synchronized void putEnvVars(Map<String, String> vars) {
    envVars.putAll(vars);
  }

  public void setAccessToken(String token) {
    this.accessToken = token;
  }

  public void setDefaultUser(UserAccount user) {
    this.defaultUser = user;
  }

  public void setWorkdir(Path dir) {
    this.workdir = dir;
  }
}
