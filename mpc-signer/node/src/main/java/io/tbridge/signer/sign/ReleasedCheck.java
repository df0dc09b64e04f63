package io.tbridge.signer.sign;

import io.tbridge.core.Release;
import io.tbridge.core.eip712.Eip712Domain;

/**
 * Whether the destination bridge already paid a release out (read through the node's own
 * endpoints).
 */
@FunctionalInterface
public interface ReleasedCheck {

  /**
   * True when {@code destination} reports the deposit of {@code release} as released; false when
   * not or unknown.
   */
  boolean isReleased(Eip712Domain destination, Release release);
}
