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
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_KEY;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.VERIFIER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.abortOf;
import static io.tbridge.tss.zk.MtaProofFixture.callable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiAffGTest {
  /** The verifier's ciphertext C = Enc_N0(k) (its K in presigning). */
  private static BigInteger c;

  private static BigInteger k;
  private static BigInteger x;
  private static BigInteger y;
  private static BigInteger d;
  private static BigInteger f;
  private static ECPoint xPoint;
  private static PiAffG proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(21);
    k = Secp256k1.randomScalar(random);
    c = VERIFIER_OWN.encrypt(k, BigInts.randomUnit(VERIFIER_OWN.n(), random));
    x = Secp256k1.randomScalar(random);
    y = BigInts.randomSigned(LEVEL.ellPrime(), random);
    BigInteger rho = BigInts.randomUnit(VERIFIER_OWN.n(), random);
    BigInteger rhoY = BigInts.randomUnit(PROVER_OWN.n(), random);
    d =
        VERIFIER_PUBLIC
            .powModNSquared(c, x)
            .multiply(VERIFIER_PUBLIC.encrypt(y, rho))
            .mod(VERIFIER_PUBLIC.nSquared());
    f = PROVER_OWN.encrypt(y, rhoY);
    xPoint = Secp256k1.mulG(x);
    proof =
        PiAffG.prove(
            SID,
            PROVER,
            VERIFIER,
            new PiAffG.Statement(VERIFIER_PUBLIC, PROVER_OWN, c, d, f, xPoint),
            new PiAffG.Witness(x, y, rho, rhoY),
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
  }

  private static PiAffG.Statement statement(BigInteger dd, BigInteger ff, ECPoint xx) {
    return new PiAffG.Statement(VERIFIER_OWN, PROVER_PUBLIC, c, dd, ff, xx);
  }

  private static void verify(PiAffG p, PiAffG.Statement st) throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, st, RP, VERIFIER_OWN, LEVEL);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiAffG.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(callable(() -> verify(proof, statement(d, f, xPoint))))
        .doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiAffG decoded = PiAffG.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldLetTheVerifierDecryptExactlyXTimesItsPlaintextPlusY() {
    BigInteger alpha = VERIFIER_KEY.decryptSigned(d);
    assertThat(alpha).isEqualTo(x.multiply(k).add(y));
  }

  @Test
  void shouldAcceptWithoutTheVerifiersFactors() {
    PiAffG.Statement publicStatement =
        new PiAffG.Statement(VERIFIER_PUBLIC, PROVER_PUBLIC, c, d, f, xPoint);
    assertThatCode(
            callable(
                () ->
                    proof.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        publicStatement,
                        RP,
                        io.tbridge.tss.paillier.PaillierMath.ofModulus(RP.n()),
                        LEVEL)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionOrForAnotherVerifier() {
    assertBlamesProver(
        () ->
            proof.verify(
                OTHER_SID, PROVER, VERIFIER, statement(d, f, xPoint), RP, VERIFIER_OWN, LEVEL));
    assertBlamesProver(
        () ->
            proof.verify(
                SID, PROVER, VERIFIER + 1, statement(d, f, xPoint), RP, VERIFIER_OWN, LEVEL));
  }

  @Test
  void shouldRejectAMtaWhoseCiphertextsDoNotMatchTheProof() {
    BigInteger n0sq = VERIFIER_PUBLIC.nSquared();
    // D encrypting x·k + y + 1, F encrypting y + 1, or X for another x.
    assertBlamesProver(
        () ->
            verify(
                proof,
                statement(
                    d.multiply(VERIFIER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n0sq), f, xPoint)));
    assertBlamesProver(
        () ->
            verify(
                proof,
                statement(
                    d,
                    f.multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE))
                        .mod(PROVER_PUBLIC.nSquared()),
                    xPoint)));
    assertBlamesProver(() -> verify(proof, statement(d, f, xPoint.add(Secp256k1.G).normalize())));
    assertBlamesProver(() -> verify(proof, statement(d, f, Secp256k1.CURVE.getInfinity())));
  }

  @Test
  void shouldRejectEveryTamperedField() {
    List<UnaryOperator<PiAffG>> tampers = new ArrayList<>();
    BigInteger n0sq = VERIFIER_PUBLIC.nSquared();
    BigInteger n1sq = PROVER_PUBLIC.nSquared();
    BigInteger nHat = RP.n();
    tampers.add(
        p -> copy(p, 0, p.a().multiply(VERIFIER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n0sq)));
    tampers.add(
        p ->
            new PiAffG(
                p.a(),
                p.bx().add(Secp256k1.G).normalize(),
                p.by(),
                p.e(),
                p.s(),
                p.f(),
                p.t(),
                p.z1(),
                p.z2(),
                p.z3(),
                p.z4(),
                p.w(),
                p.wy()));
    tampers.add(p -> copy(p, 2, p.by().multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n1sq)));
    for (int field = 3; field <= 6; field++) {
      int idx = field;
      tampers.add(p -> copy(p, idx, get(p, idx).multiply(RP.s()).mod(nHat)));
    }
    for (int field = 7; field <= 12; field++) {
      int idx = field;
      tampers.add(p -> copy(p, idx, PLUS_ONE.apply(get(p, idx))));
    }
    assertThat(tampers).hasSize(13);
    for (UnaryOperator<PiAffG> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), statement(d, f, xPoint)));
    }
  }

  @Test
  void shouldRejectResponsesOutsideTheirBounds() {
    BigInteger tooBigZ1 =
        BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon()).add(BigInteger.ONE);
    BigInteger tooBigZ2 =
        BigInteger.ONE.shiftLeft(LEVEL.ellPrime() + LEVEL.epsilon()).add(BigInteger.ONE);
    ProtocolAbort z1 = abortOf(() -> verify(copy(proof, 7, tooBigZ1), statement(d, f, xPoint)));
    assertThat(z1.getMessage()).contains("z1 outside");
    ProtocolAbort z2 =
        abortOf(() -> verify(copy(proof, 8, tooBigZ2.negate()), statement(d, f, xPoint)));
    assertThat(z2.getMessage()).contains("z2 outside");
    ProtocolAbort w =
        abortOf(() -> verify(copy(proof, 11, BigInteger.ZERO), statement(d, f, xPoint)));
    assertThat(w.culprit()).hasValue(PROVER);
    ProtocolAbort e = abortOf(() -> verify(copy(proof, 3, RP.n()), statement(d, f, xPoint)));
    assertThat(e.culprit()).hasValue(PROVER);
  }

  @Test
  void shouldRefuseToProveAWitnessOutsideTheRange() {
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ellPrime() + 1);
    assertThatThrownBy(
            () ->
                PiAffG.prove(
                    SID,
                    PROVER,
                    VERIFIER,
                    new PiAffG.Statement(VERIFIER_PUBLIC, PROVER_OWN, c, d, f, xPoint),
                    new PiAffG.Witness(x, huge, BigInteger.ONE, BigInteger.ONE),
                    RP,
                    VERIFIER_PUBLIC,
                    LEVEL,
                    TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new PiAffG.Witness(x, y, BigInteger.TWO, BigInteger.TWO).toString())
        .doesNotContain(x.toString());
  }

  private static BigInteger get(PiAffG p, int i) {
    return switch (i) {
      case 0 -> p.a();
      case 2 -> p.by();
      case 3 -> p.e();
      case 4 -> p.s();
      case 5 -> p.f();
      case 6 -> p.t();
      case 7 -> p.z1();
      case 8 -> p.z2();
      case 9 -> p.z3();
      case 10 -> p.z4();
      case 11 -> p.w();
      case 12 -> p.wy();
      default -> throw new IllegalArgumentException("field " + i);
    };
  }

  private static PiAffG copy(PiAffG p, int i, BigInteger v) {
    BigInteger[] f = new BigInteger[13];
    for (int j = 0; j < 13; j++) {
      f[j] = j == 1 ? null : get(p, j);
    }
    f[i] = v;
    return new PiAffG(
        f[0], p.bx(), f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]);
  }
}
