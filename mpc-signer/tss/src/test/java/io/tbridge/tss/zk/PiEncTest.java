package io.tbridge.tss.zk;

import static io.tbridge.tss.zk.MtaProofFixture.LEVEL;
import static io.tbridge.tss.zk.MtaProofFixture.OTHER_SID;
import static io.tbridge.tss.zk.MtaProofFixture.PLUS_ONE;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.RP;
import static io.tbridge.tss.zk.MtaProofFixture.SID;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.abortOf;
import static io.tbridge.tss.zk.MtaProofFixture.callable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiEncTest {
  private static BigInteger k;
  private static BigInteger rho;
  private static BigInteger ciphertext;
  private static PiEnc proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(1);
    k = Secp256k1.randomScalar(random);
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    ciphertext = PROVER_OWN.encrypt(k, rho);
    proof =
        PiEnc.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            ciphertext,
            k,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
  }

  private static void verify(PiEnc p, BigInteger c) throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, c, RP, VERIFIER_OWN, LEVEL);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiEnc.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(callable(() -> verify(proof, ciphertext))).doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiEnc decoded = PiEnc.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
    assertThatCode(callable(() -> verify(decoded, ciphertext))).doesNotThrowAnyException();
  }

  @Test
  void shouldGiveTheSameResultWithAndWithoutTheVerifiersFactors() {
    // CRT is an optimisation only: a verifier without the factors accepts the same proof.
    PaillierMath publicRp = PaillierMath.ofModulus(RP.n());
    assertThatCode(
            callable(
                () ->
                    proof.verify(
                        SID, PROVER, VERIFIER, PROVER_PUBLIC, ciphertext, RP, publicRp, LEVEL)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionForAnotherVerifierOrFromAnotherProver() {
    assertBlamesProver(
        () ->
            proof.verify(
                OTHER_SID, PROVER, VERIFIER, PROVER_PUBLIC, ciphertext, RP, VERIFIER_OWN, LEVEL));
    assertBlamesProver(
        () ->
            proof.verify(
                SID, PROVER, VERIFIER + 1, PROVER_PUBLIC, ciphertext, RP, VERIFIER_OWN, LEVEL));
    ProtocolAbort other =
        abortOf(
            () ->
                proof.verify(
                    SID, PROVER + 1, VERIFIER, PROVER_PUBLIC, ciphertext, RP, VERIFIER_OWN, LEVEL));
    assertThat(other.culprit()).hasValue(PROVER + 1);
  }

  @Test
  void shouldRejectEveryTamperedField() {
    List<UnaryOperator<PiEnc>> tampers =
        List.of(
            p ->
                new PiEnc(p.s().multiply(RP.t()).mod(RP.n()), p.a(), p.c(), p.z1(), p.z2(), p.z3()),
            p ->
                new PiEnc(
                    p.s(),
                    p.a()
                        .multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE))
                        .mod(PROVER_PUBLIC.nSquared()),
                    p.c(),
                    p.z1(),
                    p.z2(),
                    p.z3()),
            p ->
                new PiEnc(p.s(), p.a(), p.c().multiply(RP.s()).mod(RP.n()), p.z1(), p.z2(), p.z3()),
            p -> new PiEnc(p.s(), p.a(), p.c(), PLUS_ONE.apply(p.z1()), p.z2(), p.z3()),
            p -> new PiEnc(p.s(), p.a(), p.c(), p.z1(), PLUS_ONE.apply(p.z2()), p.z3()),
            p -> new PiEnc(p.s(), p.a(), p.c(), p.z1(), p.z2(), PLUS_ONE.apply(p.z3())));
    for (UnaryOperator<PiEnc> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), ciphertext));
    }
  }

  @Test
  void shouldRejectAProofForAnotherCiphertext() {
    BigInteger other = PROVER_OWN.encrypt(k.add(BigInteger.ONE), rho);
    assertBlamesProver(() -> verify(proof, other));
  }

  @Test
  void shouldRejectAPlaintextOutsideTheRangeEvenWithAnOtherwiseHonestProof() {
    var random = TestRandom.seeded(5);
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon() + 8);
    BigInteger r = BigInts.randomUnit(PROVER_OWN.n(), random);
    BigInteger c = PROVER_OWN.encrypt(huge, r);
    PiEnc cheat =
        CheatingMtaProvers.piEnc(SID, PROVER, VERIFIER, PROVER_OWN, c, huge, r, RP, LEVEL, random);
    ProtocolAbort abort = abortOf(() -> verify(cheat, c));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("z1 outside");
  }

  @Test
  void shouldRefuseToProveAWitnessOutsideTheRange() {
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ell() + 1);
    assertThatThrownBy(
            () ->
                PiEnc.prove(
                    SID,
                    PROVER,
                    VERIFIER,
                    PROVER_OWN,
                    ciphertext,
                    huge,
                    rho,
                    RP,
                    VERIFIER_PUBLIC,
                    LEVEL,
                    TestRandom.seeded(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectIntegersOutsideTheirGroups() {
    BigInteger n0 = PROVER_PUBLIC.n();
    BigInteger n0sq = PROVER_PUBLIC.nSquared();
    // Statement not a ciphertext: zero, N0² itself, a multiple of N0 (not a unit).
    for (BigInteger badK : List.of(BigInteger.ZERO, n0sq, n0)) {
      assertBlamesProver(() -> verify(proof, badK));
    }
    PiEnc p = proof;
    List<PiEnc> bad =
        List.of(
            new PiEnc(BigInteger.ZERO, p.a(), p.c(), p.z1(), p.z2(), p.z3()),
            new PiEnc(p.s(), n0sq.add(p.a()), p.c(), p.z1(), p.z2(), p.z3()),
            new PiEnc(p.s(), p.a(), RP.n(), p.z1(), p.z2(), p.z3()),
            new PiEnc(p.s(), p.a(), p.c(), p.z1(), n0, p.z3()),
            new PiEnc(p.s(), p.a(), p.c(), p.z1(), BigInteger.ZERO, p.z3()),
            new PiEnc(
                p.s(),
                p.a(),
                p.c(),
                BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon()).add(BigInteger.ONE),
                p.z2(),
                p.z3()),
            new PiEnc(
                p.s(),
                p.a(),
                p.c(),
                p.z1(),
                p.z2(),
                RP.n().shiftLeft(LEVEL.ell() + LEVEL.epsilon() + 2)));
    for (PiEnc b : bad) {
      assertBlamesProver(() -> verify(b, ciphertext));
    }
  }

  @Test
  void shouldRejectOversizedOrTruncatedEncodings() {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    byte[] bytes = w.toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> PiEnc.decodeFrom(new ByteReader(truncated), LEVEL))
        .isInstanceOf(DecodingException.class);
    ByteWriter big = new ByteWriter().bigInt(BigInteger.ONE.shiftLeft(LEVEL.paillierBits() + 1));
    assertThatThrownBy(() -> PiEnc.decodeFrom(new ByteReader(big.toByteArray()), LEVEL))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldNotPrintItsValuesInToString() {
    assertThat(proof.toString()).doesNotContain(proof.z1().toString()).doesNotContain(k.toString());
  }
}
