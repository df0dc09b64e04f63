package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExp;
import java.math.BigInteger;

/**
 * Exponentiation modulo a Paillier / ring-Pedersen modulus N and modulo N², with the Chinese
 * remainder theorem when this party knows the factors of N (its own key) and plain {@link
 * BigInteger#modPow} otherwise. Every result is the same either way; only the speed differs.
 *
 * <p>With the factors p, q:
 *
 * <ul>
 *   <li>x^e mod N is computed mod p and mod q with e reduced mod p−1 and q−1 (two half-size
 *       exponentiations with half-size exponents, about 4× less work);
 *   <li>r^N mod N² (the randomness part of every encryption) uses that the p-th power map on
 *       Z*_{p²} depends only on its argument mod p: r^N = (r^q)^p ≡ ((r^(q mod p−1)) mod p)^p (mod
 *       p²). That is one 1536-bit exponentiation mod p plus one mod p² per prime at 3072-bit N,
 *       about 3× faster than the 3072-bit exponent mod the 6144-bit N²;
 *   <li>x^e mod N² reduces e mod p(p−1) and q(q−1).
 * </ul>
 *
 * Bases must be units (coprime to N); every caller validates that first. Negative exponents invert
 * the base (without factors) or are reduced mod the group order (with them). {@link
 * BigInteger#modPow} is not constant-time: see docs/tss.md for where secret exponents meet it.
 */
public final class PaillierMath {
  private final BigInteger n;
  private final BigInteger nSquared;
  private final Factors factors;

  /** s, t, s⁻¹, t⁻¹ of the ring-Pedersen parameters last used on this modulus (public values). */
  private record RpBases(RingPedersenParams rp, BigInteger sInv, BigInteger tInv) {}

  private volatile RpBases rpBases;

  /** Precomputed values derived from the factors (secret). */
  private record Factors(
      BigInteger p,
      BigInteger q,
      BigInteger pm1,
      BigInteger qm1,
      BigInteger pSquared,
      BigInteger qSquared,
      BigInteger pOrder,
      BigInteger qOrder,
      BigInteger qModPm1,
      BigInteger pModQm1,
      BigInteger qInvModP,
      BigInteger qSquaredInvModPSquared) {}

  private PaillierMath(BigInteger n, Factors factors) {
    this.n = n;
    this.nSquared = n.multiply(n);
    this.factors = factors;
  }

  /** Arithmetic for someone else's modulus: no factors, plain exponentiation. */
  public static PaillierMath of(PaillierPublicKey key) {
    return new PaillierMath(key.n(), null);
  }

