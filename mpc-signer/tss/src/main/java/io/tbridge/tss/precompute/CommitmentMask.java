package io.tbridge.tss.precompute;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Ring-Pedersen mask exponents with their commitment: value = s^a·t^b mod N̂ for a ← ±2^aBits and b
 * ← ±2^bBits·N̂, or, for a blinding, a = 0 and value = t^b (the random half of a commitment s^x·t^b
 * to a witness x). Secret: a and b hide the witness in the proof's responses, so a mask must be
 * used in exactly one proof and never shown.
 *
 * @param modulus the ring-Pedersen modulus N̂
 * @param a the exponent of s (0 for a blinding)
 * @param b the exponent of t
 * @param value s^a·t^b mod N̂
 */
public record CommitmentMask(BigInteger modulus, BigInteger a, BigInteger b, BigInteger value) {
  /** Validating constructor: no nulls, value in [1, N̂). */
  public CommitmentMask {
    Objects.requireNonNull(modulus, "modulus");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(value, "value");
    if (value.signum() <= 0 || value.compareTo(modulus) >= 0) {
      throw new IllegalArgumentException("commitment must be in [1, N̂)");
    }
  }

  @Override
  public String toString() {
    return "CommitmentMask[" + modulus.bitLength() + "-bit N̂, <redacted>]";
  }
}
