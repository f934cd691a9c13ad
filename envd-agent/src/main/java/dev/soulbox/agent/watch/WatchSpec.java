package dev.soulbox.agent.watch;

import java.nio.file.Path;

/** What to watch: an absolute directory, its whole tree or only its children, with or without entry details. */
public record WatchSpec(Path path, boolean recursive, boolean includeEntry, boolean allowNetworkMounts) {}
