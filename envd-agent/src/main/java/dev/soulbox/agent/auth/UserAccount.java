package dev.soulbox.agent.auth;

import java.nio.file.Path;

/** A local account, as /etc/passwd describes it. */
public record UserAccount(String name, int uid, int gid, Path home, String shell) {}
