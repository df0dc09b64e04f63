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
 * Π-mul* (CGGMP21 Fig. 31, Paillier multiplication with a group commitment): D = C^x·ρ^N0 mod N0²
 * for the discrete logarithm x of X = x·G, with x ∈ ±2^ℓ. Proved against the verifier's
 * ring-Pedersen parameters (N̂, s, t). In presigning's identification step C = K_i, X = X'_i and D
 * = Ĥ_i, which then encrypts x'_i·k_i (the term of χ_i that Π-mul cannot cover, since x'_i is only
 * committed to by a point).
 *
 * <p>Prover: α ← ±2^(ℓ+ε), r ← Z*_N0, γ ← ±2^(ℓ+ε)·N̂, m ← ±2^ℓ·N̂; A = C^α·r^N0 mod N0², B_x =
 * α·G, E = s^α·t^γ, S = s^x·t^m mod N̂; challenge e ∈ [−q, q]; z1 = α + e·x, z2 = γ + e·m, w =
 * r·ρ^e mod N0.
 *
 * <p>Verifier: C, D, A ∈ Z*_N0²; E, S ∈ Z*_N̂; w ∈ Z*_N0; X not the identity; z1 ∈ ±2^(ℓ+ε); |z2| ≤
 * 2^(ℓ+ε+1)·N̂; C^z1·w^N0 = A·D^e mod N0²; z1·G = B_x + e·X; s^z1·t^z2 = E·S^e mod N̂.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, verifier, N0, C, D, X, N̂, s, t, A,
 * B_x, E, S; then the challenge.
 *
 * <p>Encoding: bigInt A, 33-byte B_x, bigInt E, S, z1, z2, w.
 *
 * @param a C^α·r^N0 mod N0²
 * @param bx α·G
 * @param e ring-Pedersen commitment E to α
 * @param s ring-Pedersen commitment S to x
 * @param z1 α + e·x
 * @param z2 γ + e·m
 * @param w r·ρ^e mod N0
 */
