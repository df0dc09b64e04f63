package io.tbridge.tss.precompute;

import io.tbridge.tss.paillier.PaillierMath;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Paillier encryption randomness r ∈ Z*_N together with r^N mod N², the expensive part of Enc(m; r)
 * = (1 + m·N)·r^N mod N². Secret: r is part of a proof's witness-hiding mask, so it must be used
 * for exactly one encryption and never shown.
 *
 * @param modulus the Paillier modulus N the noise belongs to
 * @param r the randomness, a unit mod N
 * @param rToN r^N mod N²
 */
public record EncryptionNoise(BigInteger modulus, BigInteger r, BigInteger rToN) {
  /** Validating constructor: no nulls, r in [1, N), r^N in [1, N²). */
  public EncryptionNoise {
    Objects.requireNonNull(modulus, "modulus");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(rToN, "rToN");
    if (r.signum() <= 0 || r.compareTo(modulus) >= 0) {
      throw new IllegalArgumentException("r must be in [1, N)");
    }
    if (rToN.signum() <= 0 || rToN.compareTo(modulus.multiply(modulus)) >= 0) {
      throw new IllegalArgumentException("r^N must be in [1, N²)");
    }
  }

  /** Enc_N(m; r) under {@code key}, which must be the modulus this noise was made for. */
  public BigInteger encrypt(PaillierMath key, BigInteger m) {
    if (!key.n().equals(modulus)) {
      throw new IllegalArgumentException("encryption noise belongs to another Paillier modulus");
    }
    return key.encryptWithNthPower(m, rToN);
  }

  @Override
  public String toString() {
    return "EncryptionNoise[" + modulus.bitLength() + "-bit N, <redacted>]";
  }
}
