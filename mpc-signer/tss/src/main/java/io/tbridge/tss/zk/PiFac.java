package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Π-fac (CGGMP21 "no small factor" proof, §C.5 of the full version): the prover knows p, q with N₀
 * = p·q and |p|, |q| ≤ 2^ℓ·√N₀, so neither factor is below about √N₀ / 2^(ℓ+ε). With Π-mod (exactly
 * two prime factors) this rules out the BitForge moduli whose small factors leak the
 * Paillier-encrypted shares. The proof is made for one verifier, under that verifier's
 * ring-Pedersen parameters (N̂, s, t).
 *
 * <p>Prover: α, β ← ±2^(ℓ+ε)·√N₀; μ, ν ← ±2^ℓ·N̂; σ ← ±2^ℓ·N₀·N̂; r ← ±2^(ℓ+ε)·N₀·N̂; x, y ←
 * ±2^(ℓ+ε)·N̂. P = s^p t^μ, Q = s^q t^ν, A = s^α t^x, B = s^β t^y, T = Q^α t^r. Challenge e ∈ [−q,
 * q] (q the secp256k1 order). σ̂ = σ − ν·p; z₁ = α + e·p, z₂ = β + e·q, w₁ = x + e·μ, w₂ = y + e·ν,
 * v = r + e·σ̂. Verifier, with R = s^N₀ t^σ: s^z₁ t^w₁ = A·P^e, s^z₂ t^w₂ = B·Q^e, Q^z₁ t^v = T·R^e
 * (mod N̂), and z₁, z₂ ∈ ±2^(ℓ+ε)·√N₀.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover index, context, verifier index, N₀,
 * N̂, s, t, P, Q, A, B, T, σ; then e.
 *
 * <p>Encoding: bigInt each of P, Q, A, B, T, σ, z₁, z₂, w₁, w₂, v in that order.
 *
 * @param commitP P = s^p t^μ
 * @param commitQ Q = s^q t^ν
 * @param a A = s^α t^x
 * @param b B = s^β t^y
 * @param t T = Q^α t^r
 * @param sigma σ, public mask of R
 * @param z1 α + e·p
 * @param z2 β + e·q
 * @param w1 x + e·μ
 * @param w2 y + e·ν
 * @param v r + e·σ̂
 */
