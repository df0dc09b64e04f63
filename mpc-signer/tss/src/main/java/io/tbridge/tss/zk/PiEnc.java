package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
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
 * Π-enc (CGGMP21 Fig. 14): the plaintext of the Paillier ciphertext K = (1+N0)^k·ρ^N0 mod N0² lies
 * in ±2^(ℓ+ε), for a prover who knows k ∈ ±2^ℓ and ρ. The range is proved against the
 * <em>verifier's</em> ring-Pedersen parameters (N̂, s, t), so every verifier gets its own proof.
 *
 * <p>Prover: α ← ±2^(ℓ+ε), μ ← ±2^ℓ·N̂, r ← Z*_N0, γ ← ±2^(ℓ+ε)·N̂; S = s^k·t^μ mod N̂, A =
 * (1+N0)^α·r^N0 mod N0², C = s^α·t^γ mod N̂; challenge e ∈ [−q, q]; z1 = α + e·k, z2 = r·ρ^e mod
 * N0, z3 = γ + e·μ.
 *
 * <p>Verifier: K, A ∈ Z*_N0²; S, C ∈ Z*_N̂; z2 ∈ Z*_N0; z1 ∈ ±2^(ℓ+ε); |z3| ≤ 2^(ℓ+ε+1)·N̂ (a size
 * sanity bound; honest z3 is far below); (1+N0)^z1·z2^N0 = A·K^e mod N0²; s^z1·t^z3 = C·S^e mod N̂.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover index, verifier index, N0, K, N̂, s,
 * t, S, A, C; then the challenge.
 *
 * <p>Encoding: bigInt S, A, C, z1, z2, z3 (see {@link #encodeTo}).
 *
 * @param s ring-Pedersen commitment S to k
 * @param a Paillier encryption A of the mask α
 * @param c ring-Pedersen commitment C to α
 * @param z1 α + e·k
 * @param z2 r·ρ^e mod N0
 * @param z3 γ + e·μ
 */
public record PiEnc(
    BigInteger s, BigInteger a, BigInteger c, BigInteger z1, BigInteger z2, BigInteger z3) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-enc/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-enc";

  /**
   * Proves that {@code ciphertext} = Enc_N0(k; ρ) with k ∈ ±2^ℓ, for {@code verifier}.
   *
   * @param prover the prover's party index
   * @param verifier the verifier's party index (whose parameters {@code rp} are)
   * @param proverKey the prover's own Paillier modulus N0 (with factors: CRT)
   * @param ciphertext K
   * @param k the plaintext, |k| ≤ 2^ℓ
   * @param rho the encryption randomness, a unit mod N0
   * @param rp the verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod the verifier's N̂ (caches s⁻¹, t⁻¹ across proofs)
   */
  public static PiEnc prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      BigInteger k,
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
        k,
        rho,
        rp,
        rpMath,
        level,
        ProofRandomness.inline(random));
  }

  /**
   * As {@link #prove(SessionId, int, int, PaillierMath, BigInteger, BigInteger, BigInteger,
   * RingPedersenParams, PaillierMath, SecurityLevel, SecureRandom)}, drawing the masks (α, γ, C),
   * (μ, t^μ) and (r, r^N0) from {@code randomness} (e.g. a warm {@link
   * io.tbridge.tss.precompute.ProofRandomnessPool}); the proof and its transcript are the same.
   */
  public static PiEnc prove(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      BigInteger k,
      BigInteger rho,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level,
      ProofRandomness randomness) {
    int ell = level.ell();
    int eps = level.epsilon();
    if (!BigInts.inSignedRange(k, ell)) {
      throw new IllegalArgumentException("witness outside ±2^ℓ");
    }
    BigInteger n0 = proverKey.n();
    CommitmentMask alphaGamma =
        ZkChecks.drawCommitment(randomness, rp, rpMath, ell + eps, ell + eps);
    CommitmentMask mu = ZkChecks.drawBlinding(randomness, rp, rpMath, ell);
    EncryptionNoise r = ZkChecks.drawNoise(randomness, proverKey);
    BigInteger alpha = alphaGamma.a();

    BigInteger sCommit = rpMath.commitBlinded(rp, k, mu.value());
    BigInteger aEnc = r.encrypt(proverKey, alpha);
    BigInteger cCommit = alphaGamma.value();

    BigInteger e =
        challenge(sessionId, prover, verifier, n0, ciphertext, rp, sCommit, aEnc, cCommit);
    BigInteger z1 = alpha.add(e.multiply(k));
    BigInteger z2 = r.r().multiply(proverKey.powModN(rho, e)).mod(n0);
    BigInteger z3 = alphaGamma.b().add(e.multiply(mu.b()));
    return new PiEnc(sCommit, aEnc, cCommit, z1, z2, z3);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}.
   *
   * @param proverKey the prover's Paillier modulus N0 (public arithmetic)
   * @param ciphertext K
   * @param rp this verifier's ring-Pedersen parameters
   * @param rpMath arithmetic mod N̂ (with this verifier's factors when it owns N̂, for CRT)
   */
  public void verify(
      SessionId sessionId,
      int prover,
      int verifier,
      PaillierMath proverKey,
      BigInteger ciphertext,
      RingPedersenParams rp,
      PaillierMath rpMath,
      SecurityLevel level)
      throws ProtocolAbort {
    int ell = level.ell();
    int eps = level.epsilon();
    BigInteger n0 = proverKey.n();
    BigInteger nHat = rp.n();
    if (!proverKey.isCiphertext(ciphertext)) {
      throw fail(sessionId, prover, "K is not in Z*_{N0²}");
    }
    if (!proverKey.isCiphertext(a)) {
      throw fail(sessionId, prover, "A is not in Z*_{N0²}");
    }
    if (!ZkChecks.isRpUnit(rpMath, rp, s) || !ZkChecks.isRpUnit(rpMath, rp, c)) {
      throw fail(sessionId, prover, "S or C is not in Z*_N̂");
    }
    ZkChecks.requireEncResponses(
        CHECK, sessionId, prover, proverKey, nHat, ell, "ℓ", eps, z1, z2, z3);
    BigInteger e = challenge(sessionId, prover, verifier, n0, ciphertext, rp, s, a, c);

    if (!ZkChecks.encryptionHolds(proverKey, z1, z2, a, ciphertext, e)) {
      throw fail(sessionId, prover, "(1+N0)^z1·z2^N0 ≠ A·K^e");
    }
    if (!ZkChecks.ringPedersenHolds(rpMath, rp, z1, z3, c, s, e)) {
      throw fail(sessionId, prover, "s^z1·t^z3 ≠ C·S^e");
    }
  }

  /** Appends S, A, C, z1, z2, z3. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(s).bigInt(a).bigInt(c).bigInt(z1).bigInt(z2).bigInt(z3);
  }

  /** Reads a proof, bounding every integer by the sizes {@code level} allows. */
  public static PiEnc decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    int zBits = level.ell() + level.epsilon() + 1;
    return new PiEnc(
        in.bigInt(nBits),
        in.bigInt(2 * nBits),
        in.bigInt(nBits),
        in.bigInt(zBits),
        in.bigInt(nBits),
        in.bigInt(zBits + 1 + nBits));
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      int verifier,
      BigInteger n0,
      BigInteger ciphertext,
      RingPedersenParams rp,
      BigInteger s,
      BigInteger a,
      BigInteger c) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", n0)
            .append("K", ciphertext);
    ZkChecks.appendRingPedersen(t, rp).append("S", s).append("A", a).append("C", c);
    return ZkRanges.challengePlusMinusQ(t);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiEnc[" + a.bitLength() + "-bit A]";
  }
}
