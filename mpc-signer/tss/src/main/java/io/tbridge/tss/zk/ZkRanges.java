package io.tbridge.tss.zk;

import io.tbridge.tss.math.ModExp;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.precompute.MaskSampling;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;

/** The sampling ranges and challenge space shared by Π-enc, Π-aff-g and Π-log*. */
final class ZkRanges {
  private static final BigInteger TWO_Q_PLUS_ONE = Secp256k1.Q.shiftLeft(1).add(BigInteger.ONE);

  private ZkRanges() {}

  /** Uniform integer in [−2^bits·n, 2^bits·n] (the paper's ±2^ℓ·N̂ intervals). */
  static BigInteger randomSignedTimes(int bits, BigInteger n, SecureRandom random) {
    return MaskSampling.randomSignedTimes(bits, n, random);
  }

  /** Whether |x| ≤ 2^bits·n. */
  static boolean inSignedRangeTimes(BigInteger x, int bits, BigInteger n) {
    return x.abs().compareTo(n.shiftLeft(bits)) <= 0;
  }

  /**
   * Whether lhs ≡ a·base^e (mod m) for a unit base, without inverting base when e is negative: then
   * lhs·base^|e| ≡ a is checked instead (a modular inverse costs about as much as the short
   * exponentiation itself).
   */
  static boolean equalsTimesPower(
      BigInteger lhs, BigInteger a, BigInteger base, BigInteger e, BigInteger m) {
    if (e.signum() >= 0) {
      return lhs.equals(a.multiply(ModExp.pow(base, e, m)).mod(m));
    }
    return lhs.multiply(ModExp.pow(base, e.negate(), m)).mod(m).equals(a.mod(m));
  }

  /** A challenge uniform in [−q, q], as the paper's e ← ±q. */
  static BigInteger challengePlusMinusQ(Transcript t) {
    return t.challengeBelow(TWO_Q_PLUS_ONE).subtract(Secp256k1.Q);
  }
}
