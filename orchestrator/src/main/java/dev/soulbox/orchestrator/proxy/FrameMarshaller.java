package dev.soulbox.orchestrator.proxy;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** A message as the bytes on the wire: the proxy copies each one through without parsing it. */
final class FrameMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  static final FrameMarshaller INSTANCE = new FrameMarshaller();

  private FrameMarshaller() {}

  @Override
  public InputStream stream(byte[] frame) {
    return new Frame(frame);
  }

  @Override
  public byte[] parse(InputStream in) {
    try {
      if (in instanceof KnownLength) {
        int length = in.available();
        byte[] frame = in.readNBytes(length);
        if (frame.length == length) {
          return frame;
        }
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Known length and drainable, so gRPC writes the length prefix and then the bytes, without buffering them again. */
  private static final class Frame extends ByteArrayInputStream implements KnownLength, Drainable {
    Frame(byte[] frame) {
      super(frame);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
