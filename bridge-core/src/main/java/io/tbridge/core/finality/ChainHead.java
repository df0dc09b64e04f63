package io.tbridge.core.finality;

import java.util.OptionalLong;

/**
 * What a node reported about its chain at one moment: the latest block number and, when the node
 * answers the tag, the {@code finalized} block number.
 *
 * @param latest number of the newest block
 * @param finalized number of the newest finalized block, if the node reports one
 */
public record ChainHead(long latest, OptionalLong finalized) {

  /** Validates that numbers are not negative. */
  public ChainHead {
    if (latest < 0) {
      throw new IllegalArgumentException("latest block must not be negative, got " + latest);
    }
    if (finalized == null) {
      throw new IllegalArgumentException("finalized must be an OptionalLong, not null");
    }
    if (finalized.isPresent() && finalized.getAsLong() < 0) {
      throw new IllegalArgumentException("finalized block must not be negative");
    }
  }

  /** A head with only a latest block (the node does not answer the finalized tag). */
  public static ChainHead latestOnly(long latest) {
    return new ChainHead(latest, OptionalLong.empty());
  }

  /** A head with a latest and a finalized block. */
  public static ChainHead of(long latest, long finalized) {
    return new ChainHead(latest, OptionalLong.of(finalized));
  }
}
