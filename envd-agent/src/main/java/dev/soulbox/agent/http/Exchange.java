package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;

/** What answers one HTTP request: it gets the body as it arrives, then its end. */
interface Exchange {
  /** A piece of the body; it is released after this returns, so keep a copy of what is needed. */
  void content(ByteBuf chunk);

  void end();

  /** The connection closed before the exchange was over. Called at most once, also after {@link #end}. */
  default void abort() {}
}
