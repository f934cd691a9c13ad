package dev.soulbox.agent.pty;

import dev.soulbox.grpc.InvalidArgumentException;

/** A terminal's size in character cells. */
public record PtySize(int cols, int rows) {
  /** Largest size accepted; anything bigger is a mistake, not a screen. */
  public static final int MAX_CELLS = 10_000;

  public PtySize {
    if (cols < 1 || rows < 1 || cols > MAX_CELLS || rows > MAX_CELLS) {
      throw new InvalidArgumentException(
          "pty size " + cols + "x" + rows + " is out of range; cols and rows must be between 1 and " + MAX_CELLS);
    }
  }
}
