package io.tbridge.signer.sign;

import io.tbridge.core.ReleaseBatch;
import java.time.Duration;
import java.util.Objects;

/**
 * How deposits are batched per destination chain.
 *
 * @param window length of one proposer window; {@link Duration#ZERO} turns batching off (every
 *     deposit is signed alone)
 * @param maxSize most deposits in one batch (1 to {@link ReleaseBatch#MAX_RELEASES})
 * @param soloAfter how long a verified deposit waits for a batch before it is signed alone
 * @param proposerSpan consecutive windows one party proposes for a destination chain (its turn);
 *     within a turn no two proposals can name the same deposit, so only turn changes can cross
 */
public record BatchSettings(Duration window, int maxSize, Duration soloAfter, int proposerSpan) {

  /** Default turn length, in windows. */
  public static final int DEFAULT_PROPOSER_SPAN = 8;

  /** Batching off. */
  public static final BatchSettings OFF = new BatchSettings(Duration.ZERO, 1, Duration.ZERO, 1);

  /** Settings with the default turn length. */
  public BatchSettings(Duration window, int maxSize, Duration soloAfter) {
    this(window, maxSize, soloAfter, DEFAULT_PROPOSER_SPAN);
  }

  /** Validating constructor. */
  public BatchSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(soloAfter, "soloAfter");
    if (window.isNegative() || soloAfter.isNegative()) {
      throw new IllegalArgumentException("batch window and solo-after must not be negative");
    }
    if (maxSize < 1 || maxSize > ReleaseBatch.MAX_RELEASES) {
      throw new IllegalArgumentException(
          "batch max-size must be in [1, " + ReleaseBatch.MAX_RELEASES + "], got " + maxSize);
    }
    if (proposerSpan < 1 || proposerSpan > 1000) {
      throw new IllegalArgumentException(
          "batch proposer-span must be in [1, 1000] windows, got " + proposerSpan);
    }
    if (!window.isZero() && soloAfter.compareTo(window.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "batch solo-after must be at least two windows, so a batch can form");
    }
  }

  /** Whether deposits wait for batches at all. */
  public boolean enabled() {
    return !window.isZero();
  }
}
