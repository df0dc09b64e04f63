package io.tbridge.tss.zk;

import static io.tbridge.tss.zk.MtaProofFixture.LEVEL;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_KEY;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.RP;
import static io.tbridge.tss.zk.MtaProofFixture.SID;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_KEY;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.callable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.precompute.CommitmentMask;
import io.tbridge.tss.precompute.EncryptionNoise;
import io.tbridge.tss.precompute.ProofRandomness;
import io.tbridge.tss.precompute.ProofRandomnessPool;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The provers' {@link ProofRandomness} overloads: proofs made from a warm pool, from an empty one
 * and from the inline source all verify unchanged, the {@link SecureRandom} overloads are the
 * inline path, and a source that hands out a mask of the wrong size or modulus is refused.
 */
class PrecomputedRandomnessProofTest {
  private static final int ELL = LEVEL.ell();
  private static final int EPS = LEVEL.epsilon();

  /** A pool filled synchronously with what one Π-enc, Π-log* and Π-aff-g need, and more. */
  private static ProofRandomnessPool warmPool(int capacity) {
    ProofRandomnessPool pool =
        ProofRandomnessPool.create(Runnable::run, capacity, 1, TestRandom.seeded(71));
    pool.prepareNoise(PROVER_OWN, capacity);
    pool.prepareNoise(VERIFIER_PUBLIC, capacity);
    pool.prepareCommitments(RP, VERIFIER_PUBLIC, ELL + EPS, ELL + EPS, capacity);
    pool.prepareCommitments(RP, VERIFIER_PUBLIC, LEVEL.ellPrime() + EPS, ELL + EPS, capacity);
    pool.prepareCommitments(RP, VERIFIER_PUBLIC, ELL + BigInts.BLINDING_BITS, ELL, capacity);
    pool.prepareBlindings(RP, VERIFIER_PUBLIC, ELL, capacity);
    return pool;
  }

