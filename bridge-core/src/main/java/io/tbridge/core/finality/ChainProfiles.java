package io.tbridge.core.finality;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The chain profiles shipped with the bridge. The files in {@code config/profiles/} describe the
 * same profiles for operators (a test keeps both identical); custom profiles are loaded with {@link
 * ChainProfile#load}.
 */
public final class ChainProfiles {

  /**
   * Ethereum proof of stake: the beacon chain finalizes a checkpoint about every two epochs (~13
   * minutes); a finalized block can only be reverted by burning a third of all stake.
   */
  public static final ChainProfile ETHEREUM_POS =
      ChainProfile.finalizedTag("ethereum-pos", Duration.ofSeconds(12));

  /**
   * BNB Smart Chain: fast finality (BEP-126) answers the finalized tag within a few blocks; the
   * confirmation depth is kept as a second guard because the validator set is small.
   */
  public static final ChainProfile BSC = ChainProfile.both("bsc", 15, Duration.ofMillis(750));

  /**
   * Polygon PoS: milestones (Heimdall) drive the finalized tag; the confirmation depth guards
   * against the deep Bor reorgs the chain has had.
   */
  public static final ChainProfile POLYGON_POS =
      ChainProfile.both("polygon-pos", 128, Duration.ofSeconds(2));

  /**
   * OP-stack rollups (Optimism, Base, ...): an L2 block is finalized once the L1 block holding its
   * batch is finalized on Ethereum.
   */
  public static final ChainProfile OP_STACK =
      ChainProfile.finalizedTag("op-stack", Duration.ofSeconds(2));

  /**
   * Arbitrum (Nitro): the finalized tag follows the L1 finality of the batch that posted the block.
   */
  public static final ChainProfile ARBITRUM =
      ChainProfile.finalizedTag("arbitrum", Duration.ofMillis(250));

  /**
   * A local anvil devnet: anvil answers the finalized tag two epochs behind the head ({@code
   * --slots-in-an-epoch}), which gives real but fast finality.
   */
  public static final ChainProfile ANVIL_DEVNET =
      ChainProfile.finalizedTag("anvil-devnet", Duration.ofSeconds(1));

  private static final List<ChainProfile> ALL =
      List.of(ETHEREUM_POS, BSC, POLYGON_POS, OP_STACK, ARBITRUM, ANVIL_DEVNET);

  private ChainProfiles() {}

  /** Every shipped profile. */
  public static List<ChainProfile> all() {
    return ALL;
  }

  /** The shipped profile with that name, if any. */
  public static Optional<ChainProfile> byName(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
