package io.tbridge.tss.zk;

import static io.tbridge.tss.zk.MtaProofFixture.LEVEL;
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
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wide Π-log* (public plaintext bound yBits above ℓ), as presigning's identification uses. */
class PiLogStarWideTest {
  /** The widest bound the TEST level (2048-bit N) admits. */
  private static final int Y_BITS = PiLogStar.maxPlaintextBits(LEVEL);

  private static ECPoint base;
  private static BigInteger y;
  private static BigInteger rho;
  private static BigInteger ciphertext;
  private static ECPoint point;
  private static PiLogStar proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(41);
    base = Secp256k1.mulG(Secp256k1.randomScalar(random));
    // Negative and far above q, as a sum of MtA outputs can be; X is its residue times g.
    y = BigInts.randomSigned(Y_BITS - 1, random).negate();
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    ciphertext = PROVER_OWN.encrypt(y, rho);
    point = Secp256k1.mul(base, y);
    proof = prove(ciphertext, point, Y_BITS, y, rho, random);
  }

  private static PiLogStar prove(
      BigInteger c, ECPoint xPoint, int bits, BigInteger witness, BigInteger r, SecureRandom rnd) {
    return PiLogStar.prove(
        SID,
        PROVER,
        VERIFIER,
        PROVER_OWN,
        c,
        base,
        xPoint,
        witness,
        r,
        RP,
        VERIFIER_PUBLIC,
        LEVEL,
        rnd,
        bits);
  }

  private static void verify(PiLogStar p, BigInteger c, ECPoint xPoint, int bits)
      throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, c, base, xPoint, RP, VERIFIER_OWN, LEVEL, bits);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiLogStar.CHECK);
  }

  private static byte[] encode(PiLogStar p) {
    ByteWriter w = new ByteWriter();
    p.encodeTo(w);
    return w.toByteArray();
  }

  @Test
  void shouldAcceptAnHonestWideProofWithAndWithoutTheVerifiersFactors() {
    assertThat(y.bitLength()).isGreaterThan(LEVEL.ell() + LEVEL.epsilon());
    assertThatCode(callable(() -> verify(proof, ciphertext, point, Y_BITS)))
        .doesNotThrowAnyException();
    assertThatCode(
            callable(
                () ->
                    proof.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        PROVER_PUBLIC,
                        ciphertext,
                        base,
                        point,
                        RP,
                        VERIFIER_PUBLIC,
                        LEVEL,
                        Y_BITS)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldSurviveEncodingWithTheWideDecoderOnly() throws Exception {
    ByteReader r = new ByteReader(encode(proof));
    PiLogStar decoded = PiLogStar.decodeFrom(r, LEVEL, Y_BITS);
    r.end();
    assertThat(decoded).isEqualTo(proof);
    // The narrow decoder bounds z1 by ℓ+ε+1 bits; an honest wide z1 is far larger.
    assertThatThrownBy(() -> PiLogStar.decodeFrom(new ByteReader(encode(proof)), LEVEL))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldBehaveExactlyAsTheNarrowProofWhenTheBoundIsEll() throws Exception {
    BigInteger x = Secp256k1.randomScalar(TestRandom.seeded(42));
    BigInteger r = BigInts.randomUnit(PROVER_OWN.n(), TestRandom.seeded(43));
    BigInteger c = PROVER_OWN.encrypt(x, r);
    ECPoint xPoint = Secp256k1.mul(base, x);
    PiLogStar viaWide = prove(c, xPoint, LEVEL.ell(), x, r, TestRandom.seeded(44));
    PiLogStar viaNarrow =
        PiLogStar.prove(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            c,
            base,
            xPoint,
            x,
            r,
            RP,
            VERIFIER_PUBLIC,
            LEVEL,
            TestRandom.seeded(44));
    assertThat(viaWide).isEqualTo(viaNarrow);
    // A proof from the prover that predates the wide variant (same masks, no yBits absorbed).
    PiLogStar legacy =
        CheatingMtaProvers.piLogStar(
            SID,
            PROVER,
            VERIFIER,
            PROVER_OWN,
            c,
            base,
            xPoint,
            x,
            r,
            RP,
            LEVEL,
            TestRandom.seeded(45));
    assertThatCode(
            callable(
                () ->
                    legacy.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        PROVER_PUBLIC,
                        c,
                        base,
                        xPoint,
                        RP,
                        VERIFIER_OWN,
                        LEVEL)))
        .doesNotThrowAnyException();
    assertThatCode(callable(() -> verify(legacy, c, xPoint, LEVEL.ell())))
        .doesNotThrowAnyException();
    ByteReader in = new ByteReader(encode(viaWide));
    assertThat(PiLogStar.decodeFrom(in, LEVEL, LEVEL.ell())).isEqualTo(viaWide);
    in.end();
  }

  @Test
  void shouldRejectTheProofUnderAnyOtherBound() {
    // Bound into the transcript: a wider or narrower claimed bound changes the challenge.
    assertBlamesProver(() -> verify(proof, ciphertext, point, Y_BITS - 1));
    assertBlamesProver(() -> verify(proof, ciphertext, point, Y_BITS - 300));
    assertBlamesProver(() -> verify(proof, ciphertext, point, LEVEL.ell()));
    PiLogStar narrower = prove(ciphertext, point, Y_BITS - 1, y, rho, TestRandom.seeded(46));
    assertThatCode(callable(() -> verify(narrower, ciphertext, point, Y_BITS - 1)))
        .doesNotThrowAnyException();
    ProtocolAbort wider = abortOf(() -> verify(narrower, ciphertext, point, Y_BITS));
    assertThat(wider.culprit()).hasValue(PROVER);
    assertThat(wider.getMessage()).contains("≠");
  }

  @Test
  void shouldRejectAWrongStatement() {
    assertBlamesProver(() -> verify(proof, ciphertext, point.add(base).normalize(), Y_BITS));
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    BigInteger other = ciphertext.multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n2);
    assertBlamesProver(() -> verify(proof, other, point, Y_BITS));
    // X = (y + q)·g is the same point, but C does not encrypt y + q.
    BigInteger shifted = y.add(Secp256k1.Q);
    PiLogStar cheat = prove(ciphertext, point, Y_BITS, shifted, rho, TestRandom.seeded(47));
    ProtocolAbort abort = abortOf(() -> verify(cheat, ciphertext, point, Y_BITS));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("A·C^e");
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
            // z1 + q keeps z1·g but breaks the Paillier and ring-Pedersen equations.
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1().add(Secp256k1.Q), p.z2(), p.z3()),
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), PLUS_ONE.apply(p.z2()), p.z3()),
            p -> new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), p.z2(), PLUS_ONE.apply(p.z3())));
    for (UnaryOperator<PiLogStar> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), ciphertext, point, Y_BITS));
    }
  }

  @Test
  void shouldRejectResponsesJustOutsideTheirRangesNamingTheProver() {
    PiLogStar p = proof;
    BigInteger z1Bound = BigInteger.ONE.shiftLeft(Y_BITS + LEVEL.epsilon());
    BigInteger z3Bound = RP.n().shiftLeft(Y_BITS + LEVEL.epsilon() + 1);
    for (BigInteger z1 :
        List.of(z1Bound.add(BigInteger.ONE), z1Bound.negate().subtract(BigInteger.ONE))) {
      ProtocolAbort abort =
          abortOf(
              () ->
                  verify(
                      new PiLogStar(p.s(), p.a(), p.y(), p.d(), z1, p.z2(), p.z3()),
                      ciphertext,
                      point,
                      Y_BITS));
      assertThat(abort.culprit()).hasValue(PROVER);
      assertThat(abort.check()).isEqualTo(PiLogStar.CHECK);
      assertThat(abort.getMessage()).contains("z1 outside ±2^(yBits+ε)");
    }
    ProtocolAbort z3 =
        abortOf(
            () ->
                verify(
                    new PiLogStar(
                        p.s(), p.a(), p.y(), p.d(), p.z1(), p.z2(), z3Bound.add(BigInteger.ONE)),
                    ciphertext,
                    point,
                    Y_BITS));
    assertThat(z3.culprit()).hasValue(PROVER);
    assertThat(z3.getMessage()).contains("z3 outside");
    // Non-units are rejected as for the narrow proof.
    BigInteger n0 = PROVER_PUBLIC.n();
    assertBlamesProver(
        () ->
            verify(
                new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), n0.add(p.z2()), p.z3()),
                ciphertext,
                point,
                Y_BITS));
    assertBlamesProver(
        () ->
            verify(
                new PiLogStar(RP.n(), p.a(), p.y(), p.d(), p.z1(), p.z2(), p.z3()),
                ciphertext,
                point,
                Y_BITS));
  }

  @Test
  void shouldRejectAPlaintextAboveTheBoundFromACheatingProver() {
    var random = TestRandom.seeded(48);
    // The range proof has ε − ℓ bits of slack (as the narrow one), so the cheat must exceed the
    // bound by more than that to be caught; ε + 8 extra bits is still far below N0/2.
    BigInteger huge =
        BigInteger.ONE.shiftLeft(Y_BITS + LEVEL.epsilon() + 8).add(BigInteger.valueOf(7));
    BigInteger r = BigInts.randomUnit(PROVER_OWN.n(), random);
    BigInteger c = PROVER_OWN.encrypt(huge, r);
    ECPoint xPoint = Secp256k1.mul(base, huge);
    PiLogStar cheat =
        CheatingMtaProvers.piLogStar(
            SID, PROVER, VERIFIER, PROVER_OWN, c, base, xPoint, Y_BITS, huge, r, RP, LEVEL, random);
    ProtocolAbort abort = abortOf(() -> verify(cheat, c, xPoint, Y_BITS));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("z1 outside");
  }

  @Test
  void shouldRefuseAWitnessAboveTheBoundOrABoundOutsideItsRange() {
    var random = TestRandom.seeded(49);
    BigInteger above = BigInteger.ONE.shiftLeft(Y_BITS).add(BigInteger.ONE);
    assertThatThrownBy(() -> prove(ciphertext, point, Y_BITS, above, rho, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("witness outside");
    assertThatThrownBy(() -> prove(ciphertext, point, Y_BITS, above.negate(), rho, random))
        .isInstanceOf(IllegalArgumentException.class);
    // Exactly 2^yBits is still inside the closed range.
    BigInteger edge = BigInteger.ONE.shiftLeft(Y_BITS);
    BigInteger edgeC = PROVER_OWN.encrypt(edge, rho);
    ECPoint edgePoint = Secp256k1.mul(base, edge);
    PiLogStar atEdge = prove(edgeC, edgePoint, Y_BITS, edge, rho, random);
    assertThatCode(callable(() -> verify(atEdge, edgeC, edgePoint, Y_BITS)))
        .doesNotThrowAnyException();
    for (int bad : List.of(LEVEL.ell() - 1, Y_BITS + 1)) {
      assertThatThrownBy(() -> prove(ciphertext, point, bad, y, rho, random))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("yBits");
      assertThatThrownBy(() -> verify(proof, ciphertext, point, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PiLogStar.decodeFrom(new ByteReader(encode(proof)), LEVEL, bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void decoderShouldBoundResponsesByTheStatedBound() throws Exception {
    PiLogStar p = proof;
    int zBits = Y_BITS + LEVEL.epsilon() + 1;
    int nBits = LEVEL.paillierBits();
    BigInteger z1Max = BigInteger.ONE.shiftLeft(zBits).subtract(BigInteger.ONE);
    BigInteger z3Max = BigInteger.ONE.shiftLeft(zBits + 1 + nBits).subtract(BigInteger.ONE);
    // The largest values the decoder admits decode (verify then rejects them on range) ...
    PiLogStar widest = new PiLogStar(p.s(), p.a(), p.y(), p.d(), z1Max.negate(), p.z2(), z3Max);
    ByteReader in = new ByteReader(encode(widest));
    assertThat(PiLogStar.decodeFrom(in, LEVEL, Y_BITS)).isEqualTo(widest);
    in.end();
    assertBlamesProver(() -> verify(widest, ciphertext, point, Y_BITS));
    // ... one more bit does not.
    BigInteger z1Over = z1Max.add(BigInteger.ONE);
    BigInteger z3Over = z3Max.add(BigInteger.ONE);
    for (PiLogStar over :
        List.of(
            new PiLogStar(p.s(), p.a(), p.y(), p.d(), z1Over, p.z2(), p.z3()),
            new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1(), p.z2(), z3Over.negate()))) {
      assertThatThrownBy(() -> PiLogStar.decodeFrom(new ByteReader(encode(over)), LEVEL, Y_BITS))
          .isInstanceOf(DecodingException.class);
    }
  }

  @Test
  void decoderShouldOnlyEverFailWithDecodingException() {
    byte[] good = encode(proof);
    DecoderFuzz.feedRandomAndMutated(
        bytes -> {
          ByteReader in = new ByteReader(bytes);
          PiLogStar.decodeFrom(in, LEVEL, Y_BITS);
          in.end();
        },
        good,
        new Random(50),
        400);
    for (int len = 0; len < good.length; len += 7) {
      byte[] truncated = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> PiLogStar.decodeFrom(new ByteReader(truncated), LEVEL, Y_BITS))
          .isInstanceOf(DecodingException.class);
    }
  }

  @Test
  void shouldProveAnIdentificationSizedPlaintextAtTheProductionLevel() {
    SecurityLevel prod = SecurityLevel.PRODUCTION;
    int yBits = prod.ellPrime() + prod.epsilon() + 10;
    assertThat(yBits).isEqualTo(1802).isLessThanOrEqualTo(PiLogStar.maxPlaintextBits(prod));
    // The TEST level cannot carry it: its 2048-bit N leaves room for 1276 bits only.
    assertThat(PiLogStar.maxPlaintextBits(SecurityLevel.TEST)).isEqualTo(1276);
    PaillierSecretKey proverKey = SafePrimeFixtures.paillierKey(prod, 0);
    PaillierSecretKey verifierKey = SafePrimeFixtures.paillierKey(prod, 1);
    var random = TestRandom.seeded(51);
    RingPedersenParams rp = RingPedersenSetup.generate(verifierKey, random).params();
    PaillierMath own = PaillierMath.of(proverKey);
    BigInteger big = BigInts.randomSigned(yBits - 1, random);
    BigInteger r = BigInts.randomUnit(own.n(), random);
    BigInteger c = own.encrypt(big, r);
    ECPoint xPoint = Secp256k1.mulG(big);
    PiLogStar p =
        PiLogStar.prove(
            SID,
            PROVER,
            VERIFIER,
            own,
            c,
            Secp256k1.G,
            xPoint,
            big,
            r,
            rp,
            PaillierMath.of(verifierKey.publicKey()),
            prod,
            random,
            yBits);
    PaillierMath proverPublic = PaillierMath.of(proverKey.publicKey());
    PaillierMath verifierOwn = PaillierMath.of(verifierKey);
    assertThatCode(
            callable(
                () ->
                    p.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        proverPublic,
                        c,
                        Secp256k1.G,
                        xPoint,
                        rp,
                        verifierOwn,
                        prod,
                        yBits)))
        .doesNotThrowAnyException();
    ProtocolAbort abort =
        abortOf(
            () ->
                p.verify(
                    SID,
                    PROVER,
                    VERIFIER,
                    proverPublic,
                    c,
                    Secp256k1.G,
                    xPoint.add(Secp256k1.G).normalize(),
                    rp,
                    verifierOwn,
                    prod,
                    yBits));
    assertThat(abort.culprit()).hasValue(PROVER);
  }
}
