package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExp;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Paillier secret key: the two primes of N. Decryption and the prover's exponentiations mod N² use
 * the Chinese remainder theorem over p² and q², about 3–4× faster than working mod N².
 *
 * <p>Side channels: every exponentiation here has an exponent derived from p or q, and {@link
 * BigInteger#modPow} is a sliding-window method whose square/multiply sequence follows the exponent
 * bits. So each call blinds its exponents (e → e + r·p(p−1) in Z*_{p²}, with a fresh 64-bit r; see
 * {@link BigInts#blindExponent}): an observer of many decryptions sees a different exponent every
 * time, not repeated samples of p − 1. The one-off inverses of the constructor are blinded the same
 * way ({@link BigInts#modInverseBlinded}). The blinding randomness comes from the source given to
 * {@link #of(BigInteger, BigInteger, SecureRandom)}; it never changes any result.
 */
public final class PaillierSecretKey {
  private final BigInteger p;
  private final BigInteger q;
  private final PaillierPublicKey publicKey;
  private final BigInteger phi;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger pMinus1;
  private final BigInteger qMinus1;
  private final BigInteger pOrder;
  private final BigInteger qOrder;
  private final BigInteger qSquaredInvModPSquared;
  private final BigInteger hp;
  private final BigInteger hq;
  private final BigInteger qInvModP;
  private final SecureRandom blindingRandom;

  private PaillierSecretKey(BigInteger p, BigInteger q, SecureRandom blindingRandom) {
    this.p = p;
    this.q = q;
    this.blindingRandom = blindingRandom;
    BigInteger n = p.multiply(q);
    this.publicKey = PaillierPublicKey.of(n);
    this.pMinus1 = p.subtract(BigInteger.ONE);
    this.qMinus1 = q.subtract(BigInteger.ONE);
    this.phi = pMinus1.multiply(qMinus1);
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    // Orders of Z*_{p²} and Z*_{q²}: the blinding multiples.
    this.pOrder = p.multiply(pMinus1);
    this.qOrder = q.multiply(qMinus1);
    this.qSquaredInvModPSquared = BigInts.modInverseBlinded(qSquared, pSquared, blindingRandom);
    this.qInvModP = BigInts.modInverseBlinded(q, p, blindingRandom);
    // h_p = L_p(g^{p-1} mod p²)^{-1} mod p with g = 1 + N (Paillier's CRT decryption). Since
    // (1+N)^{p−1} ≡ 1 + (p−1)·N (mod p²) and N = p·q, L_p(…) = (p−1)·q ≡ −q (mod p), so
    // h_p = −q⁻¹ mod p: no exponentiation with the secret exponent p − 1 is needed.
    this.hp = p.subtract(qInvModP);
    this.hq = q.subtract(BigInts.modInverseBlinded(p, q, blindingRandom));
  }

  /**
   * Builds a secret key from two distinct primes of equal size, with a fresh {@link SecureRandom}
   * for exponent blinding. Primality is the caller's responsibility (they come from the safe-prime
   * generator); sizes and distinctness are checked.
   */
  public static PaillierSecretKey of(BigInteger p, BigInteger q) {
    return of(p, q, new SecureRandom());
  }

  /**
   * Builds a secret key whose exponent blinding draws from {@code blindingRandom} (seedable for
   * tests; it must be safe for use from several threads, as every JDK {@link SecureRandom} is).
   * Results never depend on it.
   */
  public static PaillierSecretKey of(BigInteger p, BigInteger q, SecureRandom blindingRandom) {
    if (p.equals(q)) {
      throw new IllegalArgumentException("Paillier primes must be distinct");
    }
    if (p.bitLength() != q.bitLength() || p.bitLength() < 512) {
      throw new IllegalArgumentException("Paillier primes must have equal size, at least 512 bits");
    }
    return new PaillierSecretKey(p, q, Objects.requireNonNull(blindingRandom, "blindingRandom"));
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

  /**
   * Decrypts to the representative in [0, N), with freshly blinded exponents.
   *
   * @throws IllegalArgumentException if c is not in Z*_{N²} (blinding relies on c being a unit)
   */
  public BigInteger decrypt(BigInteger c) {
    if (!publicKey.isValidCiphertext(c)) {
      throw new IllegalArgumentException("ciphertext must be in [1, N²) and coprime to N");
    }
    BigInteger[] e = decryptionExponents();
    BigInteger mp = lp(ModExp.pow(c.mod(pSquared), e[0], pSquared), p).multiply(hp).mod(p);
    BigInteger mq = lp(ModExp.pow(c.mod(qSquared), e[1], qSquared), q).multiply(hq).mod(q);
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
   * The two exponents of one decryption: p − 1 and q − 1, each blinded with a fresh multiple of the
   * order of Z*_{p²} resp. Z*_{q²}. Package-private so tests can see that they change per call.
   */
  BigInteger[] decryptionExponents() {
    return new BigInteger[] {
      BigInts.blindExponent(pMinus1, pOrder, blindingRandom),
      BigInts.blindExponent(qMinus1, qOrder, blindingRandom)
    };
  }

  /**
   * base^exp mod N² via CRT over p² and q² (exponent of any sign; base a unit mod N). Used by
   * provers, who know the factors, for ρ^N and similar. The exponent is reduced mod p(p−1) and
   * q(q−1), which depends on the secret factors, so it is blinded on every call.
   */
  public BigInteger modPowNSquared(BigInteger base, BigInteger exp) {
    BigInteger xp =
        ModExp.pow(
            base.mod(pSquared), BigInts.blindExponent(exp, pOrder, blindingRandom), pSquared);
    BigInteger xq =
        ModExp.pow(
            base.mod(qSquared), BigInts.blindExponent(exp, qOrder, blindingRandom), qSquared);
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
