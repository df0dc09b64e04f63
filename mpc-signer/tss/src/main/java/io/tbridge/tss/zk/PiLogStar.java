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
 * <p><b>Wide variant</b> (the overloads taking {@code yBits}): presigning's identification step
 * proves plaintexts far above 2^ℓ (sums of MtA outputs), so the statement may carry a public bound
 * |x| ≤ 2^yBits with ℓ ≤ yBits ≤ {@link #maxPlaintextBits}, and ℓ is replaced by yBits everywhere,
 * as {@link PiDec} does: α ← ±2^(yBits+ε), μ ← ±2^yBits·N̂, γ ← ±2^(yBits+ε)·N̂, the verifier
 * checks z1 ∈ ±2^(yBits+ε) and |z3| ≤ 2^(yBits+ε+1)·N̂. The slack between the mask (yBits+ε bits)
 * and e·x (at most yBits+ℓ bits) stays ε − ℓ bits, as in the figure, so e·x stays statistically
 * hidden. X = x·g is taken mod q (x is not reduced: C encrypts the integer x). With yBits = ℓ the
 * proof is exactly the figure's, transcript included.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, verifier, N0, C, g, X, then yBits
 * only if it differs from ℓ (so narrow proofs keep their transcript byte for byte, and a wide proof
 * never verifies under another bound: items are labelled, so the encodings differ), N̂, s, t, S, A,
 * Y, D; then the challenge.
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
   * The largest plaintext bound (in bits) a wide proof under {@code level} may use: 2^(yBits+ε+ℓ+4)
   * stays below N0, so every accepted z1 (and any plaintext extracted from it) is far below N0/2
   * and "C encrypts x" is about the centred decryption honest parties compute. 2300 at {@link
   * SecurityLevel#PRODUCTION}, 1276 at {@link SecurityLevel#TEST} (too small for presigning's
   * ℓ'+ε+10 = 1802-bit identification plaintexts: those only fit the 3072-bit level).
   */
  public static int maxPlaintextBits(SecurityLevel level) {
    return level.paillierBits() - level.ell() - level.epsilon() - 4;
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
    return prove(
        sessionId,
        prover,
        verifier,
        proverKey,
        ciphertext,
        base,
        point,
        x,
        rho,
        rp,
        rpMath,
        level,
        random,
        level.ell());
  }

  /**
   * Proves C = Enc_N0(x; ρ) and X = x·g (mod q) with the public bound |x| ≤ 2^yBits, for {@code
   * verifier} (the wide variant; yBits = ℓ gives exactly the narrow proof).
   *
   * @param proverKey the prover's own Paillier modulus N0 (with factors: CRT)
   * @param ciphertext C
   * @param base g
   * @param point X
   * @param x the witness, |x| ≤ 2^yBits
   * @param rho the encryption randomness of C
   * @param rp the verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod the verifier's N̂ (caches s⁻¹, t⁻¹ across proofs)
   * @param yBits the public plaintext bound, ℓ ≤ yBits ≤ {@link #maxPlaintextBits}
   * @throws IllegalArgumentException if yBits is outside its range or |x| > 2^yBits
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
      SecureRandom random,
      int yBits) {
    return prove(
        sessionId,
        prover,
        verifier,
        proverKey,
        ciphertext,
        base,
        point,
        x,
        rho,
        rp,
        rpMath,
        level,
        ProofRandomness.inline(random),
        yBits);
  }

  /**
   * The narrow proof (x ∈ ±2^ℓ) with its masks drawn from {@code randomness} (e.g. a warm {@link
   * io.tbridge.tss.precompute.ProofRandomnessPool}); the proof and its transcript are the same.
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
      ProofRandomness randomness) {
    return prove(
        sessionId,
        prover,
        verifier,
        proverKey,
        ciphertext,
        base,
        point,
        x,
        rho,
        rp,
        rpMath,
        level,
        randomness,
        level.ell());
  }

  /**
   * The wide proof (|x| ≤ 2^yBits) with its masks (α, γ, D), (μ, t^μ) and (r, r^N0) drawn from
   * {@code randomness}; the proof and its transcript are the same as with a {@link SecureRandom}.
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
      ProofRandomness randomness,
      int yBits) {
    requireBits(yBits, level);
    int eps = level.epsilon();
    if (!BigInts.inSignedRange(x, yBits)) {
      throw new IllegalArgumentException(
          yBits == level.ell() ? "witness outside ±2^ℓ" : "witness outside ±2^yBits");
    }
    BigInteger n0 = proverKey.n();
    CommitmentMask alphaGamma =
        ZkChecks.drawCommitment(randomness, rp, rpMath, yBits + eps, yBits + eps);
    CommitmentMask mu = ZkChecks.drawBlinding(randomness, rp, rpMath, yBits);
    EncryptionNoise r = ZkChecks.drawNoise(randomness, proverKey);
    BigInteger alpha = alphaGamma.a();

    BigInteger sCommit = rpMath.commitBlinded(rp, x, mu.value());
    BigInteger aEnc = r.encrypt(proverKey, alpha);
    ECPoint yPoint = Secp256k1.mulSecret(base, alpha);
    BigInteger dCommit = alphaGamma.value();

    BigInteger e =
        challenge(
            sessionId,
            prover,
            verifier,
            n0,
            ciphertext,
            base,
            point,
            yBits,
            level,
            rp,
            sCommit,
            aEnc,
            yPoint,
            dCommit);
    BigInteger z1 = alpha.add(e.multiply(x));
    BigInteger z2 = r.r().multiply(proverKey.powModN(rho, e)).mod(n0);
    BigInteger z3 = alphaGamma.b().add(e.multiply(mu.b()));
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
    verify(
        sessionId,
        prover,
        verifier,
        proverKey,
        ciphertext,
        base,
        point,
        rp,
        rpMath,
        level,
        level.ell());
  }

  /**
   * Verifies a wide proof for the public plaintext bound {@code yBits}; any failure aborts naming
   * {@code prover}.
   *
   * @param proverKey the prover's Paillier modulus N0
   * @param ciphertext C
   * @param base g
   * @param point X
   * @param rp this verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod N̂ (with this verifier's factors for CRT when it owns N̂)
   * @param yBits the public plaintext bound the protocol fixes
   * @throws IllegalArgumentException if yBits (a protocol constant, not prover input) is outside
   *     [ℓ, {@link #maxPlaintextBits}]
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
      SecurityLevel level,
      int yBits)
      throws ProtocolAbort {
    requireBits(yBits, level);
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
    if (!ZkChecks.isRpUnit(rpMath, rp, s) || !ZkChecks.isRpUnit(rpMath, rp, d)) {
      throw fail(sessionId, prover, "S or D is not in Z*_N̂");
    }
    ZkChecks.requireEncResponses(
        CHECK,
        sessionId,
        prover,
        proverKey,
        nHat,
        yBits,
        yBits == level.ell() ? "ℓ" : "yBits",
        eps,
        z1,
        z2,
        z3);
    BigInteger e =
        challenge(
            sessionId, prover, verifier, n0, ciphertext, base, point, yBits, level, rp, s, a, y, d);

    if (!mulPublicBase(base, z1).equals(y.add(Secp256k1.mulPublic(point, e)).normalize())) {
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
    return decodeFrom(in, level, level.ell());
  }

  /**
   * Reads a wide proof for the public plaintext bound {@code yBits}, bounding z1 and z3 by the
   * sizes that bound allows (the exact ranges are checked by {@link #verify}).
   *
   * @throws IllegalArgumentException if yBits (a protocol constant) is outside [ℓ, {@link
   *     #maxPlaintextBits}]
   */
  public static PiLogStar decodeFrom(ByteReader in, SecurityLevel level, int yBits)
      throws DecodingException {
    requireBits(yBits, level);
    int nBits = level.paillierBits();
    int zBits = yBits + level.epsilon() + 1;
    BigInteger s = in.bigInt(nBits);
    BigInteger a = in.bigInt(2 * nBits);
    ECPoint y = Secp256k1.decodePoint(in.raw(Secp256k1.POINT_BYTES));
    BigInteger d = in.bigInt(nBits);
    BigInteger z1 = in.bigInt(zBits);
    BigInteger z2 = in.bigInt(nBits);
    BigInteger z3 = in.bigInt(zBits + 1 + nBits);
    return new PiLogStar(s, a, y, d, z1, z2, z3);
  }

  /**
   * The longest encoding {@link #decodeFrom(ByteReader, SecurityLevel, int)} accepts for {@code
   * yBits} at {@code level}, in bytes.
   */
  public static int maxEncodedBytes(SecurityLevel level, int yBits) {
    requireBits(yBits, level);
    int nBits = level.paillierBits();
    int zBits = yBits + level.epsilon() + 1;
    return 3 * ByteReader.maxBigIntBytes(nBits)
        + ByteReader.maxBigIntBytes(2 * nBits)
        + Secp256k1.POINT_BYTES
        + ByteReader.maxBigIntBytes(zBits)
        + ByteReader.maxBigIntBytes(zBits + 1 + nBits);
  }

  private static void requireBits(int yBits, SecurityLevel level) {
    if (yBits < level.ell() || yBits > maxPlaintextBits(level)) {
      throw new IllegalArgumentException(
          "yBits must be in [ℓ, " + maxPlaintextBits(level) + "], got " + yBits);
    }
  }

  /**
   * k·g for a public k (the verifier's z1): the comb for G, else the fast variable-time multiplier.
   * The prover's α·g uses {@link Secp256k1#mulSecret} instead.
   */
  private static ECPoint mulPublicBase(ECPoint base, BigInteger k) {
    return base.equals(Secp256k1.G) ? Secp256k1.mulG(k) : Secp256k1.mulPublic(base, k);
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      BigInteger n0,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      int yBits,
      SecurityLevel level,
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
    if (yBits != level.ell()) {
      // Only wide proofs absorb their bound, so narrow transcripts are unchanged.
      t.append("yBits", yBits);
    }
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
