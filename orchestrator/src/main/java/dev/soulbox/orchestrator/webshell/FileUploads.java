package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.EventArgs;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The seeds' {@code upload-files}: {@code files} maps each path to its content, a string of text, binary data, or
 * {@code {content, encoding: "base64" | "utf8"}}; an array of {@code {path, content, encoding}} works too. Each
 * file goes through the agent's {@code Files.Upload}, which writes it whole or not at all, one after the other.
 */
final class FileUploads {
  private static final int CHUNK = 256 << 10;

  private FileUploads() {}

  /** The files of an {@code upload-files} event, in the order sent. */
  static Map<String, byte[]> parse(EventArgs args, JsonElement files) {
    Map<String, byte[]> parsed = new LinkedHashMap<>();
    if (files != null && files.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : files.getAsJsonObject().entrySet()) {
        parsed.put(path(e.getKey()), content(args, e.getKey(), e.getValue()));
      }
    } else if (files != null && files.isJsonArray()) {
      for (JsonElement file : files.getAsJsonArray()) {
        if (!file.isJsonObject()) {
          throw ShellError.invalid("each file must be {path, content, encoding}");
        }
        String path = path(Json.requiredString(file.getAsJsonObject(), "path"));
        parsed.put(path, content(args, path, file));
      }
    } else {
      throw ShellError.invalid("files is required: an object of paths to contents, e.g. {\"/tmp/a.txt\": \"hello\"}");
    }
    if (parsed.isEmpty()) {
      throw ShellError.invalid("files is empty: name at least one path and its content");
    }
    return parsed;
  }

  private static String path(String path) {
    if (path.isBlank() || path.indexOf('\0') >= 0) {
      throw ShellError.invalid("a file path must be a non-empty path without NUL characters");
    }
    return path;
  }

  private static byte[] content(EventArgs args, String path, JsonElement value) {
    if (value != null && value.isJsonObject() && !args.isBinary(value)) {
      JsonObject file = value.getAsJsonObject();
      JsonElement content = file.has("content") ? file.get("content") : file.get("data");
      String encoding = Json.optionalString(file, "encoding");
      if (content == null || content.isJsonNull()) {
        throw ShellError.invalid("the file " + path + " has no content");
      }
      if ("base64".equalsIgnoreCase(encoding)) {
        try {
          return Base64.getDecoder().decode(content.getAsString());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          throw ShellError.invalid("the content of " + path + " is not base64");
        }
      }
      if (encoding != null && !encoding.equalsIgnoreCase("utf8") && !encoding.equalsIgnoreCase("utf-8")) {
        throw ShellError.invalid("encoding of " + path + " must be base64 or utf8, not " + encoding);
      }
      return bytes(args, path, content);
    }
    return bytes(args, path, value);
  }

  private static byte[] bytes(EventArgs args, String path, JsonElement value) {
    try {
      return args.bytes(value);
    } catch (IllegalArgumentException e) {
      throw ShellError.invalid("the content of " + path + " must be text, binary data or {content, encoding}");
    }
  }

  /** Writes the files in order; completes with the absolute paths written, or fails at the first that fails. */
  static CompletableFuture<List<String>> upload(AgentCalls agents, String sandboxId, Map<String, byte[]> files) {
    CompletableFuture<List<String>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      all = all.thenCompose(paths -> uploadOne(agents, sandboxId, file.getKey(), file.getValue())
          .thenApply(written -> {
            paths.add(written);
            return paths;
          }));
    }
    return all;
  }

  private static CompletableFuture<String> uploadOne(AgentCalls agents, String sandboxId, String path, byte[] bytes) {
    CompletableFuture<String> written = new CompletableFuture<>();
    StreamObserver<UploadRequest> upload = agents.files(sandboxId).upload(new StreamObserver<UploadResponse>() {
      @Override public void onNext(UploadResponse response) { written.complete(response.getEntry().getPath()); }
      @Override public void onError(Throwable t) {
        written.completeExceptionally(new ShellError(ShellError.of(t).code(),
            "uploading " + path + ": " + ShellError.of(t).getMessage()));
      }
      @Override public void onCompleted() { written.complete(path); }
    });
    upload.onNext(UploadRequest.newBuilder().setHeader(UploadHeader.newBuilder().setPath(path)
        .setSize(bytes.length)).build());
    for (int at = 0; at < bytes.length; at += CHUNK) {
      upload.onNext(UploadRequest.newBuilder()
          .setChunk(ByteString.copyFrom(bytes, at, Math.min(CHUNK, bytes.length - at))).build());
    }
    upload.onCompleted();
    return written;
  }
}
