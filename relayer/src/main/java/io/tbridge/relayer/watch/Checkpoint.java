package io.tbridge.relayer.watch;

import io.tbridge.core.Hash32;
import java.util.Objects;
import java.util.Optional;

/**
 * The last block of a chain whose locks are all published, and its hash (for the continuity check
 * of the next range). Before the first scan the block is {@code startBlock - 1} without a hash.
 *
 * @param block last fully processed block, -1 before block 0
 * @param hash that block's hash, absent before the first scan
 */
public record Checkpoint(long block, Optional<Hash32> hash) {

  /** Validates fields. */
  public Checkpoint {
    if (block < -1) {
      throw new IllegalArgumentException("checkpoint block must be >= -1, got " + block);
    }
    Objects.requireNonNull(hash, "hash");
  }

  /** The checkpoint before scanning from {@code startBlock}. */
  public static Checkpoint before(long startBlock) {
    return new Checkpoint(startBlock - 1, Optional.empty());
  }

  /** The checkpoint after processing block {@code block} with hash {@code hash}. */
  public static Checkpoint at(long block, Hash32 hash) {
    return new Checkpoint(block, Optional.of(hash));
  }
}
