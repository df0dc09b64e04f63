package io.tbridge.tss.math;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Sampling and range checks on big integers as the CGGMP21 proofs use them. */
public final class BigInts {
  private BigInts() {}

  /** Uniform element of Z*_N: in [1, N) and coprime to N. */
  public static BigInteger randomUnit(BigInteger n, SecureRandom random) {
    while (true) {
      BigInteger x = new BigInteger(n.bitLength(), random);
      if (x.signum() > 0 && x.compareTo(n) < 0 && x.gcd(n).equals(BigInteger.ONE)) {
        return x;
      }
    }
  }

  /** Uniform integer in [-2^bits, 2^bits] (the paper's ±2^bits intervals). */
  public static BigInteger randomSigned(int bits, SecureRandom random) {
    BigInteger width = BigInteger.ONE.shiftLeft(bits + 1).add(BigInteger.ONE);
    return randomBelow(width, random).subtract(BigInteger.ONE.shiftLeft(bits));
  }

  /** Uniform integer in [0, bound). */
  public static BigInteger randomBelow(BigInteger bound, SecureRandom random) {
    while (true) {
      BigInteger x = new BigInteger(bound.bitLength(), random);
      if (x.compareTo(bound) < 0) {
        return x;
      }
    }
  }

  /** Whether |x| ≤ 2^bits. */
  public static boolean inSignedRange(BigInteger x, int bits) {
    return x.abs().compareTo(BigInteger.ONE.shiftLeft(bits)) <= 0;
  }

  /** Whether x is in [1, n) and gcd(x, n) = 1. */
  public static boolean isUnit(BigInteger x, BigInteger n) {
    return x.signum() > 0 && x.compareTo(n) < 0 && x.gcd(n).equals(BigInteger.ONE);
  }

  /** base^exp mod m for any sign of exp (a negative exponent inverts base first). */
  public static BigInteger modPowSigned(BigInteger base, BigInteger exp, BigInteger m) {
    if (exp.signum() >= 0) {
      return base.modPow(exp, m);
    }
    return base.modInverse(m).modPow(exp.negate(), m);
  }
}
