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

/**
 * Π-dec (CGGMP21 Fig. 30, Paillier decryption modulo q): the Paillier ciphertext C = (1+N0)^y·ρ^N0
 * mod N0² under the prover's key N0 has a plaintext y with y ≡ x (mod q) for a public scalar x.
 * Proved against the verifier's ring-Pedersen parameters (N̂, s, t). In presigning's identification
 * step C is the ciphertext of δ_i assembled homomorphically from H_i and the MtA ciphertexts, and x
 * is the announced δ_i.
 *
 * <p>Deviation from the figure, on purpose: the plaintext there is as large as a sum of MtA
 * outputs, far above 2^ℓ, so the statement carries a public bound |y| ≤ 2^yBits and every mask is
 * widened by yBits − ℓ bits to keep e·y statistically hidden: α ← ±2^(yBits+ℓ+ε), μ ← ±2^yBits·N̂,
 * ν ← ±2^(yBits+ℓ+ε)·N̂, r ← Z*_N0. The verifier checks |z1| ≤ 2^(yBits+ℓ+ε), which pins the
 * extracted plaintext far below N0/2, so "y ≡ x (mod q)" is a statement about the centred
 * decryption of C (the one honest parties compute).
 *
 * <p>Prover: S = s^y·t^μ, T = s^α·t^ν mod N̂, A = (1+N0)^α·r^N0 mod N0², γ = α mod q; challenge e ∈
 * [−q, q]; z1 = α + e·y, z2 = ν + e·μ, w = r·ρ^e mod N0.
 *
 * <p>Verifier: C, A ∈ Z*_N0²; S, T ∈ Z*_N̂; w ∈ Z*_N0; γ ∈ [0, q) (decoder); z1 ∈ ±2^(yBits+ℓ+ε);
 * |z2| ≤ 2^(yBits+ℓ+ε+1)·N̂; (1+N0)^z1·w^N0 = A·C^e mod N0²; z1 ≡ γ + e·x (mod q); s^z1·t^z2 =
 * T·S^e mod N̂.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, verifier, N0, C, x, yBits, N̂, s, t,
 * S, T, A, γ; then the challenge.
 *
 * <p>Encoding: bigInt S, T, A, 32-byte γ, bigInt z1, z2, w.
 *
 * @param s ring-Pedersen commitment S to y
 * @param t ring-Pedersen commitment T to α
 * @param a Paillier encryption A of α
 * @param gamma α mod q
 * @param z1 α + e·y
 * @param z2 ν + e·μ
 * @param w r·ρ^e mod N0
 */
