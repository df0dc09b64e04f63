package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExp;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Paillier public key N with generator 1 + N. Encryption is (1+N)^m · ρ^N mod N², computed as (1 +
 * m·N) · ρ^N since (1+N)^m ≡ 1 + m·N (mod N²).
 */
public record PaillierPublicKey(BigInteger n, BigInteger nSquared) {

  /** Validating constructor: N odd, at least 1024 bits; N² must match. */
  public PaillierPublicKey {
    if (n.signum() <= 0 || !n.testBit(0) || n.bitLength() < 1024) {
      throw new IllegalArgumentException("Paillier modulus must be odd and at least 1024 bits");
    }
    if (!nSquared.equals(n.multiply(n))) {
      throw new IllegalArgumentException("nSquared must equal n*n");
    }
  }

  /** Creates the public key for modulus N. */
  public static PaillierPublicKey of(BigInteger n) {
    return new PaillierPublicKey(n, n.multiply(n));
  }

  /** Encrypts m (any sign; reduced mod N) with the given randomness ρ ∈ Z*_N. */
  public BigInteger encrypt(BigInteger m, BigInteger rho) {
    BigInteger gm = BigInteger.ONE.add(m.mod(n).multiply(n)).mod(nSquared);
    return gm.multiply(ModExp.pow(rho, n, nSquared)).mod(nSquared);
  }

  /** Encrypts m with fresh randomness; returns the ciphertext and the ρ used. */
  public Encryption encrypt(BigInteger m, SecureRandom random) {
    BigInteger rho = BigInts.randomUnit(n, random);
    return new Encryption(encrypt(m, rho), rho);
  }

  /** Homomorphic addition: Enc(a)·Enc(b) = Enc(a+b). */
  public BigInteger add(BigInteger c1, BigInteger c2) {
    return c1.multiply(c2).mod(nSquared);
  }

  /** Homomorphic scalar multiplication: Enc(a)^k = Enc(k·a), k of any sign. */
  public BigInteger multiply(BigInteger c, BigInteger k) {
    return BigInts.modPowSigned(c, k, nSquared);
  }

  /** Whether c is a well-formed ciphertext: in [1, N²) and a unit mod N² (gcd(c, N) = 1). */
  public boolean isValidCiphertext(BigInteger c) {
    return c.signum() > 0 && c.compareTo(nSquared) < 0 && c.gcd(n).equals(BigInteger.ONE);
  }

  /** A ciphertext with the randomness that produced it (the prover's witness). */
  public record Encryption(BigInteger ciphertext, BigInteger rho) {
    @Override
    public String toString() {
      return "Encryption[ciphertext=" + ciphertext.bitLength() + " bits, rho=<redacted>]";
    }
  }
}
