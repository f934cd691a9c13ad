package dev.soulbox.orchestrator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.soulbox.auth.FileUrlSignature;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FileType;
import dev.soulbox.proto.filesystem.ListDirRequest;
import dev.soulbox.proto.filesystem.ListDirResponse;
import dev.soulbox.proto.filesystem.StatRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files page's two calls. {@code GET …/files?path=} lists a directory through the agent. {@code POST
 * …/file-url {path, operation}} gives a URL for envd's own {@code /files}, which the page then reads or writes
 * straight through the gateway (streamed, with progress): signed with the sandbox's access token for five minutes,
 * so the page never holds the token, and sent with {@code E2b-Sandbox-Id} and {@code E2b-Sandbox-Port} to reach it.
 */
final class SandboxFiles {
  static final Duration URL_TTL = Duration.ofMinutes(5);

  private final AgentCalls agents;
  private final Clock clock;

  SandboxFiles(AgentCalls agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  /** Lists {@code ?path=} (absolute, or relative to the home directory; the home directory when absent). */
  void list(HttpExchange exchange, SandboxInstance sandbox) {
    List<String> paths = new QueryStringDecoder(exchange.request().uri()).parameters().get("path");
    String asked = paths == null || paths.isEmpty() || paths.get(0).isBlank() ? "." : paths.get(0);
    var filesystem = agents.filesystem(sandbox.sandboxId());
    // Stat first: it resolves a relative path, so the page learns where it is
    filesystem.stat(StatRequest.newBuilder().setPath(asked).build(), answering(exchange, asked, stat ->
        filesystem.listDir(ListDirRequest.newBuilder().setPath(stat.getEntry().getPath()).setDepth(1).build(),
            answering(exchange, asked, listing -> exchange.respond(Console.json(HttpResponseStatus.OK,
                listingJson(stat.getEntry().getPath(), listing)))))));
  }

  /** An observer of a unary agent call that hands on its answer, or answers the page with the call's failure. */
  private static <T> StreamObserver<T> answering(HttpExchange exchange, String path, Consumer<T> next) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) {
        next.accept(value);
      }
      @Override public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        exchange.respond(Responses.json(Responses.statusOf(status.getCode()), "listing " + path + ": "
            + (status.getDescription() == null ? status.getCode() : status.getDescription())));
      }
      @Override public void onCompleted() { }
    };
  }

  private static JsonObject listingJson(String path, ListDirResponse listing) {
    JsonArray entries = new JsonArray();
    listing.getEntriesList().stream()
        .sorted(Comparator.comparing((EntryInfo e) -> e.getType() != FileType.FILE_TYPE_DIRECTORY)
            .thenComparing(EntryInfo::getName))
        .forEach(e -> {
          JsonObject o = new JsonObject();
          o.addProperty("name", e.getName());
          o.addProperty("path", e.getPath());
          o.addProperty("type", switch (e.getType()) {
            case FILE_TYPE_DIRECTORY -> "dir";
            case FILE_TYPE_SYMLINK -> "symlink";
            default -> "file";
          });
          o.addProperty("size", e.getSize());
          o.addProperty("permissions", e.getPermissions());
          o.addProperty("owner", e.getOwner());
          if (e.hasModifiedTime()) {
            o.addProperty("modified", Instant.ofEpochSecond(e.getModifiedTime().getSeconds(),
                e.getModifiedTime().getNanos()).toString());
          }
          entries.add(o);
        });
    JsonObject answer = new JsonObject();
    answer.addProperty("path", path);
    answer.add("entries", entries);
    return answer;
  }

  /** The answer to {@code file-url}, or null after answering 400 for a body without a path or operation. */
  JsonObject url(HttpExchange exchange, SandboxInstance sandbox, String path, String operation) {
    if (path == null || path.isBlank() || !path.startsWith("/")) {
      exchange.respond(Responses.json(HttpResponseStatus.BAD_REQUEST,
          "send {\"path\": \"/absolute/path\", \"operation\": \"read\" | \"write\"}"));
      return null;
    }
    if (!FileUrlSignature.READ.equals(operation) && !FileUrlSignature.WRITE.equals(operation)) {
      exchange.respond(Responses.json(HttpResponseStatus.BAD_REQUEST,
          "operation must be \"read\" (a download) or \"write\" (an upload)"));
      return null;
    }
    QueryStringEncoder url = new QueryStringEncoder("/files");
    url.addParam("path", path);
    Instant expires = clock.instant().plus(URL_TTL);
    if (sandbox.accessToken() != null) {
      String expiration = Long.toString(expires.getEpochSecond());
      url.addParam("signature", FileUrlSignature.sign(path, operation, "", sandbox.accessToken(), expiration));
      url.addParam("signature_expiration", expiration);
    }
    JsonObject headers = new JsonObject();
    headers.addProperty("E2b-Sandbox-Id", sandbox.sandboxId());
    headers.addProperty("E2b-Sandbox-Port", Integer.toString(SandboxPorts.AGENT));
    JsonObject answer = new JsonObject();
    answer.addProperty("url", url.toString());
    answer.add("headers", headers);
    answer.addProperty("method", operation.equals(FileUrlSignature.READ) ? "GET" : "POST");
    answer.addProperty("expiresAt", expires.toString());
    return answer;
  }
}
