package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.precompute.CommitmentMask;
import io.tbridge.tss.precompute.EncryptionNoise;
import io.tbridge.tss.precompute.ProofRandomness;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Π-aff-g (CGGMP21 Fig. 15): the MtA step of presigning was done honestly. Statement: Paillier
 * moduli N0 (the verifier's) and N1 (the prover's), ciphertexts C, D ∈ Z*_N0², Y ∈ Z*_N1² and a
 * point X; the prover knows x ∈ ±2^ℓ, y ∈ ±2^ℓ', ρ ∈ Z*_N0, ρ_y ∈ Z*_N1 with D = C^x·(1+N0)^y·ρ^N0
 * mod N0², Y = (1+N1)^y·ρ_y^N1 mod N1² and X = x·G. The proof guarantees x ∈ ±2^(ℓ+ε) and y ∈
 * ±2^(ℓ'+ε), against the verifier's ring-Pedersen parameters (N̂, s, t).
 *
 * <p>Prover: α ← ±2^(ℓ+ε), β ← ±2^(ℓ'+ε), r ← Z*_N0, r_y ← Z*_N1, γ, δ ← ±2^(ℓ+ε)·N̂, m, μ ←
 * ±2^ℓ·N̂; A = C^α·(1+N0)^β·r^N0, B_x = α·G, B_y = (1+N1)^β·r_y^N1, E = s^α·t^γ, S = s^x·t^m, F =
 * s^β·t^δ, T = s^y·t^μ; challenge e ∈ [−q, q]; z1 = α + e·x, z2 = β + e·y, z3 = γ + e·m, z4 = δ +
 * e·μ, w = r·ρ^e mod N0, w_y = r_y·ρ_y^e mod N1.
 *
 * <p>Verifier: all ciphertexts in their Z*_N²; E, S, F, T ∈ Z*_N̂; w ∈ Z*_N0, w_y ∈ Z*_N1; z1 ∈
 * ±2^(ℓ+ε), z2 ∈ ±2^(ℓ'+ε); |z3|, |z4| ≤ 2^(ℓ+ε+1)·N̂ (size sanity bounds); C^z1·(1+N0)^z2·w^N0 =
 * A·D^e mod N0²; z1·G = B_x + e·X; (1+N1)^z2·w_y^N1 = B_y·Y^e mod N1²; s^z1·t^z3 = E·S^e and
 * s^z2·t^z4 = F·T^e mod N̂.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, verifier, N0, N1, C, D, Y, X, N̂, s,
 * t, A, B_x, B_y, E, S, F, T; then the challenge.
 *
 * <p>Encoding: bigInt A, 33-byte B_x, bigInt B_y, E, S, F, T, z1, z2, z3, z4, w, w_y.
 *
 * @param a A
 * @param bx B_x
 * @param by B_y
 * @param e E
 * @param s S
 * @param f F
 * @param t T
 * @param z1 α + e·x
 * @param z2 β + e·y
 * @param z3 γ + e·m
 * @param z4 δ + e·μ
 * @param w r·ρ^e mod N0
 * @param wy r_y·ρ_y^e mod N1
 */
public record PiAffG(
    BigInteger a,
    ECPoint bx,
    BigInteger by,
    BigInteger e,
    BigInteger s,
    BigInteger f,
    BigInteger t,
    BigInteger z1,
    BigInteger z2,
    BigInteger z3,
    BigInteger z4,
    BigInteger w,
    BigInteger wy) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-aff-g/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-aff-g";

  /** Validating constructor: B_x is a curve point other than the identity. */
  public PiAffG {
    if (bx.isInfinity() || !bx.isValid()) {
      throw new IllegalArgumentException("B_x must be a non-identity curve point");
    }
    bx = bx.normalize();
  }

  /** The public statement (C, D, Y, X) and the two moduli. */
  public record Statement(
      PaillierMath verifierKey,
      PaillierMath proverKey,
      BigInteger c,
      BigInteger d,
      BigInteger y,
      ECPoint x) {}

  /**
   * The prover's secret witness (x, y, ρ, ρ_y).
   *
   * @param x the multiplier, |x| ≤ 2^ℓ
   * @param y the additive share, |y| ≤ 2^ℓ'
   * @param rho the randomness of Enc_N0(y) inside D
   * @param rhoY the randomness of Y = Enc_N1(y)
   */
  public record Witness(BigInteger x, BigInteger y, BigInteger rho, BigInteger rhoY) {
    @Override
    public String toString() {
      return "PiAffG.Witness[<redacted>]";
    }
  }

  /**
   * Proves the statement for {@code verifier}, whose ring-Pedersen parameters are {@code rp};
   * {@code rpMath} is arithmetic mod that N̂ (it caches s⁻¹, t⁻¹ across proofs).
   */
  public static PiAffG prove(
      SessionId sessionId,
      int prover,
      int verifier,
      Statement st,
      Witness wit,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      SecureRandom random) {
    return prove(
        sessionId, prover, verifier, st, wit, rp, rpMath, level, ProofRandomness.inline(random));
  }

  /**
   * As the {@link SecureRandom} variant, drawing (α, γ, E), (β, δ, F), (m, t^m), (μ, t^μ), (r,
   * r^N0) and (r_y, r_y^N1) from {@code randomness} (e.g. a warm {@link
   * io.tbridge.tss.precompute.ProofRandomnessPool}); the proof and its transcript are the same.
   * What remains online is C^α mod N0², s^x, s^y and the responses.
   */
  public static PiAffG prove(
      SessionId sessionId,
      int prover,
      int verifier,
      Statement st,
      Witness wit,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      ProofRandomness randomness) {
    int ell = level.ell();
    int ellPrime = level.ellPrime();
    int eps = level.epsilon();
    if (!BigInts.inSignedRange(wit.x(), ell) || !BigInts.inSignedRange(wit.y(), ellPrime)) {
      throw new IllegalArgumentException("witness outside ±2^ℓ / ±2^ℓ'");
    }
    PaillierMath n0 = st.verifierKey();
    PaillierMath n1 = st.proverKey();
    CommitmentMask alphaGamma =
        ZkChecks.drawCommitment(randomness, rp, rpMath, ell + eps, ell + eps);
    CommitmentMask betaDelta =
        ZkChecks.drawCommitment(randomness, rp, rpMath, ellPrime + eps, ell + eps);
    // S = s^x·t^m with x possibly the long-lived key share: the mask comes with a split half a
    // (s^a·t^m, precomputable), and only s^(x−a) is computed here, so modPow never sees x.
    CommitmentMask m = ZkChecks.drawSplitBlinding(randomness, rp, rpMath, ell);
    CommitmentMask mu = ZkChecks.drawBlinding(randomness, rp, rpMath, ell);
    EncryptionNoise r = ZkChecks.drawNoise(randomness, n0);
    EncryptionNoise ry = ZkChecks.drawNoise(randomness, n1);
    BigInteger alpha = alphaGamma.a();
    BigInteger beta = betaDelta.a();

    BigInteger aEnc =
        n0.powModNSquared(st.c(), alpha).multiply(r.encrypt(n0, beta)).mod(n0.nSquared());
    ECPoint bxPoint = Secp256k1.mulG(alpha);
    BigInteger byEnc = ry.encrypt(n1, beta);
    BigInteger eCommit = alphaGamma.value();
    BigInteger sCommit = rpMath.commitBlinded(rp, wit.x().subtract(m.a()), m.value());
    BigInteger fCommit = betaDelta.value();
    BigInteger tCommit = rpMath.commitBlinded(rp, wit.y(), mu.value());

    BigInteger e =
        challenge(
            sessionId, prover, verifier, st, rp, aEnc, bxPoint, byEnc, eCommit, sCommit, fCommit,
            tCommit);
    BigInteger z1 = alpha.add(e.multiply(wit.x()));
    BigInteger z2 = beta.add(e.multiply(wit.y()));
    BigInteger z3 = alphaGamma.b().add(e.multiply(m.b()));
    BigInteger z4 = betaDelta.b().add(e.multiply(mu.b()));
    BigInteger w = r.r().multiply(n0.powModN(wit.rho(), e)).mod(n0.n());
    BigInteger wy = ry.r().multiply(n1.powModN(wit.rhoY(), e)).mod(n1.n());
    return new PiAffG(
        aEnc, bxPoint, byEnc, eCommit, sCommit, fCommit, tCommit, z1, z2, z3, z4, w, wy);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}. The statement's verifier key
   * should carry this verifier's factors (CRT), {@code rpMath} likewise for N̂.
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      Statement st,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level)
      throws ProtocolAbort {
    int ell = level.ell();
    int ellPrime = level.ellPrime();
    int eps = level.epsilon();
    PaillierMath n0 = st.verifierKey();
    PaillierMath n1 = st.proverKey();
    BigInteger nHat = rp.n();
    if (st.x().isInfinity()) {
      throw fail(sessionId, prover, "X is the identity");
    }
    if (!n0.isCiphertext(st.c()) || !n0.isCiphertext(st.d()) || !n0.isCiphertext(a)) {
      throw fail(sessionId, prover, "C, D or A is not in Z*_{N0²}");
    }
    if (!n1.isCiphertext(st.y()) || !n1.isCiphertext(by)) {
      throw fail(sessionId, prover, "Y or B_y is not in Z*_{N1²}");
    }
    if (!ZkChecks.isRpUnit(rpMath, rp, e)
        || !ZkChecks.isRpUnit(rpMath, rp, s)
        || !ZkChecks.isRpUnit(rpMath, rp, f)
        || !ZkChecks.isRpUnit(rpMath, rp, t)) {
      throw fail(sessionId, prover, "E, S, F or T is not in Z*_N̂");
    }
    if (!n0.isUnit(w) || !n1.isUnit(wy)) {
      throw fail(sessionId, prover, "w or w_y is not a unit");
    }
    if (!BigInts.inSignedRange(z1, ell + eps)) {
      throw fail(sessionId, prover, "z1 outside ±2^(ℓ+ε)");
    }
    if (!BigInts.inSignedRange(z2, ellPrime + eps)) {
      throw fail(sessionId, prover, "z2 outside ±2^(ℓ'+ε)");
    }
    if (!ZkRanges.inSignedRangeTimes(z3, ell + eps + 1, nHat)
        || !ZkRanges.inSignedRangeTimes(z4, ell + eps + 1, nHat)) {
      throw fail(sessionId, prover, "z3 or z4 outside ±2^(ℓ+ε+1)·N̂");
    }
    BigInteger ch = challenge(sessionId, prover, verifier, st, rp, a, bx, by, e, s, f, t);

    // z1, e and X are public: the fast variable-time multiplier is fine here.
    if (!Secp256k1.mulG(z1).equals(bx.add(Secp256k1.mulPublic(st.x(), ch)).normalize())) {
      throw fail(sessionId, prover, "z1·G ≠ B_x + e·X");
    }
    BigInteger n0sq = n0.nSquared();
    // C^z1·Enc(z2; w) = A·D^e with every negative power moved to the other side, so no inverse
    // is needed; with the factors (N0 is usually the verifier's own key) the powers are CRT.
    BigInteger left = n0.encrypt(z2, w);
    BigInteger right = a;
    BigInteger cPower = n0.powModNSquared(st.c(), z1.abs());
    BigInteger dPower = n0.powModNSquared(st.d(), ch.abs());
    if (z1.signum() >= 0) {
      left = left.multiply(cPower).mod(n0sq);
    } else {
      right = right.multiply(cPower).mod(n0sq);
    }
    if (ch.signum() >= 0) {
      right = right.multiply(dPower).mod(n0sq);
    } else {
      left = left.multiply(dPower).mod(n0sq);
    }
    if (!left.equals(right)) {
      throw fail(sessionId, prover, "C^z1·(1+N0)^z2·w^N0 ≠ A·D^e");
    }
    BigInteger n1sq = n1.nSquared();
    BigInteger lhs1 = n1.encrypt(z2, wy);
    if (!ZkRanges.equalsTimesPower(lhs1, by, st.y(), ch, n1sq)) {
      throw fail(sessionId, prover, "(1+N1)^z2·w_y^N1 ≠ B_y·Y^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z1, z3, e, s, ch)) {
      throw fail(sessionId, prover, "s^z1·t^z3 ≠ E·S^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z2, z4, f, t, ch)) {
      throw fail(sessionId, prover, "s^z2·t^z4 ≠ F·T^e");
    }
  }

  /** Appends the encoding described in the class comment. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(a)
        .raw(Secp256k1.encode(bx))
        .bigInt(by)
        .bigInt(e)
        .bigInt(s)
        .bigInt(f)
        .bigInt(t)
        .bigInt(z1)
        .bigInt(z2)
        .bigInt(z3)
        .bigInt(z4)
        .bigInt(w)
        .bigInt(wy);
  }

  /** Reads a proof, bounding every integer by the sizes {@code level} allows. */
  public static PiAffG decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    int z2Bits = level.ellPrime() + level.epsilon() + 1;
    BigInteger a = in.bigInt(2 * nBits);
    ECPoint bx = Secp256k1.decodePoint(in.raw(Secp256k1.POINT_BYTES));
    BigInteger by = in.bigInt(2 * nBits);
    BigInteger e = in.bigInt(nBits);
    BigInteger s = in.bigInt(nBits);
    BigInteger f = in.bigInt(nBits);
    BigInteger t = in.bigInt(nBits);
    BigInteger z1 = in.bigInt(zBits);
    BigInteger z2 = in.bigInt(z2Bits);
    BigInteger z3 = in.bigInt(zBits + 1 + nBits);
    BigInteger z4 = in.bigInt(zBits + 1 + nBits);
    BigInteger w = in.bigInt(nBits);
    BigInteger wy = in.bigInt(nBits);
    return new PiAffG(a, bx, by, e, s, f, t, z1, z2, z3, z4, w, wy);
  }

  /** The longest encoding {@link #decodeFrom} accepts at {@code level}, in bytes. */
  public static int maxEncodedBytes(SecurityLevel level) {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    int z2Bits = level.ellPrime() + level.epsilon() + 1;
    return 2 * ByteReader.maxBigIntBytes(2 * nBits)
        + Secp256k1.POINT_BYTES
        + 6 * ByteReader.maxBigIntBytes(nBits)
        + ByteReader.maxBigIntBytes(zBits)
        + ByteReader.maxBigIntBytes(z2Bits)
        + 2 * ByteReader.maxBigIntBytes(zBits + 1 + nBits);
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      Statement st,
      RingPedersenParams rp,
      BigInteger a,
      ECPoint bx,
      BigInteger by,
      BigInteger e,
      BigInteger s,
      BigInteger f,
      BigInteger t) {
    Transcript tr =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", st.verifierKey().n())
            .append("N1", st.proverKey().n())
            .append("C", st.c())
            .append("D", st.d())
            .append("Y", st.y())
            .append("X", Secp256k1.encode(st.x()));
    ZkChecks.appendRingPedersen(tr, rp)
        .append("A", a)
        .append("Bx", Secp256k1.encode(bx))
        .append("By", by)
        .append("E", e)
        .append("S", s)
        .append("F", f)
        .append("T", t);
    return ZkRanges.challengePlusMinusQ(tr);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiAffG[" + a.bitLength() + "-bit A]";
  }
}
