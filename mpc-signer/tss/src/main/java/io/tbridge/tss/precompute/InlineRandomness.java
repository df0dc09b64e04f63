package io.tbridge.tss.precompute;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/** {@link ProofRandomness} that samples and computes each item on request. */
final class InlineRandomness implements ProofRandomness {
  private final SecureRandom random;

  InlineRandomness(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public EncryptionNoise encryptionNoise(PaillierMath key) {
    BigInteger n = key.n();
    BigInteger r = BigInts.randomUnit(n, random);
    return new EncryptionNoise(n, r, key.nthPower(r));
  }

  @Override
  public CommitmentMask commitment(
      RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits) {
    requireBits(aBits);
    requireBits(bBits);
    // Drawn in the order a, b, as the provers' masks (α then γ) always were.
    BigInteger a = MaskSampling.randomSigned(aBits, random);
    BigInteger b = MaskSampling.randomSignedTimes(bBits, rp.n(), random);
    return new CommitmentMask(rp.n(), a, b, rpMath.commit(rp, a, b));
  }

  @Override
  public CommitmentMask blinding(RingPedersenParams rp, PaillierMath rpMath, int bBits) {
    requireBits(bBits);
    BigInteger b = MaskSampling.randomSignedTimes(bBits, rp.n(), random);
    return new CommitmentMask(rp.n(), BigInteger.ZERO, b, rpMath.commit(rp, BigInteger.ZERO, b));
  }

  static void requireBits(int bits) {
    if (bits < 1 || bits > 1 << 16) {
      throw new IllegalArgumentException("mask size must be in [1, 65536] bits, got " + bits);
    }
  }

  @Override
  public String toString() {
    return "InlineRandomness";
  }
}
