package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.LocalTerminal;
import dev.soulbox.cli.ProgressBar;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.Files;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.TransferProgress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox cp LOCAL ID:PATH} and {@code soulbox cp ID:PATH LOCAL}. */
@Command(name = "cp", header = "Copy a file into or out of a sandbox (SHA-256 checked).",
    description = {"One side is ID:PATH (PATH absolute, or relative to the user's home); the other a local path, "
        + "or - for stdin or stdout. Write a local path with a colon as ./name:with:colons.",
        "A target that is a directory gets the source's file name. Nothing appears at the target unless the "
        + "whole file arrived with the right SHA-256. On a terminal, large transfers show a progress bar."})
public final class CpCommand extends ClientCommand {
  static final long PROGRESS_THRESHOLD = 1 << 20;
  private static final Pattern REMOTE = Pattern.compile("([A-Za-z0-9_-]+):(.*)", Pattern.DOTALL);

  @Parameters(index = "0", paramLabel = "SOURCE", description = "LOCAL, ID:PATH or - (stdin).")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET", description = "ID:PATH, LOCAL or - (stdout).")
  String target;

  /** {@code ID:PATH}, or null for a local path. */
  record Remote(String sandboxId, String path) {
    static Remote parse(String arg) {
      Matcher m = REMOTE.matcher(arg);
      return m.matches() ? new Remote(m.group(1), m.group(2).isEmpty() ? "." : m.group(2)) : null;
    }
  }

  @Override
  protected int run(SoulBox client) throws IOException {
    Remote from = Remote.parse(source);
    Remote to = Remote.parse(target);
    if ((from == null) == (to == null)) {
      throw usage(from == null ? "neither side is ID:PATH; one must be in a sandbox"
          : "both sides are in a sandbox; copy through a local file");
    }
    EntryInfo entry = to != null ? upload(sandbox(client, to.sandboxId()).files(), source, to.path())
        : download(sandbox(client, from.sandboxId()).files(), from.path(), target);
    if (json() && !target.equals("-")) {
      printJson(ApiJson.entry(entry));
    }
    return 0;
  }

  private EntryInfo upload(Files files, String local, String remote) throws IOException {
    if (local.equals("-")) {
      return files.write(remote, (InputStream) new FileInputStream(FileDescriptor.in));
    }
    Path file = Path.of(local);
    if (!java.nio.file.Files.exists(file)) {
      throw new NoSuchFileException(local);
    }
    if (java.nio.file.Files.isDirectory(file)) {
      throw usage(local + " is a directory; cp copies one file");
    }
    String name = file.getFileName().toString();
    String path = remote.endsWith("/") ? remote + name : isDirectory(files, remote) ? remote + "/" + name : remote;
    ProgressBar bar = progress(name);
    try {
      return files.upload(file, path, bar == null ? TransferProgress.none() : bar);
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
  }

  private EntryInfo download(Files files, String remote, String local) throws IOException {
    if (local.equals("-")) {
      EntryInfo entry = files.stat(remote);
      try (InputStream in = files.readStream(remote)) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        in.transferTo(stdout);
        stdout.flush();
      }
      return entry;
    }
    Path file = Path.of(local);
    if (java.nio.file.Files.isDirectory(file)) {
      String name = remote.replaceAll("/+$", "");
      file = file.resolve(name.substring(name.lastIndexOf('/') + 1));
    }
    ProgressBar bar = progress(file.getFileName().toString());
    try {
      return files.download(remote, file, bar == null ? TransferProgress.none() : bar);
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
  }

  private static boolean isDirectory(Files files, String remote) {
    try {
      return files.stat(remote).isDirectory();
    } catch (NotFoundException e) {
      if (e instanceof dev.soulbox.sdk.SandboxGoneException) {
        throw e;
      }
      return false;
    }
  }

  /** A bar on stderr when a person watches and wants no JSON; null otherwise. */
  private ProgressBar progress(String label) {
    return LocalTerminal.isInteractive() && !json() ? new ProgressBar(err(), label, PROGRESS_THRESHOLD) : null;
  }
}
