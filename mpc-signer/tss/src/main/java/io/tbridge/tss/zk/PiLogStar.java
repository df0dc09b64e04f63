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
import org.bouncycastle.math.ec.ECPoint;

/**
 * Π-log* (CGGMP21 Fig. 25): the plaintext x of the Paillier ciphertext C = (1+N0)^x·ρ^N0 mod N0² is
 * the discrete logarithm of X to the base g (X = x·g), and lies in ±2^(ℓ+ε). Proved against the
 * verifier's ring-Pedersen parameters (N̂, s, t).
 *
 * <p>Prover: α ← ±2^(ℓ+ε), μ ← ±2^ℓ·N̂, r ← Z*_N0, γ ← ±2^(ℓ+ε)·N̂; S = s^x·t^μ mod N̂, A =
 * (1+N0)^α·r^N0 mod N0², Y = α·g, D = s^α·t^γ mod N̂; challenge e ∈ [−q, q]; z1 = α + e·x, z2 =
 * r·ρ^e mod N0, z3 = γ + e·μ.
 *
 * <p>Verifier: C, A ∈ Z*_N0²; S, D ∈ Z*_N̂; z2 ∈ Z*_N0; z1 ∈ ±2^(ℓ+ε); |z3| ≤ 2^(ℓ+ε+1)·N̂;
 * (1+N0)^z1·z2^N0 = A·C^e mod N0²; z1·g = Y + e·X; s^z1·t^z3 = D·S^e mod N̂. Points are decoded
 * validated (on the curve, never the identity).
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, verifier, N0, C, g, X, N̂, s, t, S,
 * A, Y, D; then the challenge.
 *
 * <p>Encoding: bigInt S, A, 33-byte Y, bigInt D, z1, z2, z3.
 *
 * @param s ring-Pedersen commitment S to x
 * @param a Paillier encryption A of the mask α
 * @param y the point Y = α·g
 * @param d ring-Pedersen commitment D to α
 * @param z1 α + e·x
 * @param z2 r·ρ^e mod N0
 * @param z3 γ + e·μ
 */