public record PiMulStar(
    BigInteger a,
    ECPoint bx,
    BigInteger e,
    BigInteger s,
    BigInteger z1,
    BigInteger z2,
    BigInteger w) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-mul-star/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-mul*";

  /** Validating constructor: B_x is a curve point other than the identity. */
  public PiMulStar {
    if (bx.isInfinity() || !bx.isValid()) {
      throw new IllegalArgumentException("B_x must be a non-identity curve point");
    }
    bx = bx.normalize();
  }

  /**
   * Proves D = C^x·ρ^N0 and X = x·G with |x| ≤ 2^ℓ, for {@code verifier}.
   *
   * @param key the Paillier modulus N0 of C and D (with factors when it is the prover's own)
   * @param c C
   * @param d D
   * @param point X
   * @param x the witness
   * @param rho the randomness of D = C^x·ρ^N0
   * @param rp the verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod the verifier's N̂
   */
  public static PiMulStar prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger c,
      BigInteger d,
      ECPoint point,
      BigInteger x,
      BigInteger rho,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      SecureRandom random) {
    return prove(
        sessionId,
        prover,
        verifier,
        key,
        c,
        d,
        point,
        x,
        rho,
        rp,
        rpMath,
        level,
        ProofRandomness.inline(random));
  }

  /**
   * As the {@link SecureRandom} variant, drawing (α, γ, E), (m, t^m) and (r, r^N0) from {@code
   * randomness}; the proof and its transcript are the same.
   */
  public static PiMulStar prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger c,
      BigInteger d,
      ECPoint point,
      BigInteger x,
      BigInteger rho,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      ProofRandomness randomness) {
    int ell = level.ell();
    int eps = level.epsilon();
    if (!BigInts.inSignedRange(x, ell)) {
      throw new IllegalArgumentException("witness outside ±2^ℓ");
    }
    BigInteger n0 = key.n();
    CommitmentMask alphaGamma =
        ZkChecks.drawCommitment(randomness, rp, rpMath, ell + eps, ell + eps);
    // x is the key share x'_i in presigning: S = s^(x−a)·(s^a·t^m), see ZkChecks.drawSplitBlinding.
    CommitmentMask m = ZkChecks.drawSplitBlinding(randomness, rp, rpMath, ell);
    EncryptionNoise r = ZkChecks.drawNoise(randomness, key);
    BigInteger alpha = alphaGamma.a();

    BigInteger aEnc = key.powModNSquared(c, alpha).multiply(r.rToN()).mod(key.nSquared());
    ECPoint bxPoint = Secp256k1.mulG(alpha.mod(Secp256k1.Q));
    if (bxPoint.isInfinity()) {
      // α ≡ 0 (mod q): probability ≈ 2^-256; the encoding cannot carry the identity.
      throw new IllegalStateException("degenerate mask, retry with fresh randomness");
    }
    BigInteger eCommit = alphaGamma.value();
    BigInteger sCommit = rpMath.commitBlinded(rp, x.subtract(m.a()), m.value());

    BigInteger ch =
        challenge(
            sessionId, prover, verifier, n0, c, d, point, rp, aEnc, bxPoint, eCommit, sCommit);
    BigInteger z1 = alpha.add(ch.multiply(x));
    BigInteger z2 = alphaGamma.b().add(ch.multiply(m.b()));
    BigInteger w = r.r().multiply(key.powModN(rho, ch)).mod(n0);
    return new PiMulStar(aEnc, bxPoint, eCommit, sCommit, z1, z2, w);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}.
   *
   * @param key the Paillier modulus N0 of C and D
   * @param rp this verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod N̂ (with this verifier's factors for CRT when it owns N̂)
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger c,
      BigInteger d,
      ECPoint point,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level)
      throws ProtocolAbort {
    int ell = level.ell();
    int eps = level.epsilon();
    BigInteger n0 = key.n();
    BigInteger n0sq = key.nSquared();
    BigInteger nHat = rp.n();
    if (point.isInfinity()) {
      throw fail(sessionId, prover, "X is the identity");
    }
    if (!key.isCiphertext(c) || !key.isCiphertext(d)) {
      throw fail(sessionId, prover, "C or D is not in Z*_{N0²}");
    }
    if (!key.isCiphertext(a)) {
      throw fail(sessionId, prover, "A is not in Z*_{N0²}");
    }
    if (!ZkChecks.isRpUnit(rpMath, rp, e) || !ZkChecks.isRpUnit(rpMath, rp, s)) {
      throw fail(sessionId, prover, "E or S is not in Z*_N̂");
    }
    if (!key.isUnit(w)) {
      throw fail(sessionId, prover, "w is not in Z*_N0");
    }
    if (!BigInts.inSignedRange(z1, ell + eps)) {
      throw fail(sessionId, prover, "z1 outside ±2^(ℓ+ε)");
    }
    if (!ZkRanges.inSignedRangeTimes(z2, ell + eps + 1, nHat)) {
      throw fail(sessionId, prover, "z2 outside ±2^(ℓ+ε+1)·N̂");
    }
    BigInteger ch = challenge(sessionId, prover, verifier, n0, c, d, point, rp, a, bx, e, s);

    if (!Secp256k1.mulG(z1.mod(Secp256k1.Q))
        .equals(bx.add(Secp256k1.mulPublic(point, ch.mod(Secp256k1.Q))).normalize())) {
      throw fail(sessionId, prover, "z1·G ≠ B_x + e·X");
    }
    BigInteger lhs = key.powModNSquared(c, z1).multiply(key.nthPower(w)).mod(n0sq);
    if (!ZkRanges.equalsTimesPower(lhs, a, d, ch, n0sq)) {
      throw fail(sessionId, prover, "C^z1·w^N0 ≠ A·D^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z1, z2, e, s, ch)) {
      throw fail(sessionId, prover, "s^z1·t^z2 ≠ E·S^e");
    }
  }

  /** Appends A, B_x, E, S, z1, z2, w. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(a).raw(Secp256k1.encode(bx)).bigInt(e).bigInt(s).bigInt(z1).bigInt(z2).bigInt(w);
  }

  /** Reads a proof, bounding every integer by the sizes {@code level} allows. */
  public static PiMulStar decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    BigInteger a = in.bigInt(2 * nBits);
    ECPoint bx = Secp256k1.decodePoint(in.raw(Secp256k1.POINT_BYTES));
    BigInteger e = in.bigInt(nBits);
    BigInteger s = in.bigInt(nBits);
    BigInteger z1 = in.bigInt(zBits);
    BigInteger z2 = in.bigInt(zBits + 1 + nBits);
    BigInteger w = in.bigInt(nBits);
    return new PiMulStar(a, bx, e, s, z1, z2, w);
  }

  /** The longest encoding {@link #decodeFrom} accepts at {@code level}, in bytes. */
  public static int maxEncodedBytes(SecurityLevel level) {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    return ByteReader.maxBigIntBytes(2 * nBits)
        + Secp256k1.POINT_BYTES
        + 3 * ByteReader.maxBigIntBytes(nBits)
        + ByteReader.maxBigIntBytes(zBits)
        + ByteReader.maxBigIntBytes(zBits + 1 + nBits);
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      BigInteger n0,
      BigInteger c,
      BigInteger d,
      ECPoint point,
      RingPedersenParams rp,
      BigInteger a,
      ECPoint bx,
      BigInteger e,
      BigInteger s) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", n0)
            .append("C", c)
            .append("D", d)
            .append("X", Secp256k1.encode(point));
    ZkChecks.appendRingPedersen(t, rp)
        .append("A", a)
        .append("Bx", Secp256k1.encode(bx))
        .append("E", e)
        .append("S", s);
    return ZkRanges.challengePlusMinusQ(t);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiMulStar[" + a.bitLength() + "-bit A]";
  }
}
