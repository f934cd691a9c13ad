package dev.soulbox.agent.http;

import com.google.protobuf.ByteString;
import dev.soulbox.auth.FileUrlSignature;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FileType;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /files} and {@code POST /files}, as envd answers them, made of the agent's own
 * {@code soulbox.agent.v1.Files} calls: a download is a {@code Download} stream, each uploaded
 * file an atomic {@code Upload}. envd's status codes: 400 bad input or a directory, 401 unknown
 * user or bad token, 404 missing, 507 no space.
 */
public final class FilesRoutes {
  private static final int UPLOAD_CHUNK = 256 << 10;

  private final Channel channel;
  private final FileAccess access;
  private final ExecutorService workers;
  private final Path spool;
  private final long maxUploadBytes;

  public FilesRoutes(Channel channel, FileAccess access, ExecutorService workers, Path spool, long maxUploadBytes) {
    this.channel = channel;
    this.access = access;
    this.workers = workers;
    this.spool = spool;
    this.maxUploadBytes = maxUploadBytes;
  }

  Exchange download(Reply reply) {
    Metadata metadata = access.check(reply, FileUrlSignature.READ);
    if (metadata == null) {
      return new ConnectCall.Discard();
    }
    String path = reply.query("path");
    if (path == null || path.isEmpty()) {
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "query parameter path is required"));
      return new ConnectCall.Discard();
    }
    String encoding = reply.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
    boolean gzip = Gzip.accepted(encoding);
    if (encoding != null && !gzip && !acceptsIdentity(encoding)) {
      reply.closeAfter(); // a client that reuses the connection at once may race the refusal
      reply.json(HttpResponseStatus.NOT_ACCEPTABLE, Rest.error(406, "unsupported Accept-Encoding " + encoding
          + "; this agent sends gzip or identity"));
      return new ConnectCall.Discard();
    }
    ClientCall<DownloadRequest, DownloadResponse> call = channel.newCall(FilesGrpc.getDownloadMethod(), CallOptions.DEFAULT);
    boolean headOnly = reply.request().method().name().equals("HEAD");
    ByteRange range = ByteRange.parse(reply.headers().get(HttpHeaderNames.RANGE));
    boolean identityRefused = encoding != null && encoding.replace(" ", "").toLowerCase().contains("identity;q=0");
    call.start(new DownloadListener(reply, call, gzip && range == null, !identityRefused, headOnly, range), metadata);
    call.request(1);
    DownloadRequest.Builder request = DownloadRequest.newBuilder().setPath(path);
    if (range != null) {
      request.setOffset(range.first()).setLength(range.length());
    }
    call.sendMessage(request.build());
    call.halfClose();
    return new Exchange() {
      @Override
      public void content(ByteBuf chunk) {}

      @Override
      public void end() {}

      @Override
      public void abort() {
        call.cancel("the HTTP client went away", null);
      }
    };
  }

  private static boolean acceptsIdentity(String header) {
    for (String part : header.split(",")) {
      String coding = part.trim().split(";")[0].trim();
      if (coding.equalsIgnoreCase("identity") || coding.equals("*") || coding.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  Exchange upload(Reply reply) {
    Metadata metadata = access.check(reply, FileUrlSignature.WRITE);
    if (metadata == null) {
      reply.closeAfter();
      return new ConnectCall.Discard();
    }
    Map<String, String> fileMetadata;
    try {
      fileMetadata = FileMetadata.fromHeaders(reply.headers());
    } catch (IllegalArgumentException e) {
      reply.closeAfter();
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, e.getMessage()));
      return new ConnectCall.Discard();
    }
    try {
      UploadBody body = UploadBody.of(reply, spool, maxUploadBytes);
      return new UploadExchange(reply, body, files -> store(reply, metadata, fileMetadata, files));
    } catch (UploadBody.BadUpload e) {
      reply.closeAfter();
      reply.json(HttpResponseStatus.valueOf(e.status), Rest.error(e.status, e.getMessage()));
      return new ConnectCall.Discard();
    }
  }

  /** Runs the uploads of a received body on a worker, so no event loop waits on a disk. */
  private void store(Reply reply, Metadata metadata, Map<String, String> fileMetadata, List<UploadBody.Part> parts) {
    workers.execute(() -> {
      List<EntryInfo> written = new ArrayList<>();
      try {
        for (UploadBody.Part part : parts) {
          written.add(uploadOne(metadata, part));
        }
        if (!fileMetadata.isEmpty()) {
          for (int i = 0; i < written.size(); i++) {
            written.set(i, FileMetadata.store(Path.of(written.get(i).getPath()), fileMetadata, written.get(i)));
          }
        }
        reply.json(HttpResponseStatus.OK, entriesJson(written));
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        int code = restStatus(status);
        reply.json(HttpResponseStatus.valueOf(code), Rest.error(code, status.getDescription()));
      } catch (IOException e) {
        reply.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Rest.error(500, "upload failed: " + e.getMessage()));
      } finally {
        parts.forEach(UploadBody.Part::delete);
      }
    });
  }

  private EntryInfo uploadOne(Metadata metadata, UploadBody.Part part) throws IOException {
    ClientCall<UploadRequest, UploadResponse> call = channel.newCall(FilesGrpc.getUploadMethod(), CallOptions.DEFAULT);
    BlockingUnary<UploadResponse> result = new BlockingUnary<>();
    call.start(result, metadata);
    call.request(1);
    UploadHeader.Builder header = UploadHeader.newBuilder().setPath(part.path());
    call.sendMessage(UploadRequest.newBuilder().setHeader(header).build());
    try (InputStream in = Files.newInputStream(part.file())) {
      byte[] buffer = new byte[UPLOAD_CHUNK];
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        result.awaitReady(call);
        call.sendMessage(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n)).build());
      }
    } catch (IOException | RuntimeException e) {
      call.cancel("reading the uploaded body failed", e);
      throw e;
    }
    call.halfClose();
    return result.await().getEntry();
  }

  static int restStatus(Status status) {
    switch (status.getCode()) {
      case NOT_FOUND: return 404;
      case UNAUTHENTICATED: return 401;
      case PERMISSION_DENIED: return 403;
      case RESOURCE_EXHAUSTED:
        return status.getDescription() != null && status.getDescription().contains("space") ? 507 : 429;
      case INVALID_ARGUMENT: case FAILED_PRECONDITION: case OUT_OF_RANGE: case ALREADY_EXISTS: return 400;
      default: return 500;
    }
  }

  /** envd's answer to an upload: {@code [{"path", "name", "type", "metadata"}]}. */
  static String entriesJson(List<EntryInfo> entries) {
    StringBuilder out = new StringBuilder("[");
    for (EntryInfo e : entries) {
      out.append(out.length() > 1 ? "," : "")
          .append("{\"path\":").append(Json.quote(e.getPath()))
          .append(",\"name\":").append(Json.quote(e.getName()))
          .append(",\"type\":").append(Json.quote(e.getType() == FileType.FILE_TYPE_DIRECTORY ? "dir" : "file"));
      if (e.getMetadataCount() > 0) {
        out.append(",\"metadata\":").append(Json.object(new TreeMap<>(e.getMetadataMap())));
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  /**
   * Streams a download: the entry says what it is, then each chunk is written before the next is asked for. When
   * the client accepts gzip the first chunk decides: data that gzip barely shrinks (already compressed, random) is
   * sent as it is, since compressing it would cost far more time than the bytes it saves on a local link.
   */
  private static final class DownloadListener extends ClientCall.Listener<DownloadResponse> {
    /** gzip is kept when it makes the first chunk at most this fraction of its size. */
    private static final double WORTH_COMPRESSING = 0.9;

    private final Reply reply;
    private final ClientCall<DownloadRequest, DownloadResponse> call;
    private final boolean gzip;
    private final boolean identityAllowed;
    private final boolean headOnly;
    private final ByteRange range;
    private HttpHeaders undecided; // the head of a gzip-accepting download, until its first chunk decides the coding
    private long size;
    private GzipChunks compressor;

    DownloadListener(Reply reply, ClientCall<DownloadRequest, DownloadResponse> call, boolean gzip,
        boolean identityAllowed, boolean headOnly, ByteRange range) {
      this.reply = reply;
      this.call = call;
      this.gzip = gzip;
      this.identityAllowed = identityAllowed;
      this.headOnly = headOnly;
      this.range = range;
    }

    @Override
    public void onMessage(DownloadResponse message) {
      switch (message.getPartCase()) {
        case ENTRY:
          EntryInfo entry = message.getEntry();
          HttpHeaders headers = new DefaultHttpHeaders()
              .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
              .set(HttpHeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + entry.getName().replace("\"", "") + "\"");
          headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
          HttpResponseStatus status = HttpResponseStatus.OK;
          if (range != null) {
            long last = Math.min(range.last(), entry.getSize() - 1);
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + last + "/" + entry.getSize());
            headers.set(HttpHeaderNames.CONTENT_LENGTH, last - range.first() + 1);
            status = HttpResponseStatus.PARTIAL_CONTENT;
          } else if (gzip && !headOnly) {
            undecided = headers;
            size = entry.getSize();
            call.request(1);
            return;
          } else {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, entry.getSize());
          }
          reply.head(status, headers);
          if (headOnly) {
            call.cancel("HEAD request", null);
            reply.finish();
            return;
          }
          call.request(1);
          break;
        case CHUNK:
          byte[] bytes = message.getChunk().toByteArray();
          if (undecided != null) {
            bytes = decideCoding(bytes);
          } else if (compressor != null) {
            bytes = compressor.compress(bytes);
          }
          reply.chunk(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            if (f.isSuccess()) {
              call.request(1);
            } else {
              call.cancel("the HTTP client went away", f.cause());
            }
          });
          break;
        default:
          call.request(1);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (headOnly && reply.started()) {
        return;
      }
      if (!status.isOk()) {
        if (!reply.started()) {
          int code = status.getCode() == Status.Code.OUT_OF_RANGE ? 416 : restStatus(status);
          reply.json(HttpResponseStatus.valueOf(code), Rest.error(code, status.getDescription()));
        } else {
          reply.cut();
        }
        return;
      }
      if (undecided != null) {
        reply.head(HttpResponseStatus.OK, undecided.set(HttpHeaderNames.CONTENT_LENGTH, 0)); // an empty file
      }
      if (compressor != null) {
        reply.chunk(Unpooled.wrappedBuffer(compressor.finish()));
      }
      reply.finish();
    }

    /** Sends the head, gzip or not as the first chunk compresses, and returns that chunk as it goes out. */
    private byte[] decideCoding(byte[] first) {
      HttpHeaders headers = undecided;
      undecided = null;
      compressor = new GzipChunks();
      byte[] compressed = compressor.compress(first);
      if (identityAllowed && compressed.length > first.length * WORTH_COMPRESSING) {
        compressor = null;
        reply.head(HttpResponseStatus.OK, headers.set(HttpHeaderNames.CONTENT_LENGTH, size));
        return first;
      }
      reply.head(HttpResponseStatus.OK, headers.set(HttpHeaderNames.CONTENT_ENCODING, "gzip"));
      return compressed;
    }
  }

  /** gzip over a stream of chunks, each written out as it comes. */
  private static final class GzipChunks {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final GZIPOutputStream gzip;

    GzipChunks() {
      try {
        gzip = new GZIPOutputStream(out, 64 << 10, true) {
          {
            def.setLevel(Deflater.BEST_SPEED); // a file goes to a client next door: time matters, not bytes
          }
        };
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] compress(byte[] bytes) {
      try {
        gzip.write(bytes);
        gzip.flush();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return drain();
    }

    byte[] finish() {
      try {
        gzip.finish();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return drain();
    }

    private byte[] drain() {
      byte[] bytes = out.toByteArray();
      out.reset();
      return bytes;
    }
  }

  /** envd's {@code Authorization: Basic base64("user:")} header naming {@code user}. */
  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
  }
}
