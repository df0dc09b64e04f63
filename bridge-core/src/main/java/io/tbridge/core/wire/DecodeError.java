package io.tbridge.core.wire;

import java.util.Objects;

/**
 * Why a decoder refused some bytes, with a short human-readable detail that names the field.
 *
 * @param reason the category, stable for metrics and the dead-letter topic
 * @param detail which field and rule; never contains payload bytes
 */
public record DecodeError(RejectReason reason, String detail) {

  /** Validates presence. */
  public DecodeError {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** The error {@code reason} with {@code detail}. */
  public static DecodeError of(RejectReason reason, String detail) {
    return new DecodeError(reason, detail);
  }

  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
