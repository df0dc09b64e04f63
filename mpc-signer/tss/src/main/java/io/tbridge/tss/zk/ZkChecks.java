package io.tbridge.tss.zk;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.precompute.CommitmentMask;
import io.tbridge.tss.precompute.EncryptionNoise;
import io.tbridge.tss.precompute.ProofRandomness;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Verification and transcript steps that several range proofs (Π-enc, Π-log*, Π-mul*, Π-dec,
 * Π-aff-g) perform identically; kept in one place so the proofs cannot drift apart.
 */
final class ZkChecks {
  private ZkChecks() {}

  /**
   * Absorbs the verifier's ring-Pedersen parameters N̂, s, t (in that order, with those labels).
   */
  static Transcript appendRingPedersen(Transcript t, RingPedersenParams rp) {
    return t.append("Nhat", rp.n()).append("s", rp.s()).append("t", rp.t());
  }

  /**
   * Whether s^z·t^zHat ≡ commitment·statement^e (mod N̂), without inverting when e is negative. A
   * verifier that owns N̂ (the usual case: proofs are made under the verifier's parameters)
   * computes statement^|e| by CRT as well (never reducing e mod the secret p − 1, q − 1).
   */
  static boolean ringPedersenHolds(
      PaillierMath rpMath,
      RingPedersenParams rp,
      BigInteger z,
      BigInteger zHat,
      BigInteger commitment,
      BigInteger statement,
      BigInteger e) {
    BigInteger lhs = rpMath.commit(rp, z, zHat);
    BigInteger nHat = rp.n();
    if (rpMath.knowsFactors()) {
      // statement is a unit (checked by every caller before), so its CRT power is well defined.
      BigInteger power = rpMath.powModN(statement, e.abs());
      return e.signum() >= 0
          ? lhs.equals(commitment.multiply(power).mod(nHat))
          : lhs.multiply(power).mod(nHat).equals(commitment.mod(nHat));
    }
    return ZkRanges.equalsTimesPower(lhs, commitment, statement, e, nHat);
  }

  /**
   * Whether x ∈ Z*_N̂; with {@code rpMath} for N̂ (with the verifier's factors, two divisions
   * instead of a gcd).
   */
  static boolean isRpUnit(PaillierMath rpMath, RingPedersenParams rp, BigInteger x) {
    return rpMath.n().equals(rp.n()) ? rpMath.isUnit(x) : BigInts.isUnit(x, rp.n());
  }

  /** Whether (1+N)^z·w^N ≡ a·ciphertext^e (mod N²) for the Paillier modulus of {@code key}. */
  static boolean encryptionHolds(
      PaillierMath key,
      BigInteger z,
      BigInteger w,
      BigInteger a,
      BigInteger ciphertext,
      BigInteger e) {
    BigInteger nsq = key.nSquared();
    BigInteger lhs = key.onePlusN(z).multiply(key.nthPower(w)).mod(nsq);
    return ZkRanges.equalsTimesPower(lhs, a, ciphertext, e, nsq);
  }

  /**
   * The response checks Π-enc and Π-log* share: z2 ∈ Z*_N0, z1 ∈ ±2^(ℓ+ε), |z3| ≤ 2^(ℓ+ε+1)·N̂; the
   * first failure aborts naming {@code prover} under {@code check}. {@code ell} is the witness
   * bound in bits: ℓ, or yBits for a wide Π-log* ({@code ellName} names it in the abort detail).
   */
  static void requireEncResponses(
      String check,
      SessionId sessionId,
      int prover,
      PaillierMath proverKey,
      BigInteger nHat,
      int ell,
      String ellName,
      int eps,
      BigInteger z1,
      BigInteger z2,
      BigInteger z3)
      throws ProtocolAbort {
    if (!proverKey.isUnit(z2)) {
      throw new ProtocolAbort(sessionId, prover, check, "z2 is not in Z*_N0");
    }
    if (!BigInts.inSignedRange(z1, ell + eps)) {
      throw new ProtocolAbort(sessionId, prover, check, "z1 outside ±2^(" + ellName + "+ε)");
    }
    if (!ZkRanges.inSignedRangeTimes(z3, ell + eps + 1, nHat)) {
      throw new ProtocolAbort(sessionId, prover, check, "z3 outside ±2^(" + ellName + "+ε+1)·N̂");
    }
  }