  @Test
  void proofsFromAWarmPoolShouldVerifyWithoutAMiss() throws Exception {
    var random = TestRandom.seeded(72);
    try (ProofRandomnessPool pool = warmPool(2)) {
      long produced = pool.produced();
      // Π-enc
      BigInteger k = Secp256k1.randomScalar(random);
      BigInteger rho = BigInts.randomUnit(PROVER_OWN.n(), random);
      BigInteger bigK = PROVER_OWN.encrypt(k, rho);
      PiEnc enc =
          PiEnc.prove(
              SID, PROVER, VERIFIER, PROVER_OWN, bigK, k, rho, RP, VERIFIER_PUBLIC, LEVEL, pool);
      enc.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, bigK, RP, VERIFIER_OWN, LEVEL);
      // Π-log*
      ECPoint kPoint = Secp256k1.mulG(k);
      PiLogStar log =
          PiLogStar.prove(
              SID,
              PROVER,
              VERIFIER,
              PROVER_OWN,
              bigK,
              Secp256k1.G,
              kPoint,
              k,
              rho,
              RP,
              VERIFIER_PUBLIC,
              LEVEL,
              pool);
      log.verify(
          SID, PROVER, VERIFIER, PROVER_PUBLIC, bigK, Secp256k1.G, kPoint, RP, VERIFIER_OWN, LEVEL);
      // Π-aff-g, with the MtA ciphertext D = C^x·Enc_N0(y; s) also made from pooled noise.
      BigInteger c = VERIFIER_OWN.encrypt(k, BigInts.randomUnit(VERIFIER_OWN.n(), random));
      BigInteger x = Secp256k1.randomScalar(random);
      BigInteger y = BigInts.randomSigned(LEVEL.ellPrime(), random);
      EncryptionNoise s = pool.encryptionNoise(VERIFIER_PUBLIC);
      EncryptionNoise r = pool.encryptionNoise(PROVER_OWN);
      BigInteger d =
          VERIFIER_PUBLIC
              .powModNSquared(c, x)
              .multiply(s.encrypt(VERIFIER_PUBLIC, y))
              .mod(VERIFIER_PUBLIC.nSquared());
      BigInteger f = r.encrypt(PROVER_OWN, y);
      ECPoint xPoint = Secp256k1.mulG(x);
      PiAffG aff =
          PiAffG.prove(
              SID,
              PROVER,
              VERIFIER,
              new PiAffG.Statement(VERIFIER_PUBLIC, PROVER_OWN, c, d, f, xPoint),
              new PiAffG.Witness(x, y, s.r(), r.r()),
              RP,
              VERIFIER_PUBLIC,
              LEVEL,
              pool);
      aff.verify(
          SID,
          PROVER,
          VERIFIER,
          new PiAffG.Statement(VERIFIER_OWN, PROVER_PUBLIC, c, d, f, xPoint),
          RP,
          VERIFIER_OWN,
          LEVEL);
      assertThat(VERIFIER_KEY.decryptSigned(d)).isEqualTo(k.multiply(x).add(y));
      assertThat(pool.misses()).isZero();
      // Π-enc 3, Π-log* 3, MtA 2, Π-aff-g 6.
      assertThat(pool.hits()).isEqualTo(14);
      assertThat(pool.produced() - produced).isEqualTo(14);
    }
  }

  @Test
  void identificationProofsFromAPoolShouldVerify() throws Exception {
    var random = TestRandom.seeded(73);
    int yBits = PiDec.maxPlaintextBits(LEVEL);
    int wideBits = PiLogStar.maxPlaintextBits(LEVEL);
    try (ProofRandomnessPool pool =
        ProofRandomnessPool.create(Runnable::run, 1, 1, TestRandom.seeded(74))) {
      // Π-mul*: D = C^x·ρ^N0 under the prover's own key.
      BigInteger c =
          PROVER_OWN.encrypt(
              Secp256k1.randomScalar(random), BigInts.randomUnit(PROVER_OWN.n(), random));
      BigInteger x = Secp256k1.randomScalar(random);
      BigInteger rho = BigInts.randomUnit(PROVER_OWN.n(), random);
      BigInteger d =
          PROVER_OWN
              .powModNSquared(c, x)
              .multiply(PROVER_OWN.nthPower(rho))
              .mod(PROVER_OWN.nSquared());
      ECPoint xPoint = Secp256k1.mulG(x);
      PiMulStar mulStar =
          PiMulStar.prove(
              SID,
              PROVER,
              VERIFIER,
              PROVER_OWN,
              c,
              d,
              xPoint,
              x,
              rho,
              RP,
              VERIFIER_PUBLIC,
              LEVEL,
              pool);
      mulStar.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, c, d, xPoint, RP, VERIFIER_OWN, LEVEL);
      // Π-dec with a wide plaintext.
      BigInteger big = BigInts.randomSigned(yBits - 1, random);
      BigInteger bigRho = BigInts.randomUnit(PROVER_OWN.n(), random);
      BigInteger bigC = PROVER_OWN.encrypt(big, bigRho);
      BigInteger residue = big.mod(Secp256k1.Q);
      PiDec dec =
          PiDec.prove(
              SID,
              PROVER,
              VERIFIER,
              PROVER_OWN,
              bigC,
              residue,
              yBits,
              big,
              bigRho,
              RP,
              VERIFIER_PUBLIC,
              LEVEL,
              pool);
      dec.verify(
          SID, PROVER, VERIFIER, PROVER_PUBLIC, bigC, residue, yBits, RP, VERIFIER_OWN, LEVEL);
      // The wide Π-log*.
      BigInteger wide = BigInts.randomSigned(wideBits - 1, random);
      BigInteger wideC = PROVER_OWN.encrypt(wide, bigRho);
      ECPoint widePoint = Secp256k1.mulG(wide);
      PiLogStar log =
          PiLogStar.prove(
              SID,
              PROVER,
              VERIFIER,
              PROVER_OWN,
              wideC,
              Secp256k1.G,
              widePoint,
              wide,
              bigRho,
              RP,
              VERIFIER_PUBLIC,
              LEVEL,
              pool,
              wideBits);
      log.verify(
          SID,
          PROVER,
          VERIFIER,
          PROVER_PUBLIC,
          wideC,
          Secp256k1.G,
          widePoint,
          RP,
          VERIFIER_OWN,
          LEVEL,
          wideBits);
      // Nothing was prepared: the first request for each key and size is a miss, computed on the
      // spot, and registers a queue (Π-dec's noise and its 1276-bit blinding are reused by the
      // wide Π-log*, which then hit).
      assertThat(pool.misses()).isEqualTo(6);
      assertThat(pool.hits()).isEqualTo(3);
    }
  }

  @Test
  void theSecureRandomOverloadsShouldBeTheInlinePath() {
    var random = TestRandom.seeded(75);
    BigInteger k = Secp256k1.randomScalar(random);
    BigInteger rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    BigInteger bigK = PROVER_OWN.encrypt(k, rho);
    PiEnc viaRandom =
        PiEnc.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            bigK,
            k,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            TestRandom.seeded(76));
    PiEnc viaInline =
        PiEnc.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            bigK,
            k,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            ProofRandomness.inline(TestRandom.seeded(76)));
    assertThat(viaInline).isEqualTo(viaRandom);
  }

  @Test
  void aNoiseQueueShouldKeepItsItemsWhenTheOwnerRegistersWithFactors() {
    try (ProofRandomnessPool pool =
        ProofRandomnessPool.create(Runnable::run, 2, 1, TestRandom.seeded(77))) {
      pool.prepareNoise(PROVER_PUBLIC, 2);
      pool.prepareNoise(PROVER_OWN, 3);
      assertThat(pool.available()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        EncryptionNoise noise = pool.encryptionNoise(PROVER_OWN);
        assertThat(noise.rToN()).isEqualTo(PROVER_PUBLIC.nthPower(noise.r()));
      }
      assertThat(PROVER_KEY.publicKey().n()).isEqualTo(PROVER_OWN.n());
    }
  }

  /** A source that returns items chosen by the test, to show the provers check what they get. */
  private record FixedSource(EncryptionNoise noise, CommitmentMask mask, CommitmentMask blinding)
      implements ProofRandomness {
    @Override
    public EncryptionNoise encryptionNoise(PaillierMath key) {
      return noise;
    }

    @Override
    public CommitmentMask commitment(
        RingPedersenParams rp, PaillierMath rpMath, int aBits, int bBits) {
      return mask;
    }

    @Override
    public CommitmentMask blinding(RingPedersenParams rp, PaillierMath rpMath, int bBits) {
      return blinding;
    }
  }

  @Test
  void proversShouldRefuseMasksOfTheWrongSizeOrModulus() {
    var random = TestRandom.seeded(78);
    ProofRandomness honest = ProofRandomness.inline(random);
    EncryptionNoise noise = honest.encryptionNoise(PROVER_OWN);
    CommitmentMask mask = honest.commitment(RP, VERIFIER_PUBLIC, ELL + EPS, ELL + EPS);
    CommitmentMask blinding = honest.blinding(RP, VERIFIER_PUBLIC, ELL);
    // A mask α far larger than ±2^(ℓ+ε): the prover must not use it.
    BigInteger hugeA = BigInteger.ONE.shiftLeft(ELL + EPS + 1);
    CommitmentMask oversized =
        new CommitmentMask(RP.n(), hugeA, mask.b(), RP.commit(hugeA, mask.b()));
    // A blinding whose t-exponent is too small to hide the witness is as bad.
    CommitmentMask shortBlinding =
        new CommitmentMask(RP.n(), BigInteger.ZERO, RP.n().shiftLeft(ELL + 1), BigInteger.TWO);
    CommitmentMask notBlinding =
        new CommitmentMask(RP.n(), BigInteger.ONE, blinding.b(), blinding.value());
    EncryptionNoise otherKey = honest.encryptionNoise(VERIFIER_PUBLIC);
    BigInteger k = Secp256k1.randomScalar(random);
    BigInteger rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    BigInteger bigK = PROVER_OWN.encrypt(k, rho);
    for (ProofRandomness bad :
        java.util.List.of(
            new FixedSource(noise, oversized, blinding),
            new FixedSource(noise, mask, shortBlinding),
            new FixedSource(noise, mask, notBlinding),
            new FixedSource(otherKey, mask, blinding))) {
      assertThatThrownBy(
              () ->
                  PiEnc.prove(
                      SID,
                      PROVER,
                      VERIFIER,
                      PROVER_OWN,
                      bigK,
                      k,
                      rho,
                      RP,
                      VERIFIER_PUBLIC,
                      LEVEL,
                      bad))
          .isInstanceOf(IllegalStateException.class);
    }
    PiEnc ok =
        PiEnc.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            bigK,
            k,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            new FixedSource(noise, mask, blinding));
    assertThatCode(
            callable(
                () ->
                    ok.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, bigK, RP, VERIFIER_OWN, LEVEL)))
        .doesNotThrowAnyException();
  }
}
