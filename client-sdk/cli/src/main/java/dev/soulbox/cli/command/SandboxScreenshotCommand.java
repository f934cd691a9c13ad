package dev.soulbox.cli.command;

import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.ExitException;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soulbox sandbox screenshot ID [-o FILE]}. */
@Command(name = "screenshot", header = "Save a PNG of a sandbox's screen.",
    description = {"Sandboxes of the desktop template (or one built on it) have a screen; others exit 2.",
        "The file is written whole or not at all; -o - writes the PNG to standard output."})
public final class SandboxScreenshotCommand extends SandboxClientCommand {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to save it (default: screenshot-ID.png here; - for standard output).")
  String output;

  @Override
  protected int run(Sandbox sandbox) throws IOException {
    byte[] png = sandbox.desktop().screenshot();
    if ("-".equals(output)) {
      OutputStream stdout = System.out;
      stdout.write(png);
      stdout.flush();
      return 0;
    }
    Path file = Path.of(output == null ? "screenshot-" + id + ".png" : output).toAbsolutePath();
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      throw new ExitException(ExitCodes.USAGE, "cannot save the screenshot: directory " + dir + " does not exist");
    }
    Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
    try {
      Files.write(partial, png);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", file.toString());
    json.put("bytes", png.length);
    json.put("width", pngWidth(png));
    json.put("height", pngHeight(png));
    printResult(json, file + " (" + pngWidth(png) + "x" + pngHeight(png) + ", " + png.length + " bytes)");
    return 0;
  }

  /** A PNG's width, from its IHDR chunk (bytes 16 to 19). */
  private static int pngWidth(byte[] png) {
    return png.length >= 24 ? ByteBuffer.wrap(png, 16, 4).getInt() : 0;
  }

  private static int pngHeight(byte[] png) {
    return png.length >= 24 ? ByteBuffer.wrap(png, 20, 4).getInt() : 0;
  }
}