  /** Arithmetic for a modulus given only by its value (e.g. another party's ring-Pedersen N̂). */
  public static PaillierMath ofModulus(BigInteger n) {
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new IllegalArgumentException("modulus must be odd and positive");
    }
    return new PaillierMath(n, null);
  }

  /** Arithmetic for this party's own modulus, using its factors. */
  public static PaillierMath of(PaillierSecretKey key) {
    BigInteger p = key.p();
    BigInteger q = key.q();
    BigInteger pm1 = p.subtract(BigInteger.ONE);
    BigInteger qm1 = q.subtract(BigInteger.ONE);
    BigInteger pSquared = p.multiply(p);
    BigInteger qSquared = q.multiply(q);
    Factors f =
        new Factors(
            p,
            q,
            pm1,
            qm1,
            pSquared,
            qSquared,
            p.multiply(pm1),
            q.multiply(qm1),
            q.mod(pm1),
            p.mod(qm1),
            ModExp.inverse(q, p),
            ModExp.inverse(qSquared, pSquared));
    return new PaillierMath(key.publicKey().n(), f);
  }

  /** The modulus N. */
  public BigInteger n() {
    return n;
  }

  /** N². */
  public BigInteger nSquared() {
    return nSquared;
  }

  /** Whether the factors are known (CRT in use). */
  public boolean knowsFactors() {
    return factors != null;
  }

  /** The public key for this modulus. */
  public PaillierPublicKey publicKey() {
    return new PaillierPublicKey(n, nSquared);
  }

  /** base^exp mod N for an exponent of any sign; base must be a unit mod N. */
  public BigInteger powModN(BigInteger base, BigInteger exp) {
    if (factors == null) {
      return BigInts.modPowSigned(base, exp, n);
    }
    Factors f = factors;
    BigInteger xp = powReduced(base.mod(f.p), exp, f.p, f.pm1);
    BigInteger xq = powReduced(base.mod(f.q), exp, f.q, f.qm1);
    return combineModN(xp, xq);
  }

  /**
   * s^x · t^y mod N for ring-Pedersen parameters on this modulus. Without the factors, negative
   * exponents use s⁻¹ and t⁻¹ computed once per parameter set (a modular inverse costs about as
   * much as a short exponentiation, and half of all proof exponents are negative).
   */
  public BigInteger commit(RingPedersenParams rp, BigInteger x, BigInteger y) {
    requireSameModulus(rp);
    if (factors == null) {
      RpBases bases = bases(rp);
      return powPublic(rp.s(), bases.sInv(), x).multiply(powPublic(rp.t(), bases.tInv(), y)).mod(n);
    }
    Factors f = factors;
    BigInteger cp =
        powReduced(rp.s().mod(f.p), x, f.p, f.pm1)
            .multiply(powReduced(rp.t().mod(f.p), y, f.p, f.pm1))
            .mod(f.p);
    BigInteger cq =
        powReduced(rp.s().mod(f.q), x, f.q, f.qm1)
            .multiply(powReduced(rp.t().mod(f.q), y, f.q, f.qm1))
            .mod(f.q);
    return combineModN(cp, cq);
  }

  /**
   * s^x · tToY mod N, where tToY = t^y was computed ahead of time (a precomputed blinding): the
   * same value as {@link #commit}(rp, x, y), with only the witness-dependent power s^x computed
   * now.
   */
  public BigInteger commitBlinded(RingPedersenParams rp, BigInteger x, BigInteger tToY) {
    requireSameModulus(rp);
    if (tToY.signum() <= 0 || tToY.compareTo(n) >= 0) {
      throw new IllegalArgumentException("t^y must be in [1, N)");
    }
    BigInteger sx = factors == null ? powPublic(rp.s(), bases(rp).sInv(), x) : powModN(rp.s(), x);
    return sx.multiply(tToY).mod(n);
  }

  private RpBases bases(RingPedersenParams rp) {
    RpBases bases = rpBases;
    if (bases == null || !bases.rp().equals(rp)) {
      bases = new RpBases(rp, ModExp.inverse(rp.s(), n), ModExp.inverse(rp.t(), n));
      rpBases = bases;
    }
    return bases;
  }

  /** base^e mod N for e of any sign, using the cached inverse for negative e. */
  private BigInteger powPublic(BigInteger base, BigInteger inverse, BigInteger e) {
    return e.signum() >= 0 ? ModExp.pow(base, e, n) : ModExp.pow(inverse, e.negate(), n);
  }

  /** base^exp mod N² for an exponent of any sign; base must be a unit mod N². */
  public BigInteger powModNSquared(BigInteger base, BigInteger exp) {
    if (factors == null) {
      return BigInts.modPowSigned(base, exp, nSquared);
    }
    Factors f = factors;
    BigInteger xp = powReduced(base.mod(f.pSquared), exp, f.pSquared, f.pOrder);
    BigInteger xq = powReduced(base.mod(f.qSquared), exp, f.qSquared, f.qOrder);
    return combineModNSquared(xp, xq);
  }

  /** r^N mod N², the randomness factor of a Paillier encryption; r must be a unit mod N. */
  public BigInteger nthPower(BigInteger r) {
    if (factors == null) {
      return ModExp.pow(r, n, nSquared);
    }
    Factors f = factors;
    // r^N = (r^q)^p and x ↦ x^p on Z*_{p²} only depends on x mod p.
    BigInteger up = ModExp.pow(ModExp.pow(r.mod(f.p), f.qModPm1, f.p), f.p, f.pSquared);
    BigInteger uq = ModExp.pow(ModExp.pow(r.mod(f.q), f.pModQm1, f.q), f.q, f.qSquared);
    return combineModNSquared(up, uq);
  }

  /** Enc(m; ρ) = (1 + m·N) · ρ^N mod N² with m of any sign (taken mod N). */
  public BigInteger encrypt(BigInteger m, BigInteger rho) {
    return onePlusN(m).multiply(nthPower(rho)).mod(nSquared);
  }

  /**
   * Enc(m; ρ) from a precomputed ρ^N mod N² (encryption noise made ahead of time): (1 + m·N)·ρ^N
   * mod N², the same value as {@link #encrypt}(m, ρ) without the N-th power.
   */
  public BigInteger encryptWithNthPower(BigInteger m, BigInteger rhoToN) {
    if (rhoToN.signum() <= 0 || rhoToN.compareTo(nSquared) >= 0) {
      throw new IllegalArgumentException("ρ^N must be in [1, N²)");
    }
    return onePlusN(m).multiply(rhoToN).mod(nSquared);
  }

  /** (1 + N)^m mod N² = 1 + (m mod N)·N, for m of any sign. */
  public BigInteger onePlusN(BigInteger m) {
    return BigInteger.ONE.add(m.mod(n).multiply(n));
  }

  /** Whether c is in Z*_{N²}: in [1, N²) and coprime to N. */
  public boolean isCiphertext(BigInteger c) {
    return c.signum() > 0 && c.compareTo(nSquared) < 0 && coprimeToN(c);
  }

  /** Whether x is in Z*_N. */
  public boolean isUnit(BigInteger x) {
    return x.signum() > 0 && x.compareTo(n) < 0 && coprimeToN(x);
  }

  /**
   * gcd(x, N) = 1. With the factors that is x mod p ≠ 0 and x mod q ≠ 0: two divisions instead of a
   * gcd of 3000- to 6000-bit numbers (measured ≈ 0.05 ms against 0.17–0.33 ms at 3072 bits).
   */
  private boolean coprimeToN(BigInteger x) {
    Factors f = factors;
    if (f == null) {
      return x.gcd(n).equals(BigInteger.ONE);
    }
    return x.mod(f.p).signum() != 0 && x.mod(f.q).signum() != 0;
  }

  private void requireSameModulus(RingPedersenParams rp) {
    if (!rp.n().equals(n)) {
      throw new IllegalArgumentException("ring-Pedersen parameters are for another modulus");
    }
  }

  /** base^exp mod m where the group order divides {@code order}, so any exponent sign works. */
  private static BigInteger powReduced(
      BigInteger base, BigInteger exp, BigInteger m, BigInteger order) {
    BigInteger e = exp.mod(order);
    return ModExp.pow(base, e, m);
  }

  private BigInteger combineModN(BigInteger xp, BigInteger xq) {
    Factors f = factors;
    BigInteger h = xp.subtract(xq).multiply(f.qInvModP).mod(f.p);
    return xq.add(h.multiply(f.q));
  }

  private BigInteger combineModNSquared(BigInteger xp, BigInteger xq) {
    Factors f = factors;
    BigInteger h = xp.subtract(xq).multiply(f.qSquaredInvModPSquared).mod(f.pSquared);
    return xq.add(h.multiply(f.qSquared));
  }

  @Override
  public String toString() {
    return "PaillierMath[n="
        + n.bitLength()
        + " bits, "
        + (factors == null ? "public" : "factors=<redacted>")
        + "]";
  }
}
