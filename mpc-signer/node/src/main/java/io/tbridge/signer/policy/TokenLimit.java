package io.tbridge.signer.policy;

import io.tbridge.core.Uint256;
import java.math.BigInteger;

/**
 * This node's limits for one destination token, in its units.
 *
 * @param maxPerTransfer largest single release
 * @param dailyCap most signed in any rolling 24 hours
 */
public record TokenLimit(BigInteger maxPerTransfer, BigInteger dailyCap) {
  /** Validating constructor. */
  public TokenLimit {
    Uint256.checkPositive(maxPerTransfer, "maxPerTransfer");
    Uint256.checkPositive(dailyCap, "dailyCap");
    if (maxPerTransfer.compareTo(dailyCap) > 0) {
      throw new IllegalArgumentException("maxPerTransfer exceeds the daily cap");
    }
  }
}