  /**
   * The prover's masks shared by Π-enc and Π-log*, drawn in this order: α ← ±2^(ℓ+ε), μ ← ±2^ℓ·N̂,
   * r ← Z*_N0, γ ← ±2^(ℓ+ε)·N̂.
   */
  record EncMasks(BigInteger alpha, BigInteger mu, BigInteger r, BigInteger gamma) {
    static EncMasks sample(int ell, int eps, BigInteger nHat, BigInteger n0, SecureRandom random) {
      BigInteger alpha = BigInts.randomSigned(ell + eps, random);
      BigInteger mu = ZkRanges.randomSignedTimes(ell, nHat, random);
      BigInteger r = BigInts.randomUnit(n0, random);
      BigInteger gamma = ZkRanges.randomSignedTimes(ell + eps, nHat, random);
      return new EncMasks(alpha, mu, r, gamma);
    }

    @Override
    public String toString() {
      // The masks are secret: α, μ, γ hide the witness in the responses.
      return "EncMasks[redacted]";
    }
  }

  /**
   * Draws masks a ← ±2^aBits, b ← ±2^bBits·N̂ with s^a·t^b from {@code source}, checking that the
   * item is for these parameters and within these ranges (a source handing out a wrong-sized mask
   * would weaken the hiding of the witness, so it is refused rather than used).
   */
  static CommitmentMask drawCommitment(
      ProofRandomness source, RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits) {
    CommitmentMask m = source.commitment(rp, rpMath, aBits, bBits);
    requireMask(m, rp, aBits, bBits);
    return m;
  }

  /** Draws a blinding b ← ±2^bBits·N̂ with t^b from {@code source}, checked as above. */
  static CommitmentMask drawBlinding(
      ProofRandomness source, RingPedersenParams rp, PaillierMath rpMath, int bBits) {
    CommitmentMask m = source.blinding(rp, rpMath, bBits);
    if (m.a().signum() != 0) {
      throw new IllegalStateException("randomness source returned a blinding with a ≠ 0");
    }
    requireMask(m, rp, 0, bBits);
    return m;
  }

  /**
   * Draws the blinding of a witness commitment S = s^x·t^b for a secret x ≤ 2^xBits that recurs
   * (the key share): b ← ±2^xBits·N̂ together with a split half a ← ±2^(xBits+64), as the item
   * s^a·t^b. The prover then computes S = s^(x−a)·(s^a·t^b), so the exponent that meets modPow
   * online is x − a, fresh per proof and within 2^-64 of the distribution of −a whatever x is; S,
   * and so the proof, is exactly what s^x·t^b gives.
   */
  static CommitmentMask drawSplitBlinding(
      ProofRandomness source, RingPedersenParams rp, PaillierMath rpMath, int xBits) {
    return drawCommitment(source, rp, rpMath, xBits + BigInts.BLINDING_BITS, xBits);
  }

  /** Draws encryption noise for the modulus of {@code key}, checked to belong to it. */
  static EncryptionNoise drawNoise(ProofRandomness source, PaillierMath key) {
    EncryptionNoise noise = source.encryptionNoise(key);
    if (!noise.modulus().equals(key.n())) {
      throw new IllegalStateException("randomness source returned noise for another modulus");
    }
    return noise;
  }

  private static void requireMask(CommitmentMask m, RingPedersenParams rp, int aBits, int bBits) {
    if (!m.modulus().equals(rp.n())) {
      throw new IllegalStateException("randomness source returned a mask for another modulus");
    }
    if (!BigInts.inSignedRange(m.a(), aBits)
        || !ZkRanges.inSignedRangeTimes(m.b(), bBits, rp.n())) {
      throw new IllegalStateException("randomness source returned a mask outside its range");
    }
  }
}