public record PiLogStar(
    BigInteger s,
    BigInteger a,
    ECPoint y,
    BigInteger d,
    BigInteger z1,
    BigInteger z2,
    BigInteger z3) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-log-star/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-log*";

  /** Validating constructor: Y is a curve point other than the identity. */
  public PiLogStar {
    if (y.isInfinity() || !y.isValid()) {
      throw new IllegalArgumentException("Y must be a non-identity curve point");
    }
    y = y.normalize();
  }

  /**
   * Proves C = Enc_N0(x; ρ) and X = x·g with x ∈ ±2^ℓ, for {@code verifier}.
   *
   * @param proverKey the prover's own Paillier modulus N0 (with factors: CRT)
   * @param ciphertext C
   * @param base g
   * @param point X
   * @param x the witness, |x| ≤ 2^ℓ
   * @param rho the encryption randomness of C
   * @param rp the verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod the verifier's N̂ (caches s⁻¹, t⁻¹ across proofs)
   */
  public static PiLogStar prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      BigInteger x,
      BigInteger rho,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      SecureRandom random) {
    int ell = level.ell();
    int eps = level.epsilon();
    if (!BigInts.inSignedRange(x, ell)) {
      throw new IllegalArgumentException("witness outside ±2^ℓ");
    }
    BigInteger nHat = rp.n();
    BigInteger n0 = proverKey.n();
    ZkChecks.EncMasks m = ZkChecks.EncMasks.sample(ell, eps, nHat, n0, random);

    BigInteger sCommit = rpMath.commit(rp, x, m.mu());
    BigInteger aEnc = proverKey.encrypt(m.alpha(), m.r());
    ECPoint yPoint = mulBase(base, m.alpha());
    BigInteger dCommit = rpMath.commit(rp, m.alpha(), m.gamma());

    BigInteger e =
        challenge(
            sessionId,
            prover,
            verifier,
            n0,
            ciphertext,
            base,
            point,
            rp,
            sCommit,
            aEnc,
            yPoint,
            dCommit);
    BigInteger z1 = m.alpha().add(e.multiply(x));
    BigInteger z2 = m.r().multiply(proverKey.powModN(rho, e)).mod(n0);
    BigInteger z3 = m.gamma().add(e.multiply(m.mu()));
    return new PiLogStar(sCommit, aEnc, yPoint, dCommit, z1, z2, z3);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}.
   *
   * @param proverKey the prover's Paillier modulus N0
   * @param ciphertext C
   * @param base g
   * @param point X
   * @param rp this verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod N̂ (with this verifier's factors for CRT when it owns N̂)
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level)
      throws ProtocolAbort {
    int ell = level.ell();
    int eps = level.epsilon();
    BigInteger n0 = proverKey.n();
    BigInteger nHat = rp.n();
    if (point.isInfinity() || base.isInfinity()) {
      throw fail(sessionId, prover, "X or g is the identity");
    }
    if (!proverKey.isCiphertext(ciphertext)) {
      throw fail(sessionId, prover, "C is not in Z*_{N0²}");
    }
    if (!proverKey.isCiphertext(a)) {
      throw fail(sessionId, prover, "A is not in Z*_{N0²}");
    }
    if (!BigInts.isUnit(s, nHat) || !BigInts.isUnit(d, nHat)) {
      throw fail(sessionId, prover, "S or D is not in Z*_N̂");
    }
    ZkChecks.requireEncResponses(CHECK, sessionId, prover, proverKey, nHat, ell, eps, z1, z2, z3);
    BigInteger e =
        challenge(sessionId, prover, verifier, n0, ciphertext, base, point, rp, s, a, y, d);

    if (!mulBase(base, z1).equals(y.add(Secp256k1.mul(point, e)).normalize())) {
      throw fail(sessionId, prover, "z1·g ≠ Y + e·X");
    }
    if (!ZkChecks.encryptionHolds(proverKey, z1, z2, a, ciphertext, e)) {
      throw fail(sessionId, prover, "(1+N0)^z1·z2^N0 ≠ A·C^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z1, z3, d, s, e)) {
      throw fail(sessionId, prover, "s^z1·t^z3 ≠ D·S^e");
    }
  }

  /** Appends S, A, Y, D, z1, z2, z3. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(s).bigInt(a).raw(Secp256k1.encode(y)).bigInt(d).bigInt(z1).bigInt(z2).bigInt(z3);
  }

  /** Reads a proof, bounding every integer by the sizes {@code level} allows. */
  public static PiLogStar decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    BigInteger s = in.bigInt(nBits);
    BigInteger a = in.bigInt(2 * nBits);
    ECPoint y = Secp256k1.decodePoint(in.raw(Secp256k1.POINT_BYTES));
    BigInteger d = in.bigInt(nBits);
    BigInteger z1 = in.bigInt(zBits);
    BigInteger z2 = in.bigInt(nBits);
    BigInteger z3 = in.bigInt(zBits + 1 + nBits);
    return new PiLogStar(s, a, y, d, z1, z2, z3);
  }

  private static ECPoint mulBase(ECPoint base, BigInteger k) {
    return base.equals(Secp256k1.G) ? Secp256k1.mulG(k) : Secp256k1.mul(base, k);
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      BigInteger n0,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      RingPedersenParams rp,
      BigInteger s,
      BigInteger a,
      ECPoint y,
      BigInteger d) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", n0)
            .append("C", ciphertext)
            .append("g", Secp256k1.encode(base))
            .append("X", Secp256k1.encode(point));
    ZkChecks.appendRingPedersen(t, rp)
        .append("S", s)
        .append("A", a)
        .append("Y", Secp256k1.encode(y))
        .append("D", d);
    return ZkRanges.challengePlusMinusQ(t);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiLogStar[" + a.bitLength() + "-bit A]";
  }
}
