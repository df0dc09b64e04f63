package io.tbridge.tss.precompute;

import io.tbridge.tss.math.BigInts;
import java.math.BigInteger;
import java.security.SecureRandom;

/** The mask distributions of the CGGMP21 range proofs, defined once for provers and the pool. */
public final class MaskSampling {
  private MaskSampling() {}

  /** Uniform integer in [−2^bits, 2^bits] (the paper's ±2^bits intervals). */
  public static BigInteger randomSigned(int bits, SecureRandom random) {
    return BigInts.randomSigned(bits, random);
  }

  /** Uniform integer in [−2^bits·n, 2^bits·n] (the paper's ±2^bits·N̂ intervals). */
  public static BigInteger randomSignedTimes(int bits, BigInteger n, SecureRandom random) {
    BigInteger bound = n.shiftLeft(bits);
    return BigInts.randomBelow(bound.shiftLeft(1).add(BigInteger.ONE), random).subtract(bound);
  }
}
