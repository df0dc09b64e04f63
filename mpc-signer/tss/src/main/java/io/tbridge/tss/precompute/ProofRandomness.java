package io.tbridge.tss.precompute;

import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import java.security.SecureRandom;

/**
 * Where a prover draws the statement-independent randomness of a range proof from. Every call
 * returns a fresh, uniformly distributed item that no other caller ever receives: a mask used twice
 * in a Σ-protocol reveals the witness (two responses z = α + e·x, z' = α + e'·x give x).
 * Implementations must be safe for concurrent use.
 */
public interface ProofRandomness {
  /** Fresh encryption noise r ← Z*_N with r^N mod N² for the Paillier modulus of {@code key}. */
  EncryptionNoise encryptionNoise(PaillierMath key);

  /**
   * Fresh masks a ← ±2^aBits and b ← ±2^bBits·N̂ with s^a·t^b mod N̂ under {@code rp}; {@code
   * rpMath} is arithmetic mod that N̂.
   */
  CommitmentMask commitment(RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits);

  /** A fresh blinding b ← ±2^bBits·N̂ with t^b mod N̂ (a = 0), for S = s^x·t^b with secret x. */
  CommitmentMask blinding(RingPedersenParams rp, PaillierMath rpMath, int bBits);

  /**
   * Samples every item from {@code random} when asked, as the provers always did (a seeded random
   * gives reproducible proofs).
   */
  static ProofRandomness inline(SecureRandom random) {
    return new InlineRandomness(random);
  }
}
