package io.tbridge.core;

import java.math.BigInteger;
import java.util.Random;

/** Deterministic sample values for tests. */
public final class Samples {
  private Samples() {}

  /** An address derived from a seed byte. */
  public static Address address(int seed) {
    byte[] bytes = new byte[20];
    new Random(seed).nextBytes(bytes);
    return Address.of(bytes);
  }

  /** A hash derived from a seed. */
  public static Hash32 hash(int seed) {
    byte[] bytes = new byte[32];
    new Random(seed * 31L + 7).nextBytes(bytes);
    return Hash32.of(bytes);
  }

  /** A lock from chain 31337 to chain 31338 with deposit counter {@code nonce}. */
  public static LockEvent lock(long nonce) {
    return new LockEvent(
        ChainId.of(31337),
        address(1),
        hash((int) nonce),
        3,
        hash(1000 + (int) nonce),
        100 + nonce,
        ChainId.of(31338),
        BigInteger.valueOf(nonce),
        address(2),
        address(3),
        address(4),
        address(5),
        BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(nonce + 1)));
  }
}
