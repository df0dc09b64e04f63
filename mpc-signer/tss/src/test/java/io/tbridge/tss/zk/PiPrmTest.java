package io.tbridge.tss.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiPrmTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final SessionId SID = KeygenFixture.sessionId("pi-prm", 1);
  private static final byte[] CONTEXT = {7};
  private static final int PROVER = 4;

  private static PaillierSecretKey key;
  private static RingPedersenSetup setup;
  private static PiPrm proof;

  @BeforeAll
  static void proveOnce() {
    key = SafePrimeFixtures.paillierKey(LEVEL, 3);
    setup = RingPedersenSetup.generate(key, TestRandom.seeded(1));
    proof =
        PiPrm.prove(
            SID, PROVER, CONTEXT, setup.params(), setup.lambda(), key, LEVEL, TestRandom.seeded(2));
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(() -> verify(proof, setup.params())).doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    assertThat(PiPrm.decodeFrom(r, LEVEL)).isEqualTo(proof);
    r.end();
  }

  @Test
  void setupShouldProduceSquaresWithSEqualToTToTheLambda() {
    RingPedersenParams p = setup.params();
    assertThat(p.t().modPow(setup.lambda(), p.n())).isEqualTo(p.s());
    assertThat(setup.toString()).doesNotContain(setup.lambda().toString());
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionByAnotherPartyOrContext() {
    assertRejected(
        () ->
            proof.verify(
                KeygenFixture.sessionId("pi-prm", 2), PROVER, CONTEXT, setup.params(), LEVEL),
        PROVER);
    assertRejected(() -> proof.verify(SID, 1, CONTEXT, setup.params(), LEVEL), 1);
    assertRejected(() -> proof.verify(SID, PROVER, new byte[] {8}, setup.params(), LEVEL), PROVER);
  }

  @Test
  void shouldRejectParametersWhoseDiscreteLogTheProverDoesNotKnow() {
    // s is a fresh square, not a known power of t; the best a prover can do is guess each
    // challenge bit in advance and prepare A_i for that guess.
    RingPedersenParams p = setup.params();
    SecureRandom random = TestRandom.seeded(3);
    BigInteger r = BigInts.randomUnit(p.n(), random);
    RingPedersenParams unknownLog = new RingPedersenParams(p.n(), r.multiply(r).mod(p.n()), p.t());
    List<BigInteger> commitments = new ArrayList<>();
    List<BigInteger> responses = new ArrayList<>();
    for (int i = 0; i < LEVEL.m(); i++) {
      // Any exponent in [0, N) is a valid-looking response; a short one keeps the test fast.
      BigInteger a = new BigInteger(512, random);
      BigInteger ta = p.t().modPow(a, p.n());
      commitments.add(
          random.nextBoolean() ? ta : ta.multiply(unknownLog.s().modInverse(p.n())).mod(p.n()));
      responses.add(a);
    }
    PiPrm forged = new PiPrm(commitments, responses);
    assertRejected(() -> verify(forged, unknownLog), PROVER);
  }

  @Test
  void shouldRejectTamperedOrOutOfRangeValues() {
    List<BigInteger> z = new ArrayList<>(proof.responses());
    z.set(3, z.get(3).add(BigInteger.ONE));
    assertRejected(() -> verify(new PiPrm(proof.commitments(), z), setup.params()), PROVER);
    List<BigInteger> a = new ArrayList<>(proof.commitments());
    a.set(0, BigInteger.ZERO);
    assertThatThrownBy(() -> verify(new PiPrm(a, proof.responses()), setup.params()))
        .hasMessageContaining("unit");
    List<BigInteger> negative = new ArrayList<>(proof.responses());
    negative.set(1, negative.get(1).subtract(setup.params().n()));
    assertThatThrownBy(() -> verify(new PiPrm(proof.commitments(), negative), setup.params()))
        .hasMessageContaining("out of range");
  }

  @Test
  void shouldRejectWrongVectorLengths() {
    List<BigInteger> shortA = proof.commitments().subList(0, LEVEL.m() - 1);
    assertRejected(() -> verify(new PiPrm(shortA, proof.responses()), setup.params()), PROVER);
    List<BigInteger> shortZ = proof.responses().subList(0, LEVEL.m() - 1);
    assertRejected(() -> verify(new PiPrm(proof.commitments(), shortZ), setup.params()), PROVER);
    ByteWriter w = new ByteWriter();
    new PiPrm(shortA, shortZ).encodeTo(w);
    assertThatThrownBy(() -> PiPrm.decodeFrom(new ByteReader(w.toByteArray()), LEVEL))
        .isInstanceOf(DecodingException.class);
  }

  private static void verify(PiPrm p, RingPedersenParams params) throws ProtocolAbort {
    p.verify(SID, PROVER, CONTEXT, params, LEVEL);
  }

  private static void assertRejected(ThrowingCallable call, int culprit) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProtocolAbort.class,
            a -> {
              assertThat(a.culprit()).hasValue(culprit);
              assertThat(a.check()).isEqualTo(PiPrm.CHECK);
            });
  }
}
