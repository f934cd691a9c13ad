package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.grpc.netty.shaded.io.netty.handler.codec.http.multipart.FileUpload;
import io.grpc.netty.shaded.io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /files}, spooled to disk as it arrives: the parts of a
 * {@code multipart/form-data} body (each named {@code file}, its filename the path when the
 * {@code path} parameter is absent), or the one file of an {@code application/octet-stream} body.
 */
abstract class UploadBody {
  final String pathParam;
  final long limit;
  long received;

  private UploadBody(String pathParam, long limit) {
    this.pathParam = pathParam;
    this.limit = limit;
  }

  static UploadBody of(Reply reply, Path spool, long limit) throws BadUpload {
    String type = reply.headers().get(HttpHeaderNames.CONTENT_TYPE);
    String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String path = reply.query("path");
    if (media.equals("multipart/form-data")) {
      return new Multipart(reply, path, spool, limit);
    }
    if (media.equals("application/octet-stream")) {
      if (path == null || path.isEmpty()) {
        throw new BadUpload(400, "an application/octet-stream upload needs the path query parameter");
      }
      return new Raw(path, spool, limit);
    }
    throw new BadUpload(400, "upload must be multipart/form-data or application/octet-stream, not "
        + (type == null ? "no Content-Type" : type));
  }

  /** Takes a piece of the body; throws when it is too large or malformed. */
  final void add(ByteBuf chunk) throws BadUpload {
    received += chunk.readableBytes();
    if (received > limit) {
      throw new BadUpload(413, "upload is larger than " + limit + " bytes");
    }
    write(chunk);
  }

  abstract void write(ByteBuf chunk) throws BadUpload;

  /** The files of a complete body. */
  abstract List<Part> finish() throws BadUpload;

  /** Deletes everything spooled; idempotent. */
  abstract void discard();

  /** One file to write: where, and the spooled bytes. */
  interface Part {
    String path();

    Path file();

    void delete();
  }

  static final class BadUpload extends Exception {
    final int status;

    BadUpload(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static final class Raw extends UploadBody implements Part {
    private final Path file;
    private final FileChannel channel;

    Raw(String path, Path spool, long limit) throws BadUpload {
      super(path, limit);
      try {
        Files.createDirectories(spool);
        this.file = Files.createTempFile(spool, "upload-", ".part",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new BadUpload(500, "cannot spool the upload: " + e.getMessage());
      }
    }

    @Override
    void write(ByteBuf chunk) throws BadUpload {
      try {
        while (chunk.isReadable()) {
          chunk.readBytes(channel, chunk.readableBytes());
        }
      } catch (IOException e) {
        throw new BadUpload(e.getMessage() != null && e.getMessage().contains("space") ? 507 : 500,
            "cannot spool the upload: " + e.getMessage());
      }
    }

    @Override
    List<Part> finish() throws BadUpload {
      try {
        channel.close();
      } catch (IOException e) {
        throw new BadUpload(500, "cannot spool the upload: " + e.getMessage());
      }
      return List.of(this);
    }

    @Override
    void discard() {
      delete();
    }

    @Override
    public String path() {
      return pathParam;
    }

    @Override
    public Path file() {
      return file;
    }

    @Override
    public void delete() {
      try {
        channel.close();
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the spool is the agent's own; nothing else to do
      }
    }
  }

  private static final class Multipart extends UploadBody {
    private final HttpPostRequestDecoder decoder;
    private boolean destroyed;

    Multipart(Reply reply, String path, Path spool, long limit) throws BadUpload {
      super(path, limit);
      DefaultHttpDataFactory factory = new DefaultHttpDataFactory(true);
      factory.setBaseDir(spool.toString());
      factory.setDeleteOnExit(false);
      try {
        Files.createDirectories(spool);
        this.decoder = new HttpPostRequestDecoder(factory, reply.request());
      } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
        throw new BadUpload(400, "malformed multipart upload: " + e.getMessage());
      }
    }

    @Override
    void write(ByteBuf chunk) throws BadUpload {
      try {
        decoder.offer(new DefaultHttpContent(chunk));
      } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
        throw new BadUpload(400, "malformed multipart upload: " + e.getMessage());
      }
    }

    @Override
    List<Part> finish() throws BadUpload {
      List<Part> parts = new ArrayList<>();
      try {
        decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
        for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
          if (data instanceof FileUpload) {
            FileUpload upload = (FileUpload) data;
            String path = pathParam != null && !pathParam.isEmpty() ? pathParam : upload.getFilename();
            if (path == null || path.isEmpty()) {
              throw new BadUpload(400, "a file part has no filename and the path query parameter is absent");
            }
            Path file = upload.isInMemory() ? spillToDisk(upload) : upload.getFile().toPath();
            parts.add(new SpooledPart(path, file, upload));
          }
        }
      } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.NotEnoughDataDecoderException
          | IOException e) {
        throw new BadUpload(400, "malformed multipart upload: " + e.getMessage());
      }
      if (parts.isEmpty()) {
        throw new BadUpload(400, "the multipart upload has no file part");
      }
      return parts;
    }

    private static Path spillToDisk(FileUpload upload) throws IOException {
      Path file = Files.createTempFile("upload-", ".part");
      Files.write(file, upload.get());
      return file;
    }

    @Override
    synchronized void discard() {
      if (!destroyed) {
        destroyed = true;
        decoder.destroy();
      }
    }
  }

  private static final class SpooledPart implements Part {
    private final String path;
    private final Path file;
    private final FileUpload upload;

    SpooledPart(String path, Path file, FileUpload upload) {
      this.path = path;
      this.file = file;
      this.upload = upload;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public Path file() {
      return file;
    }

    @Override
    public void delete() {
      upload.delete();
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the spool is the agent's own; nothing else to do
      }
    }
  }
}
