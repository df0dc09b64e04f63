package io.tbridge.core.wire;

/** Thrown by {@link DecodeResult#orElseThrow()} for callers that prefer an exception. */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DecodeError error;

  /** An exception carrying {@code error}. */
  public DecodeException(DecodeError error) {
    super(error.toString());
    this.error = error;
  }

  /** Why decoding failed. */
  public DecodeError error() {
    return error;
  }
}
