package io.tbridge.tss.paillier;

import java.math.BigInteger;

/**
 * Paillier secret key: the two primes of N. Decryption and the prover's exponentiations mod N² use
 * the Chinese remainder theorem over p² and q², about 3–4× faster than working mod N².
 */
public final class PaillierSecretKey {
  private final BigInteger p;
  private final BigInteger q;
  private final PaillierPublicKey publicKey;
  private final BigInteger phi;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger qSquaredInvModPSquared;
  private final BigInteger hp;
  private final BigInteger hq;
  private final BigInteger qInvModP;

  private PaillierSecretKey(BigInteger p, BigInteger q) {
    this.p = p;
    this.q = q;
    BigInteger n = p.multiply(q);
    this.publicKey = PaillierPublicKey.of(n);
    this.phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    this.qSquaredInvModPSquared = qSquared.modInverse(pSquared);
    // h_p = L_p(g^{p-1} mod p²)^{-1} mod p with g = 1 + N (Paillier's CRT decryption).
    this.hp =
        lp(BigInteger.ONE.add(n).modPow(p.subtract(BigInteger.ONE), pSquared), p).modInverse(p);
    this.hq =
        lp(BigInteger.ONE.add(n).modPow(q.subtract(BigInteger.ONE), qSquared), q).modInverse(q);
    this.qInvModP = q.modInverse(p);
  }

  /**
   * Builds a secret key from two distinct primes of equal size. Primality is the caller's
   * responsibility (they come from the safe-prime generator); sizes and distinctness are checked.
   */
  public static PaillierSecretKey of(BigInteger p, BigInteger q) {
    if (p.equals(q)) {
      throw new IllegalArgumentException("Paillier primes must be distinct");
    }
    if (p.bitLength() != q.bitLength() || p.bitLength() < 512) {
      throw new IllegalArgumentException("Paillier primes must have equal size, at least 512 bits");
    }
    return new PaillierSecretKey(p, q);
  }

  /** The matching public key. */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /** The first prime factor (secret). */
  public BigInteger p() {
    return p;
  }

  /** The second prime factor (secret). */
  public BigInteger q() {
    return q;
  }

  /** φ(N) = (p-1)(q-1) (secret). */
  public BigInteger phi() {
    return phi;
  }

  /** Decrypts to the representative in [0, N). */
  public BigInteger decrypt(BigInteger c) {
    BigInteger mp = lp(c.modPow(p.subtract(BigInteger.ONE), pSquared), p).multiply(hp).mod(p);
    BigInteger mq = lp(c.modPow(q.subtract(BigInteger.ONE), qSquared), q).multiply(hq).mod(q);
    // Garner recombination mod N.
    BigInteger h = mp.subtract(mq).multiply(qInvModP).mod(p);
    return mq.add(h.multiply(q));
  }

  /** Decrypts to the signed representative in (-N/2, N/2]. */
  public BigInteger decryptSigned(BigInteger c) {
    BigInteger m = decrypt(c);
    BigInteger n = publicKey.n();
    return m.compareTo(n.shiftRight(1)) > 0 ? m.subtract(n) : m;
  }

  /**
   * base^exp mod N² via CRT over p² and q² (exponent of any size, non-negative). Used by provers,
   * who know the factors, for ρ^N and similar.
   */
  public BigInteger modPowNSquared(BigInteger base, BigInteger exp) {
    BigInteger xp =
        base.mod(pSquared).modPow(exp.mod(p.multiply(p.subtract(BigInteger.ONE))), pSquared);
    BigInteger xq =
        base.mod(qSquared).modPow(exp.mod(q.multiply(q.subtract(BigInteger.ONE))), qSquared);
    BigInteger h = xp.subtract(xq).multiply(qSquaredInvModPSquared).mod(pSquared);
    return xq.add(h.multiply(qSquared));
  }

  private static BigInteger lp(BigInteger x, BigInteger prime) {
    return x.subtract(BigInteger.ONE).divide(prime);
  }

  @Override
  public String toString() {
    return "PaillierSecretKey[n=" + publicKey.n().bitLength() + " bits, factors=<redacted>]";
  }
}
