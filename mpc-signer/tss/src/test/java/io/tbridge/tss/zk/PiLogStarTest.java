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
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiLogStarTest {
  private static ECPoint base;
  private static BigInteger x;
  private static BigInteger rho;
  private static BigInteger ciphertext;
  private static ECPoint point;
  private static PiLogStar proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(11);
    // A base other than G, as in round 4 (Δ_i = k_i·Γ).
    base = Secp256k1.mulG(Secp256k1.randomScalar(random));
    x = Secp256k1.randomScalar(random);
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    ciphertext = PROVER_OWN.encrypt(x, rho);
    point = Secp256k1.mul(base, x);
    proof =
        PiLogStar.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            ciphertext,
            base,
            point,
            x,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
  }

  private static void verify(PiLogStar p, BigInteger c, ECPoint g, ECPoint xPoint)
      throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, c, g, xPoint, RP, VERIFIER_OWN, LEVEL);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiLogStar.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(callable(() -> verify(proof, ciphertext, base, point)))
        .doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiLogStar decoded = PiLogStar.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldAcceptAProofOnTheGenerator() {
    var random = TestRandom.seeded(12);
    PiLogStar onG =
        PiLogStar.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            ciphertext,
            Secp256k1.G,
            Secp256k1.mulG(x),
            x,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
    assertThatCode(callable(() -> verify(onG, ciphertext, Secp256k1.G, Secp256k1.mulG(x))))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionOrForAnotherVerifier() {
    assertBlamesProver(
        () ->
            proof.verify(
                OTHER_SID,
                PROVER,
                VERIFIER,
                PROVER_PUBLIC,
                ciphertext,
                base,
                point,
                RP,
                VERIFIER_OWN,
                LEVEL));
    assertBlamesProver(
        () ->
            proof.verify(
                SID,
                PROVER,
                VERIFIER + 1,
                PROVER_PUBLIC,
                ciphertext,
                base,
                point,
                RP,
                VERIFIER_OWN,
                LEVEL));
  }

  @Test
  void shouldRejectAWrongStatement() {
    assertBlamesProver(() -> verify(proof, ciphertext, Secp256k1.G, point));
    assertBlamesProver(() -> verify(proof, ciphertext, base, point.add(base).normalize()));
    assertBlamesProver(
        () -> verify(proof, PROVER_OWN.encrypt(x, PLUS_ONE.apply(rho)), base, point));
  }

  @Test
  void shouldRejectTheIdentityAsPointOrBase() {
    ECPoint infinity = Secp256k1.CURVE.getInfinity();
    assertBlamesProver(() -> verify(proof, ciphertext, base, infinity));
    assertBlamesProver(() -> verify(proof, ciphertext, infinity, point));
    assertThatThrownBy(
            () ->
                new PiLogStar(
                    proof.s(), proof.a(), infinity, proof.d(), proof.z1(), proof.z2(), proof.z3()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectEveryTamperedField() {
    BigInteger n0sq = PROVER_PUBLIC.nSquared();
    List<UnaryOperator<PiLogStar>> tampers =
        List.of(
            p ->
                new PiLogStar(
                    p.s().multiply(RP.t()).mod(RP.n()),
                    p.a(),
                    p.y(),
                    p.d(),
                    p.z1(),
                    p.z2(),
                    p.z3()),
            p ->
                new PiLogStar(
                    p.s(),
                    p.a().multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n0sq),
                    p.y(),
                    p.d(),
                    p.z1(),
                    p.z2(),
                    p.z3()),
            p ->
                new PiLogStar(
                    p.s(), p.a(), p.y().add(base).normalize(), p.d(), p.z1(), p.z2(), p.z3()),
            p ->
                new PiLogStar(
                    p.s(),
                    p.a(),
                    p.y(),
                    p.d().multiply(RP.s()).mod(RP.n()),
                    p.z1(),
                    p.z2(),
                    p.z3()),
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), PLUS_ONE.apply(p.z1()), p.z2(), p.z3()),
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), PLUS_ONE.apply(p.z2()), p.z3()),
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), p.z2(), PLUS_ONE.apply(p.z3())));
    for (UnaryOperator<PiLogStar> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), ciphertext, base, point));
    }
  }

  @Test
  void shouldRejectAPlaintextOutsideTheRange() {
    var random = TestRandom.seeded(13);
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon() + 8);
    BigInteger r = BigInts.randomUnit(PROVER_OWN.n(), random);
    BigInteger c = PROVER_OWN.encrypt(huge, r);
    ECPoint xPoint = Secp256k1.mul(base, huge);
    PiLogStar cheat =
        CheatingMtaProvers.piLogStar(
            SID, PROVER, VERIFIER, PROVER_OWN, c, base, xPoint, huge, r, RP, LEVEL, random);
    ProtocolAbort abort = abortOf(() -> verify(cheat, c, base, xPoint));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("z1 outside");
  }

  @Test
  void shouldRejectIntegersOutsideTheirGroups() {
    PiLogStar p = proof;
    BigInteger n0 = PROVER_PUBLIC.n();
    List<PiLogStar> bad =
        List.of(
            new PiLogStar(RP.n(), p.a(), p.y(), p.d(), p.z1(), p.z2(), p.z3()),
            new PiLogStar(p.s(), n0, p.y(), p.d(), p.z1(), p.z2(), p.z3()),
            new PiLogStar(p.s(), p.a(), p.y(), BigInteger.ZERO, p.z1(), p.z2(), p.z3()),
            new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), n0.add(p.z2()), p.z3()),
            new PiLogStar(
                p.s(),
                p.a(),
                p.y(),
                p.d(),
                BigInteger.ONE
                    .shiftLeft(LEVEL.ell() + LEVEL.epsilon())
                    .negate()
                    .subtract(BigInteger.ONE),
                p.z2(),
                p.z3()));
    for (PiLogStar b : bad) {
      assertBlamesProver(() -> verify(b, ciphertext, base, point));
    }
    assertBlamesProver(() -> verify(proof, n0, base, point));
  }

  @Test
  void shouldRejectAnEncodedIdentityOrOffCurvePoint() {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    byte[] bytes = w.toByteArray();
    // Y follows S and A; find it by re-encoding the prefix.
    ByteWriter prefix = new ByteWriter().bigInt(proof.s()).bigInt(proof.a());
    int at = prefix.toByteArray().length;
    byte[] zeroed = bytes.clone();
    java.util.Arrays.fill(zeroed, at, at + Secp256k1.POINT_BYTES, (byte) 0);
    assertThatThrownBy(() -> PiLogStar.decodeFrom(new ByteReader(zeroed), LEVEL))
        .isInstanceOf(DecodingException.class);
  }
}
