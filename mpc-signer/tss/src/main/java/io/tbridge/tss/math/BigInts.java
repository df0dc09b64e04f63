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
      return ModExp.pow(base, exp, m);
    }
    return ModExp.pow(ModExp.inverse(base, m), exp.negate(), m);
  }

  /** Bits of fresh randomness in every exponent blinding factor. */
  public static final int BLINDING_BITS = 64;

  /**
   * Exponent blinding: returns (exp mod order) + r·order with a fresh r ∈ [2^64, 2^65), so
   * base^result = base^exp for every base of a group whose order divides {@code order}, while the
   * exponent bits that {@link BigInteger#modPow}'s sliding window walks through change on every
   * call (and all blinded exponents have almost the same length). Only someone who knows a multiple
   * of the group order can do this, e.g. the owner of a Paillier key for Z*_{p²}.
   */
  public static BigInteger blindExponent(BigInteger exp, BigInteger order, SecureRandom random) {
    if (order.signum() <= 0) {
      throw new IllegalArgumentException("group order multiple must be positive");
    }
    BigInteger r = new BigInteger(BLINDING_BITS, random).setBit(BLINDING_BITS);
    return exp.mod(order).add(r.multiply(order));
  }

  /**
   * The random half of an exponent split for a long-lived secret 0 ≤ x ≤ 2^bits: a uniform a ∈ [0,
   * 2^(bits+64)), so that base^x is computed as base^(x + a)·(base⁻¹)^a. Neither exponent is x;
   * each alone is within statistical distance 2^-64 of uniform on [0, 2^(bits+64)), whatever x is;
   * and every call draws a fresh pair, so traces of many calls cannot be averaged. Unlike {@link
   * #blindExponent} this needs no multiple of the group order, so it also works modulo another
   * party's N, and it keeps the value computed (and hence every proof about it) unchanged.
   */
  public static BigInteger splitMask(int bits, SecureRandom random) {
    if (bits < 1) {
      throw new IllegalArgumentException("exponent bound must be positive");
    }
    return new BigInteger(bits + BLINDING_BITS, random);
  }

  /**
   * base^exp mod m with a blinded exponent (see {@link #blindExponent}); {@code order} must be a
   * multiple of the order of base in Z*_m (e.g. p(p−1) for m = p²), and base a unit mod m.
   */
  public static BigInteger modPowBlinded(
      BigInteger base, BigInteger exp, BigInteger m, BigInteger order, SecureRandom random) {
    return ModExp.pow(base, blindExponent(exp, order, random), m);
  }

  /**
   * x⁻¹ mod m computed as r·(x·r)⁻¹ for a fresh random unit r, so the variable-time {@link
   * BigInteger#modInverse} never runs on the secret x itself (for inverses of secret primes).
   */
  public static BigInteger modInverseBlinded(BigInteger x, BigInteger m, SecureRandom random) {
    BigInteger r = randomUnit(m, random);
    return ModExp.inverse(x.multiply(r).mod(m), m).multiply(r).mod(m);
  }
}
