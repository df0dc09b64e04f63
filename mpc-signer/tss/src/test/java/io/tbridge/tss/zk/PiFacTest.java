package io.tbridge.tss.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiFacTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final SessionId SID = KeygenFixture.sessionId("pi-fac", 1);
  private static final byte[] CONTEXT = {4, 5, 6};
  private static final int PROVER = 3;
  private static final int VERIFIER = 1;

  private static PaillierSecretKey proverKey;
  private static BigInteger n0;
  private static RingPedersenParams verifierParams;
  private static RingPedersenParams otherParams;
  private static PiFac proof;

  @BeforeAll
  static void proveOnce() {
    proverKey = SafePrimeFixtures.paillierKey(LEVEL, 0);
    n0 = proverKey.publicKey().n();
    verifierParams =
        RingPedersenSetup.generate(SafePrimeFixtures.paillierKey(LEVEL, 1), TestRandom.seeded(1))
            .params();
    otherParams =
        RingPedersenSetup.generate(SafePrimeFixtures.paillierKey(LEVEL, 2), TestRandom.seeded(2))
            .params();
    proof = prove(proverKey.p(), proverKey.q(), n0);
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(() -> verify(proof, n0)).doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    assertThat(PiFac.decodeFrom(r, LEVEL)).isEqualTo(proof);
    r.end();
  }

  @Test
  void crtVerificationByTheOwnerOfTheParametersShouldAgreeWithPlainVerification() {
    PaillierMath own = PaillierMath.of(SafePrimeFixtures.paillierKey(LEVEL, 1));
    for (int seed = 0; seed < 4; seed++) { // challenges of both signs
      PiFac honest =
          PiFac.prove(
              SID,
              PROVER,
              VERIFIER,
              CONTEXT,
              n0,
              proverKey.p(),
              proverKey.q(),
              verifierParams,
              LEVEL,
              TestRandom.seeded(100 + seed));
      assertThatCode(
              () -> honest.verify(SID, PROVER, VERIFIER, CONTEXT, n0, verifierParams, own, LEVEL))
          .doesNotThrowAnyException();
      PiFac bad = with(honest, 10, honest.v().add(BigInteger.ONE));
      assertRejected(
          () -> bad.verify(SID, PROVER, VERIFIER, CONTEXT, n0, verifierParams, own, LEVEL), PROVER);
    }
    PaillierMath other = PaillierMath.of(SafePrimeFixtures.paillierKey(LEVEL, 2));
    assertThatThrownBy(
            () -> proof.verify(SID, PROVER, VERIFIER, CONTEXT, n0, verifierParams, other, LEVEL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectAProofMadeForAnotherVerifierSessionOrContext() {
    assertRejected(() -> proof.verify(SID, PROVER, 2, CONTEXT, n0, verifierParams, LEVEL), PROVER);
    assertRejected(
        () -> proof.verify(SID, PROVER, VERIFIER, CONTEXT, n0, otherParams, LEVEL), PROVER);
    assertRejected(
        () ->
            proof.verify(
                KeygenFixture.sessionId("pi-fac", 2),
                PROVER,
                VERIFIER,
                CONTEXT,
                n0,
                verifierParams,
                LEVEL),
        PROVER);
    assertRejected(() -> proof.verify(SID, 2, VERIFIER, CONTEXT, n0, verifierParams, LEVEL), 2);
    assertRejected(
        () -> proof.verify(SID, PROVER, VERIFIER, new byte[0], n0, verifierParams, LEVEL), PROVER);
  }

  @Test
  void bitForgeShouldRejectAModulusWithATinyFactor() {
    // N₀ = s·B with a 16-bit prime s: the BitForge attacker's modulus, "proved" with p = s. Π-fac
    // never looks at B's primality (Π-mod does), so B is just a random odd cofactor here.
    Random r = new Random(21);
    BigInteger small = BigInteger.probablePrime(16, r);
    BigInteger n;
    BigInteger big;
    do {
      big = new BigInteger(LEVEL.paillierBits() - 16 + 1, r).setBit(0);
      n = small.multiply(big);
    } while (n.bitLength() != LEVEL.paillierBits());
    BigInteger modulus = n;
    PiFac forged = prove(small, big, n);
    assertThatThrownBy(() -> verify(forged, modulus))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, PROVER))
        .hasMessageContaining("too small");
    PiFac swapped = prove(big, small, n);
    assertThatThrownBy(() -> verify(swapped, modulus)).hasMessageContaining("too small");
  }

  @Test
  void bitForgeShouldRejectAFactorJustBelowTheBound() {
    // A 200-bit factor is far above "tiny" but still below √N₀ / 2^(ℓ+ε) = 2^(1024-768).
    Random r = new Random(22);
    BigInteger small = BigInteger.probablePrime(200, r);
    BigInteger n;
    BigInteger big;
    do {
      big = new BigInteger(LEVEL.paillierBits() - 200 + 1, r).setBit(0);
      n = small.multiply(big);
    } while (n.bitLength() != LEVEL.paillierBits());
    BigInteger modulus = n;
    PiFac forged = prove(small, big, n);
    assertThatThrownBy(() -> verify(forged, modulus)).hasMessageContaining("too small");
  }

  @Test
  void shouldRejectTamperedResponses() {
    BigInteger one = BigInteger.ONE;
    assertRejected(() -> verify(with(proof, 6, proof.z1().add(one)), n0), PROVER);
    assertRejected(() -> verify(with(proof, 7, proof.z2().subtract(one)), n0), PROVER);
    assertRejected(() -> verify(with(proof, 8, proof.w1().add(one)), n0), PROVER);
    assertRejected(() -> verify(with(proof, 9, proof.w2().add(one)), n0), PROVER);
    assertRejected(() -> verify(with(proof, 10, proof.v().add(one)), n0), PROVER);
    assertRejected(() -> verify(with(proof, 5, proof.sigma().add(one)), n0), PROVER);
    assertRejected(
        () ->
            verify(
                with(proof, 0, proof.commitP().multiply(BigInteger.TWO).mod(verifierParams.n())),
                n0),
        PROVER);
  }

  @Test
  void shouldRejectCommitmentsThatAreNotUnitsAndOutOfRangeIntegers() {
    assertThatThrownBy(() -> verify(with(proof, 4, BigInteger.ZERO), n0))
        .hasMessageContaining("unit");
    assertThatThrownBy(() -> verify(with(proof, 1, verifierParams.n()), n0))
        .hasMessageContaining("unit");
    BigInteger sigmaTooBig =
        n0.multiply(verifierParams.n()).shiftLeft(LEVEL.ell()).add(BigInteger.ONE);
    assertThatThrownBy(() -> verify(with(proof, 5, sigmaTooBig), n0)).hasMessageContaining("σ");
    BigInteger zTooBig = n0.sqrt().add(BigInteger.TWO).shiftLeft(LEVEL.ell() + LEVEL.epsilon());
    assertThatThrownBy(() -> verify(with(proof, 6, zTooBig), n0)).hasMessageContaining("range");
    assertThatThrownBy(() -> verify(with(proof, 7, zTooBig.negate()), n0))
        .hasMessageContaining("range");
  }

  @Test
  void shouldRejectAModulusOfTheWrongSize() {
    BigInteger big = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0).publicKey().n();
    assertRejected(() -> verify(proof, big), PROVER);
  }

  @Test
  void decoderShouldRejectOversizedIntegersAndTruncation() {
    ByteWriter w = new ByteWriter();
    with(proof, 6, BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon() + 1040)).encodeTo(w);
    assertThatThrownBy(() -> PiFac.decodeFrom(new ByteReader(w.toByteArray()), LEVEL))
        .isInstanceOf(DecodingException.class);
    ByteWriter ok = new ByteWriter();
    proof.encodeTo(ok);
    byte[] bytes = ok.toByteArray();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> PiFac.decodeFrom(new ByteReader(cut), LEVEL))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void proverShouldRefuseAFactorisationThatDoesNotMatch() {
    assertThatThrownBy(() -> prove(proverKey.p(), proverKey.p(), n0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static PiFac prove(BigInteger p, BigInteger q, BigInteger n) {
    return PiFac.prove(
        SID, PROVER, VERIFIER, CONTEXT, n, p, q, verifierParams, LEVEL, TestRandom.seeded(9));
  }

  private static void verify(PiFac f, BigInteger n) throws ProtocolAbort {
    f.verify(SID, PROVER, VERIFIER, CONTEXT, n, verifierParams, LEVEL);
  }

  /** The proof with field {@code index} (declaration order) replaced. */
  private static PiFac with(PiFac f, int index, BigInteger value) {
    BigInteger[] v = {
      f.commitP(),
      f.commitQ(),
      f.a(),
      f.b(),
      f.t(),
      f.sigma(),
      f.z1(),
      f.z2(),
      f.w1(),
      f.w2(),
      f.v()
    };
    v[index] = value;
    return new PiFac(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
  }

  private static void assertRejected(ThrowingCallable call, int culprit) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, culprit));
  }

  private static void assertBlames(ProtocolAbort a, int culprit) {
    assertThat(a.culprit()).hasValue(culprit);
    assertThat(a.check()).isEqualTo(PiFac.CHECK);
  }
}
