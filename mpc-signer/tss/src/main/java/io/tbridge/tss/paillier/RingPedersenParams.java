package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import java.math.BigInteger;

/**
 * Ring-Pedersen parameters (N̂, s, t) with s, t ∈ QR(N̂) and s = t^λ; the commitment to x with
 * randomness y is s^x · t^y mod N̂. Verifiers use these to check the range proofs of others.
 */
public record RingPedersenParams(BigInteger n, BigInteger s, BigInteger t) {

  /** Validating constructor: s and t are units mod N̂, distinct, and not ±1. */
  public RingPedersenParams {
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new IllegalArgumentException("ring-Pedersen modulus must be odd and positive");
    }
    if (!BigInts.isUnit(s, n) || !BigInts.isUnit(t, n)) {
      throw new IllegalArgumentException("s and t must be units mod N");
    }
    BigInteger minusOne = n.subtract(BigInteger.ONE);
    if (s.equals(BigInteger.ONE)
        || t.equals(BigInteger.ONE)
        || s.equals(minusOne)
        || t.equals(minusOne)
        || s.equals(t)) {
      throw new IllegalArgumentException("s and t must be distinct and not ±1");
    }
  }

  /** s^x · t^y mod N̂ for x, y of any sign. */
  public BigInteger commit(BigInteger x, BigInteger y) {
    return BigInts.modPowSigned(s, x, n).multiply(BigInts.modPowSigned(t, y, n)).mod(n);
  }
}
