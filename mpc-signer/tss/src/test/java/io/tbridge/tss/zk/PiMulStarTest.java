package io.tbridge.tss.zk;

import static io.tbridge.tss.zk.MtaProofFixture.LEVEL;
import static io.tbridge.tss.zk.MtaProofFixture.OTHER_SID;
import static io.tbridge.tss.zk.MtaProofFixture.PLUS_ONE;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_KEY;
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
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiMulStarTest {
  /** x'_i (the discrete log of X). */
  private static BigInteger x;

  /** k_i (the plaintext of C = K_i). */
  private static BigInteger k;

  private static ECPoint point;
  private static BigInteger c;
  private static BigInteger d;
  private static BigInteger rho;
  private static PiMulStar proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(41);
    x = Secp256k1.randomScalar(random);
    k = Secp256k1.randomScalar(random);
    point = Secp256k1.mulG(x);
    c = PROVER_OWN.encrypt(k, BigInts.randomUnit(PROVER_OWN.n(), random));
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    d = power(c, x, rho);
    proof =
        PiMulStar.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            c,
            d,
            point,
            x,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
  }

  /** C^x·ρ^N mod N², computed without the factors. */
  private static BigInteger power(BigInteger base, BigInteger exp, BigInteger r) {
    return PROVER_PUBLIC
        .powModNSquared(base, exp)
        .multiply(PROVER_PUBLIC.nthPower(r))
        .mod(PROVER_PUBLIC.nSquared());
  }

  private static void verify(PiMulStar p, BigInteger cc, BigInteger dd, ECPoint xp)
      throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, cc, dd, xp, RP, VERIFIER_OWN, LEVEL);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiMulStar.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofWhoseCiphertextDecryptsToTheProduct() {
    assertThat(PROVER_KEY.decrypt(d)).isEqualTo(k.multiply(x));
    assertThatCode(callable(() -> verify(proof, c, d, point))).doesNotThrowAnyException();
    assertThatCode(
            callable(
                () ->
                    proof.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        PROVER_OWN,
                        c,
                        d,
                        point,
                        RP,
                        VERIFIER_PUBLIC,
                        LEVEL)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldSurviveEncoding() throws Exception {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiMulStar decoded = PiMulStar.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionOrForAnotherParty() {
    assertBlamesProver(
        () ->
            proof.verify(
                OTHER_SID, PROVER, VERIFIER, PROVER_PUBLIC, c, d, point, RP, VERIFIER_OWN, LEVEL));
    assertBlamesProver(
        () ->
            proof.verify(
                SID, PROVER, VERIFIER + 1, PROVER_PUBLIC, c, d, point, RP, VERIFIER_OWN, LEVEL));
    ProtocolAbort abort =
        abortOf(
            () ->
                proof.verify(
                    SID,
                    PROVER + 1,
                    VERIFIER,
                    PROVER_PUBLIC,
                    c,
                    d,
                    point,
                    RP,
                    VERIFIER_OWN,
                    LEVEL));
    assertThat(abort.culprit()).hasValue(PROVER + 1);
  }

  @Test
  void shouldRejectAWrongStatement() {
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    BigInteger plusOne = PROVER_PUBLIC.onePlusN(BigInteger.ONE);
    assertBlamesProver(() -> verify(proof, c, d.multiply(plusOne).mod(n2), point));
    assertBlamesProver(() -> verify(proof, c.multiply(plusOne).mod(n2), d, point));
    assertBlamesProver(() -> verify(proof, c, d, point.add(Secp256k1.G).normalize()));
    assertBlamesProver(() -> verify(proof, c, d, Secp256k1.CURVE.getInfinity()));
    assertBlamesProver(
        () ->
            proof.verify(
                SID, PROVER, VERIFIER, VERIFIER_PUBLIC, c, d, point, RP, VERIFIER_OWN, LEVEL));
  }

  @Test
  void shouldRejectAProofWhoseScalarIsNotTheDiscreteLogOfX() {
    // D = C^(x+1)·ρ^N with a proof run on x+1, but X = x·G: the point equation must fail.
    var random = TestRandom.seeded(42);
    BigInteger xPlus = x.add(BigInteger.ONE);
    BigInteger dWrong = power(c, xPlus, rho);
    PiMulStar cheat =
        PiMulStar.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            c,
            dWrong,
            point,
            xPlus,
            rho,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            random);
    ProtocolAbort abort = abortOf(() -> verify(cheat, c, dWrong, point));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("B_x + e·X");
  }

  @Test
  void shouldRejectEveryTamperedField() {
    BigInteger n0 = PROVER_PUBLIC.n();
    BigInteger n0sq = PROVER_PUBLIC.nSquared();
    List<UnaryOperator<PiMulStar>> tampers =
        List.of(
            p ->
                new PiMulStar(
                    p.a().multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n0sq),
                    p.bx(),
                    p.e(),
                    p.s(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiMulStar(
                    p.a(),
                    p.bx().add(Secp256k1.G).normalize(),
                    p.e(),
                    p.s(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiMulStar(
                    p.a(),
                    p.bx(),
                    p.e().multiply(RP.s()).mod(RP.n()),
                    p.s(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiMulStar(
                    p.a(),
                    p.bx(),
                    p.e(),
                    p.s().multiply(RP.t()).mod(RP.n()),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p -> new PiMulStar(p.a(), p.bx(), p.e(), p.s(), PLUS_ONE.apply(p.z1()), p.z2(), p.w()),
            p -> new PiMulStar(p.a(), p.bx(), p.e(), p.s(), p.z1(), PLUS_ONE.apply(p.z2()), p.w()),
            p ->
                new PiMulStar(
                    p.a(),
                    p.bx(),
                    p.e(),
                    p.s(),
                    p.z1(),
                    p.z2(),
                    p.w().multiply(BigInteger.TWO).mod(n0)));
    for (UnaryOperator<PiMulStar> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), c, d, point));
    }
  }

  @Test
  void shouldRejectIntegersOutsideTheirGroupsAndRanges() {
    PiMulStar p = proof;
    BigInteger n0 = PROVER_PUBLIC.n();
    BigInteger z1Bound =
        BigInteger.ONE.shiftLeft(LEVEL.ell() + LEVEL.epsilon()).add(BigInteger.ONE);
    List<PiMulStar> bad =
        List.of(
            new PiMulStar(n0, p.bx(), p.e(), p.s(), p.z1(), p.z2(), p.w()),
            new PiMulStar(p.a(), p.bx(), RP.n(), p.s(), p.z1(), p.z2(), p.w()),
            new PiMulStar(p.a(), p.bx(), p.e(), BigInteger.ZERO, p.z1(), p.z2(), p.w()),
            new PiMulStar(p.a(), p.bx(), p.e(), p.s(), p.z1(), p.z2(), n0.add(p.w())),
            new PiMulStar(p.a(), p.bx(), p.e(), p.s(), z1Bound, p.z2(), p.w()),
            new PiMulStar(p.a(), p.bx(), p.e(), p.s(), z1Bound.negate(), p.z2(), p.w()),
            new PiMulStar(
                p.a(),
                p.bx(),
                p.e(),
                p.s(),
                p.z1(),
                RP.n().shiftLeft(LEVEL.ell() + LEVEL.epsilon() + 1).add(BigInteger.ONE),
                p.w()));
    for (PiMulStar b : bad) {
      assertBlamesProver(() -> verify(b, c, d, point));
    }
    assertBlamesProver(() -> verify(proof, n0, d, point));
    assertBlamesProver(() -> verify(proof, c, BigInteger.ZERO, point));
    assertThatThrownBy(
            () ->
                new PiMulStar(
                    p.a(), Secp256k1.CURVE.getInfinity(), p.e(), p.s(), p.z1(), p.z2(), p.w()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAWitnessOutsideItsRange() {
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ell() + 1);
    assertThatThrownBy(
            () ->
                PiMulStar.prove(
                    SID,
                    PROVER,
                    VERIFIER,
                    PROVER_OWN,
                    c,
                    d,
                    point,
                    huge,
                    rho,
                    RP,
                    VERIFIER_PUBLIC,
                    LEVEL,
                    TestRandom.seeded(43)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decoderShouldOnlyEverFailWithDecodingException() {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    byte[] good = w.toByteArray();
    Random r = new Random(44);
    DecoderFuzz.feedRandomAndMutated(
        bytes -> {
          ByteReader in = new ByteReader(bytes);
          PiMulStar.decodeFrom(in, LEVEL);
          in.end();
        },
        good,
        r,
        400);
    for (int len = 0; len < good.length; len += 7) {
      byte[] truncated = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> PiMulStar.decodeFrom(new ByteReader(truncated), LEVEL))
          .isInstanceOf(DecodingException.class);
    }
  }
}