public record PiDec(
    BigInteger s,
    BigInteger t,
    BigInteger a,
    BigInteger gamma,
    BigInteger z1,
    BigInteger z2,
    BigInteger w) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-dec/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-dec";

  /** Validating constructor: γ is a scalar in [0, q). */
  public PiDec {
    if (gamma.signum() < 0 || gamma.compareTo(Secp256k1.Q) >= 0) {
      throw new IllegalArgumentException("γ must be in [0, q)");
    }
  }

  /**
   * The largest plaintext bound (in bits) a proof under {@code level} may use: the masked response
   * 2^(yBits+ℓ+ε+1) must stay below N0/2 with room to spare.
   */
  public static int maxPlaintextBits(SecurityLevel level) {
    return level.paillierBits() - level.ell() - level.epsilon() - 4;
  }

  /**
   * Proves that C = Enc_N0(y; ρ) with |y| ≤ 2^yBits and y ≡ x (mod q), for {@code verifier}.
   *
   * @param proverKey the prover's own Paillier modulus N0 (with factors: CRT)
   * @param ciphertext C
   * @param x the public residue, in [0, q)
   * @param yBits the public plaintext bound, ℓ ≤ yBits ≤ {@link #maxPlaintextBits}
   * @param y the witness plaintext
   * @param rho the randomness of C
   * @param rp the verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod the verifier's N̂ (caches s⁻¹, t⁻¹ across proofs)
   */
  public static PiDec prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      BigInteger x,
      int yBits,
      BigInteger y,
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
        x,
        yBits,
        y,
        rho,
        rp,
        rpMath,
        level,
        ProofRandomness.inline(random));
  }

  /**
   * As the {@link SecureRandom} variant, drawing (α, ν, T), (μ, t^μ) and (r, r^N0) from {@code
   * randomness}; the proof and its transcript are the same.
   */
  public static PiDec prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      BigInteger x,
      int yBits,
      BigInteger y,
      BigInteger rho,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      ProofRandomness randomness) {
    requireBits(yBits, level);
    if (!BigInts.inSignedRange(y, yBits)) {
      throw new IllegalArgumentException("witness outside ±2^yBits");
    }
    if (!y.mod(Secp256k1.Q).equals(x)) {
      throw new IllegalArgumentException("witness does not reduce to x mod q");
    }
    int maskBits = yBits + level.ell() + level.epsilon();
    BigInteger n0 = proverKey.n();
    CommitmentMask alphaNu = ZkChecks.drawCommitment(randomness, rp, rpMath, maskBits, maskBits);
    CommitmentMask mu = ZkChecks.drawBlinding(randomness, rp, rpMath, yBits);
    EncryptionNoise r = ZkChecks.drawNoise(randomness, proverKey);
    BigInteger alpha = alphaNu.a();

    BigInteger sCommit = rpMath.commitBlinded(rp, y, mu.value());
    BigInteger tCommit = alphaNu.value();
    BigInteger aEnc = r.encrypt(proverKey, alpha);
    BigInteger gamma = alpha.mod(Secp256k1.Q);

    BigInteger e =
        challenge(
            sessionId,
            prover,
            verifier,
            n0,
            ciphertext,
            x,
            yBits,
            rp,
            sCommit,
            tCommit,
            aEnc,
            gamma);
    BigInteger z1 = alpha.add(e.multiply(y));
    BigInteger z2 = alphaNu.b().add(e.multiply(mu.b()));
    BigInteger w = r.r().multiply(proverKey.powModN(rho, e)).mod(n0);
    return new PiDec(sCommit, tCommit, aEnc, gamma, z1, z2, w);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}.
   *
   * @param proverKey the prover's Paillier modulus N0
   * @param ciphertext C
   * @param x the announced residue
   * @param yBits the public plaintext bound the protocol fixes
   * @param rp this verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod N̂ (with this verifier's factors for CRT when it owns N̂)
   * @throws IllegalArgumentException if yBits (a protocol constant, not prover input) is outside
   *     [ℓ, {@link #maxPlaintextBits}]
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      BigInteger x,
      int yBits,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level)
      throws ProtocolAbort {
    requireBits(yBits, level);
    int maskBits = yBits + level.ell() + level.epsilon();
    BigInteger n0 = proverKey.n();
    BigInteger nHat = rp.n();
    if (x.signum() < 0 || x.compareTo(Secp256k1.Q) >= 0) {
      throw fail(sessionId, prover, "x is not a scalar in [0, q)");
    }
    if (!proverKey.isCiphertext(ciphertext)) {
      throw fail(sessionId, prover, "C is not in Z*_{N0²}");
    }
    if (!proverKey.isCiphertext(a)) {
      throw fail(sessionId, prover, "A is not in Z*_{N0²}");
    }
    if (!ZkChecks.isRpUnit(rpMath, rp, s) || !ZkChecks.isRpUnit(rpMath, rp, t)) {
      throw fail(sessionId, prover, "S or T is not in Z*_N̂");
    }
    if (!proverKey.isUnit(w)) {
      throw fail(sessionId, prover, "w is not in Z*_N0");
    }
    if (!BigInts.inSignedRange(z1, maskBits)) {
      throw fail(sessionId, prover, "z1 outside ±2^(yBits+ℓ+ε)");
    }
    if (!ZkRanges.inSignedRangeTimes(z2, maskBits + 1, nHat)) {
      throw fail(sessionId, prover, "z2 outside ±2^(yBits+ℓ+ε+1)·N̂");
    }
    BigInteger e =
        challenge(sessionId, prover, verifier, n0, ciphertext, x, yBits, rp, s, t, a, gamma);

    if (!z1.subtract(gamma).subtract(e.multiply(x)).mod(Secp256k1.Q).equals(BigInteger.ZERO)) {
      throw fail(sessionId, prover, "z1 ≢ γ + e·x (mod q)");
    }
    if (!ZkChecks.encryptionHolds(proverKey, z1, w, a, ciphertext, e)) {
      throw fail(sessionId, prover, "(1+N0)^z1·w^N0 ≠ A·C^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z1, z2, t, s, e)) {
      throw fail(sessionId, prover, "s^z1·t^z2 ≠ T·S^e");
    }
  }

  /** Appends S, T, A, γ, z1, z2, w. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(s)
        .bigInt(t)
        .bigInt(a)
        .raw(Secp256k1.encodeScalar(gamma))
        .bigInt(z1)
        .bigInt(z2)
        .bigInt(w);
  }

  /**
   * Reads a proof, bounding every integer by the sizes {@code level} allows (the exact range of z1
   * and z2 depends on the statement's yBits and is checked by {@link #verify}).
   */
  public static PiDec decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    BigInteger s = in.bigInt(nBits);
    BigInteger t = in.bigInt(nBits);
    BigInteger a = in.bigInt(2 * nBits);
    BigInteger gamma = Secp256k1.decodeScalar(in.raw(Secp256k1.SCALAR_BYTES));
    BigInteger z1 = in.bigInt(nBits);
    BigInteger z2 = in.bigInt(2 * nBits);
    BigInteger w = in.bigInt(nBits);
    return new PiDec(s, t, a, gamma, z1, z2, w);
  }

  /** The longest encoding {@link #decodeFrom} accepts at {@code level}, in bytes. */
  public static int maxEncodedBytes(SecurityLevel level) {
    int nBits = level.paillierBits();
    return 4 * ByteReader.maxBigIntBytes(nBits)
        + 2 * ByteReader.maxBigIntBytes(2 * nBits)
        + Secp256k1.SCALAR_BYTES;
  }

  private static void requireBits(int yBits, SecurityLevel level) {
    if (yBits < level.ell() || yBits > maxPlaintextBits(level)) {
      throw new IllegalArgumentException(
          "yBits must be in [ℓ, " + maxPlaintextBits(level) + "], got " + yBits);
    }
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      BigInteger n0,
      BigInteger ciphertext,
      BigInteger x,
      int yBits,
      RingPedersenParams rp,
      BigInteger s,
      BigInteger t,
      BigInteger a,
      BigInteger gamma) {
    Transcript tr =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", n0)
            .append("C", ciphertext)
            .append("x", x)
            .append("yBits", yBits);
    ZkChecks.appendRingPedersen(tr, rp)
        .append("S", s)
        .append("T", t)
        .append("A", a)
        .append("gamma", gamma);
    return ZkRanges.challengePlusMinusQ(tr);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiDec[" + a.bitLength() + "-bit A]";
  }
}
