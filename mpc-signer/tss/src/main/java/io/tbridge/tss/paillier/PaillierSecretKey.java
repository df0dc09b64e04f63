package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExp;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Paillier secret key: the two primes of N, and every computation that uses them. Decryption and
 * the owner's exponentiations mod N and N² use the Chinese remainder theorem over p, q (or p², q²),
 * about 3–4× faster than working mod N or N².
 *
 * <p>Side channels ({@link BigInteger#modPow} is a sliding-window method whose square/multiply
 * sequence follows the exponent bits):
 *
 * <ul>
 *   <li>Exponents that are themselves derived from p or q (p − 1 and q − 1 in decryption, N⁻¹ mod p
 *       − 1 in {@link #nthRoot}) are blinded on every call (e → e + r·order with a fresh 64-bit r;
 *       see {@link BigInts#blindExponent}): an observer of many calls sees a different exponent
 *       every time, not repeated samples of one secret.
 *   <li>Exponents the caller passes in ({@link #powModN}, {@link #modPowNSquared}, {@link
 *       #nthPower}) are used exactly as given, never reduced modulo p − 1 or p(p − 1): a reduced
 *       exponent would depend on the factors (a negative e becomes order − |e|, whose top bits are
 *       the order's), so CRT would expose what the plain path does not. A negative exponent inverts
 *       the base first, with a blinded inverse modulo the public N or N².
 *   <li>The CRT coefficients q⁻¹ mod p and (q²)⁻¹ mod p² are computed once, here, with blinded
 *       inverses ({@link BigInts#modInverseBlinded}); {@link PaillierMath#of(PaillierSecretKey)}
 *       reuses them instead of inverting the secret primes in every session.
 * </ul>
 *
 * The blinding randomness comes from the source given to {@link #of(BigInteger, BigInteger,
 * SecureRandom)}; it never changes any result.
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
  private final BigInteger nInvModPm1;
  private final BigInteger nInvModQm1;
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
    // N ≡ q (mod p − 1): the N-th root exponent mod p − 1 is q⁻¹ mod (p − 1) (and p⁻¹ mod q − 1).
    this.nInvModPm1 = BigInts.modInverseBlinded(q.mod(pMinus1), pMinus1, blindingRandom);
    this.nInvModQm1 = BigInts.modInverseBlinded(p.mod(qMinus1), qMinus1, blindingRandom);
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
    return combineModN(mp, mq);
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
   * base^exp mod N by CRT for an exponent of any sign (base a unit mod N). The exponent is used as
   * given (a negative one inverts the base with a blinded inverse mod N), never reduced mod p − 1.
   */
  public BigInteger powModN(BigInteger base, BigInteger exp) {
    BigInteger b = exp.signum() < 0 ? BigInts.modInverseBlinded(base, n(), blindingRandom) : base;
    BigInteger e = exp.abs();
    return combineModN(ModExp.pow(b.mod(p), e, p), ModExp.pow(b.mod(q), e, q));
  }

  /**
   * base^exp mod N² by CRT over p² and q² for an exponent of any sign (base a unit mod N²). The
   * exponent is used as given (a negative one inverts the base with a blinded inverse mod N²),
   * never reduced mod p(p − 1).
   */
  public BigInteger modPowNSquared(BigInteger base, BigInteger exp) {
    BigInteger b =
        exp.signum() < 0
            ? BigInts.modInverseBlinded(base, publicKey.nSquared(), blindingRandom)
            : base;
    BigInteger e = exp.abs();
    return combineModNSquared(
        ModExp.pow(b.mod(pSquared), e, pSquared), ModExp.pow(b.mod(qSquared), e, qSquared));
  }

  /**
   * r^N mod N² by CRT, with the public exponent N itself. (The shortcut (r^(q mod p−1) mod p)^p mod
   * p² is about a third faster but exponentiates by p, the same secret in every encryption.)
   */
  public BigInteger nthPower(BigInteger r) {
    BigInteger n = n();
    return combineModNSquared(
        ModExp.pow(r.mod(pSquared), n, pSquared), ModExp.pow(r.mod(qSquared), n, qSquared));
  }

  /**
   * The N-th root of a unit u mod N: the ρ ∈ Z*_N with ρ^N ≡ u, i.e. u^(N⁻¹ mod φ(N)), by CRT with
   * blinded exponents (N⁻¹ mod p − 1 would otherwise be the same secret exponent on every call).
   */
  public BigInteger nthRoot(BigInteger u) {
    BigInteger xp =
        ModExp.pow(u.mod(p), BigInts.blindExponent(nInvModPm1, pMinus1, blindingRandom), p);
    BigInteger xq =
        ModExp.pow(u.mod(q), BigInts.blindExponent(nInvModQm1, qMinus1, blindingRandom), q);
    return combineModN(xp, xq);
  }

  /** x mod p ≠ 0 and x mod q ≠ 0: gcd(x, N) = 1 by two divisions. */
  boolean coprimeToN(BigInteger x) {
    return x.mod(p).signum() != 0 && x.mod(q).signum() != 0;
  }

  private BigInteger n() {
    return publicKey.n();
  }

  /** Garner: the x mod N with x ≡ xp (mod p), x ≡ xq (mod q). */
  BigInteger combineModN(BigInteger xp, BigInteger xq) {
    BigInteger h = xp.subtract(xq).multiply(qInvModP).mod(p);
    return xq.add(h.multiply(q));
  }

  private BigInteger combineModNSquared(BigInteger xp, BigInteger xq) {
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
