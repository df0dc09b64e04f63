package io.tbridge.tss.codec;

/**
 * The one exception any decoder in this library throws for malformed, truncated, out-of-range or
 * unknown-version input. Callers treat it as "the sender sent garbage" and never see another
 * exception type from a decoder.
 */
public final class DecodingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates an error with a human-readable reason (never containing secret bytes). */
  public DecodingException(String reason) {
    super(reason);
  }
}