public record PiFac(
    BigInteger commitP,
    BigInteger commitQ,
    BigInteger a,
    BigInteger b,
    BigInteger t,
    BigInteger sigma,
    BigInteger z1,
    BigInteger z2,
    BigInteger w1,
    BigInteger w2,
    BigInteger v) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-fac/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-fac";

  /**
   * Proves that N₀ = p·q has no small factor, for {@code verifier} under its ring-Pedersen {@code
   * verifierParams}. {@code p} and {@code q} are whatever factorisation the prover claims (tests
   * use this to show that a bad one is rejected); p·q must equal N₀.
   */
  public static PiFac prove(
      SessionId sessionId,
      int prover,
      int verifier,
      byte[] context,
      BigInteger n0,
      BigInteger p,
      BigInteger q,
      RingPedersenParams verifierParams,
      SecurityLevel level,
      SecureRandom random) {
    if (!p.multiply(q).equals(n0)) {
      throw new IllegalArgumentException("p·q must equal N₀");
    }
    BigInteger nHat = verifierParams.n();
    BigInteger s = verifierParams.s();
    BigInteger tt = verifierParams.t();
    int ell = level.ell();
    int ellEps = level.ell() + level.epsilon();
    BigInteger sqrtN0 = n0.sqrt();
    BigInteger alpha = symmetric(sqrtN0.shiftLeft(ellEps), random);
    BigInteger beta = symmetric(sqrtN0.shiftLeft(ellEps), random);
    BigInteger mu = symmetric(nHat.shiftLeft(ell), random);
    BigInteger nu = symmetric(nHat.shiftLeft(ell), random);
    BigInteger sigma = symmetric(n0.multiply(nHat).shiftLeft(ell), random);
    BigInteger r = symmetric(n0.multiply(nHat).shiftLeft(ellEps), random);
    BigInteger x = symmetric(nHat.shiftLeft(ellEps), random);
    BigInteger y = symmetric(nHat.shiftLeft(ellEps), random);

    BigInteger bigP = verifierParams.commit(p, mu);
    BigInteger bigQ = verifierParams.commit(q, nu);
    BigInteger bigA = verifierParams.commit(alpha, x);
    BigInteger bigB = verifierParams.commit(beta, y);
    BigInteger bigT =
        BigInts.modPowSigned(bigQ, alpha, nHat)
            .multiply(BigInts.modPowSigned(tt, r, nHat))
            .mod(nHat);
    BigInteger e =
        challenge(
            sessionId,
            prover,
            verifier,
            context,
            n0,
            verifierParams,
            bigP,
            bigQ,
            bigA,
            bigB,
            bigT,
            sigma);
    BigInteger sigmaHat = sigma.subtract(nu.multiply(p));
    return new PiFac(
        bigP,
        bigQ,
        bigA,
        bigB,
        bigT,
        sigma,
        alpha.add(e.multiply(p)),
        beta.add(e.multiply(q)),
        x.add(e.multiply(mu)),
        y.add(e.multiply(nu)),
        r.add(e.multiply(sigmaHat)));
  }

  /**
   * Verifies the proof that {@code prover}'s modulus N₀ has no small factor, made for {@code
   * verifier} under {@code verifierParams}; failures name the prover.
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      byte[] context,
      BigInteger n0,
      RingPedersenParams verifierParams,
      SecurityLevel level)
      throws ProtocolAbort {
    verify(
        sessionId,
        prover,
        verifier,
        context,
        n0,
        verifierParams,
        PaillierMath.ofModulus(verifierParams.n()),
        level);
  }

  /**
   * As {@link #verify(SessionId, int, int, byte[], BigInteger, RingPedersenParams, SecurityLevel)},
   * with the exponentiations mod N̂ done by {@code verifierMath}: the verifier owns N̂, so it can
   * pass {@code PaillierMath.of(ownSecretKey)} and verify by CRT (same result, several times
   * faster).
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      byte[] context,
      BigInteger n0,
      RingPedersenParams verifierParams,
      PaillierMath verifierMath,
      SecurityLevel level)
      throws ProtocolAbort {
    BigInteger nHat = verifierParams.n();
    if (!verifierMath.n().equals(nHat)) {
      throw new IllegalArgumentException("arithmetic is for another modulus than N̂");
    }
    if (!level.acceptsModulusSize(n0) || !n0.testBit(0)) {
      throw fail(
          sessionId, prover, "modulus is not an odd " + level.paillierBits() + "-bit number");
    }
    for (BigInteger c : new BigInteger[] {commitP, commitQ, a, b, t}) {
      if (!BigInts.isUnit(c, nHat)) {
        throw fail(sessionId, prover, "a commitment is not a unit mod the verifier's N̂");
      }
    }
    int ell = level.ell();
    int ellEps = level.ell() + level.epsilon();
    if (sigma.abs().compareTo(n0.multiply(nHat).shiftLeft(ell)) > 0) {
      throw fail(sessionId, prover, "σ out of range ±2^ℓ·N₀·N̂");
    }
    // √N₀ rounded up, so the bound is never below the paper's ±2^(ℓ+ε)·√N₀.
    BigInteger zBound = n0.sqrt().add(BigInteger.ONE).shiftLeft(ellEps);
    if (z1.abs().compareTo(zBound) > 0 || z2.abs().compareTo(zBound) > 0) {
      throw fail(sessionId, prover, "z₁ or z₂ out of range ±2^(ℓ+ε)·√N₀: a factor is too small");
    }
    BigInteger e =
        challenge(
            sessionId,
            prover,
            verifier,
            context,
            n0,
            verifierParams,
            commitP,
            commitQ,
            a,
            b,
            t,
            sigma);
    if (!verifierMath
        .commit(verifierParams, z1, w1)
        .equals(a.multiply(verifierMath.powModN(commitP, e)).mod(nHat))) {
      throw fail(sessionId, prover, "s^z₁·t^w₁ ≠ A·P^e");
    }
    if (!verifierMath
        .commit(verifierParams, z2, w2)
        .equals(b.multiply(verifierMath.powModN(commitQ, e)).mod(nHat))) {
      throw fail(sessionId, prover, "s^z₂·t^w₂ ≠ B·Q^e");
    }
    BigInteger bigR = verifierMath.commit(verifierParams, n0, sigma);
    BigInteger lhs =
        verifierMath
            .powModN(commitQ, z1)
            .multiply(verifierMath.powModN(verifierParams.t(), v))
            .mod(nHat);
    if (!lhs.equals(t.multiply(verifierMath.powModN(bigR, e)).mod(nHat))) {
      throw fail(sessionId, prover, "Q^z₁·t^v ≠ T·R^e");
    }
  }

  /** Appends the encoding described in the class comment. */
  public void encodeTo(ByteWriter out) {
    for (BigInteger value :
        new BigInteger[] {commitP, commitQ, a, b, t, sigma, z1, z2, w1, w2, v}) {
      out.bigInt(value);
    }
  }

  /** Reads a proof; every integer is bounded by the sizes the level allows. */
  public static PiFac decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int modBits = level.paillierBits();
    // Largest honest value is v ≈ 2^(ℓ+ε+κ)·N₀·N̂; a few bits of slack on top.
    int bigBits = level.ell() + level.epsilon() + 256 + 2 * modBits + 8;
    int zBits = level.ell() + level.epsilon() + modBits / 2 + 8;
    return new PiFac(
        in.bigInt(modBits),
        in.bigInt(modBits),
        in.bigInt(modBits),
        in.bigInt(modBits),
        in.bigInt(modBits),
        in.bigInt(bigBits),
        in.bigInt(zBits),
        in.bigInt(zBits),
        in.bigInt(bigBits),
        in.bigInt(bigBits),
        in.bigInt(bigBits));
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      byte[] context,
      BigInteger n0,
      RingPedersenParams params,
      BigInteger bigP,
      BigInteger bigQ,
      BigInteger bigA,
      BigInteger bigB,
      BigInteger bigT,
      BigInteger sigma) {
    Transcript tr =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("context", context)
            .append("verifier", verifier)
            .append("N0", n0)
            .append("Nhat", params.n())
            .append("s", params.s())
            .append("t", params.t())
            .append("P", bigP)
            .append("Q", bigQ)
            .append("A", bigA)
            .append("B", bigB)
            .append("T", bigT)
            .append("sigma", sigma);
    BigInteger q = Secp256k1.Q;
    return tr.challengeBelow(q.shiftLeft(1).add(BigInteger.ONE)).subtract(q);
  }

  /** Uniform in [−bound, bound]. */
  private static BigInteger symmetric(BigInteger bound, SecureRandom random) {
    return BigInts.randomBelow(bound.shiftLeft(1).add(BigInteger.ONE), random).subtract(bound);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiFac[" + t.bitLength() + "-bit commitments]";
  }
}
