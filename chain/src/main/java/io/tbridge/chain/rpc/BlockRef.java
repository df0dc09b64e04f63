package io.tbridge.chain.rpc;

/** A block parameter: a number or one of the tags {@code latest}, {@code finalized}, ... */
public record BlockRef(String param) {

  /** The newest block. */
  public static final BlockRef LATEST = new BlockRef("latest");

  /** The newest finalized block. */
  public static final BlockRef FINALIZED = new BlockRef("finalized");

  /** The pending state (nonces including the mempool). */
  public static final BlockRef PENDING = new BlockRef("pending");

  /** Validates that the parameter is a tag or a 0x-quantity. */
  public BlockRef {
    if (!param.matches("latest|finalized|safe|pending|earliest|0x(0|[1-9a-f][0-9a-f]*)")) {
      throw new IllegalArgumentException("not a block parameter: " + param);
    }
  }

  /** Block number {@code n}. */
  public static BlockRef number(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("block number must not be negative");
    }
    return new BlockRef("0x" + Long.toHexString(n));
  }
}
