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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiDecTest {
  /** The largest plaintext bound the TEST level (2048-bit N) admits. */
  private static final int Y_BITS = PiDec.maxPlaintextBits(LEVEL);

  private static BigInteger y;
  private static BigInteger x;
  private static BigInteger rho;
  private static BigInteger ciphertext;
  private static PiDec proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(31);
    // A plaintext far above q, negative as an MtA sum can be: its residue mod q is the statement.
    y = BigInts.randomSigned(Y_BITS - 1, random);
    x = y.mod(Secp256k1.Q);
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    ciphertext = PROVER_OWN.encrypt(y, rho);
    proof = prove(ciphertext, x, y, rho, random);
  }

  private static PiDec prove(
      BigInteger c, BigInteger xs, BigInteger ys, BigInteger r, java.security.SecureRandom random) {
    return PiDec.prove(
        SID,
        PROVER,
        VERIFIER,
        PROVER_OWN,
        c,
        xs,
        Y_BITS,
        ys,
        r,
        RP,
        VERIFIER_PUBLIC,
        LEVEL,
        random);
  }

  private static void verify(PiDec p, BigInteger c, BigInteger xs) throws ProtocolAbort {
    p.verify(SID, PROVER, VERIFIER, PROVER_PUBLIC, c, xs, Y_BITS, RP, VERIFIER_OWN, LEVEL);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiDec.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofWithAndWithoutTheVerifiersFactors() {
    assertThat(PROVER_KEY.decryptSigned(ciphertext)).isEqualTo(y);
    assertThatCode(callable(() -> verify(proof, ciphertext, x))).doesNotThrowAnyException();
    assertThatCode(
            callable(
                () ->
                    proof.verify(
                        SID,
                        PROVER,
                        VERIFIER,
                        PROVER_PUBLIC,
                        ciphertext,
                        x,
                        Y_BITS,
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
    PiDec decoded = PiDec.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionOrForAnotherPartyOrBound() {
    assertBlamesProver(
        () ->
            proof.verify(
                OTHER_SID,
                PROVER,
                VERIFIER,
                PROVER_PUBLIC,
                ciphertext,
                x,
                Y_BITS,
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
                x,
                Y_BITS,
                RP,
                VERIFIER_OWN,
                LEVEL));
    ProtocolAbort otherProver =
        abortOf(
            () ->
                proof.verify(
                    SID,
                    PROVER + 1,
                    VERIFIER,
                    PROVER_PUBLIC,
                    ciphertext,
                    x,
                    Y_BITS,
                    RP,
                    VERIFIER_OWN,
                    LEVEL));
    assertThat(otherProver.culprit()).hasValue(PROVER + 1);
    assertBlamesProver(
        () ->
            proof.verify(
                SID,
                PROVER,
                VERIFIER,
                PROVER_PUBLIC,
                ciphertext,
                x,
                Y_BITS - 1,
                RP,
                VERIFIER_OWN,
                LEVEL));
  }

  @Test
  void shouldNameAProverThatAnnouncesAnotherResidue() {
    // The lie of presigning's δ-consistency failure: the proof for the true residue does not
    // verify for the announced one.
    assertBlamesProver(() -> verify(proof, ciphertext, x.add(BigInteger.ONE).mod(Secp256k1.Q)));
    // Nor can the liar prove the announced residue: a proof made with a shifted plaintext (which
    // C does not encrypt) fails the Paillier equation.
    var random = TestRandom.seeded(32);
    BigInteger lieY = y.add(BigInteger.valueOf(12345));
    BigInteger lieX = lieY.mod(Secp256k1.Q);
    PiDec cheat = prove(ciphertext, lieX, lieY, rho, random);
    ProtocolAbort abort = abortOf(() -> verify(cheat, ciphertext, lieX));
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.getMessage()).contains("A·C^e");
    // The honest prover refuses to prove a residue its plaintext does not have.
    assertThatThrownBy(() -> prove(ciphertext, lieX, y, rho, TestRandom.seeded(33)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectAnotherCiphertextOrProverModulus() {
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    BigInteger other = ciphertext.multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n2);
    assertBlamesProver(() -> verify(proof, other, x));
    assertBlamesProver(
        () ->
            proof.verify(
                SID,
                PROVER,
                VERIFIER,
                VERIFIER_PUBLIC,
                ciphertext.mod(VERIFIER_PUBLIC.nSquared()),
                x,
                Y_BITS,
                RP,
                VERIFIER_OWN,
                LEVEL));
  }

  @Test
  void shouldRejectEveryTamperedField() {
    BigInteger n0 = PROVER_PUBLIC.n();
    BigInteger n0sq = PROVER_PUBLIC.nSquared();
    List<UnaryOperator<PiDec>> tampers =
        List.of(
            p ->
                new PiDec(
                    p.s().multiply(RP.t()).mod(RP.n()),
                    p.t(),
                    p.a(),
                    p.gamma(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiDec(
                    p.s(),
                    p.t().multiply(RP.s()).mod(RP.n()),
                    p.a(),
                    p.gamma(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiDec(
                    p.s(),
                    p.t(),
                    p.a().multiply(PROVER_PUBLIC.onePlusN(BigInteger.ONE)).mod(n0sq),
                    p.gamma(),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p ->
                new PiDec(
                    p.s(),
                    p.t(),
                    p.a(),
                    PLUS_ONE.apply(p.gamma()).mod(Secp256k1.Q),
                    p.z1(),
                    p.z2(),
                    p.w()),
            p -> new PiDec(p.s(), p.t(), p.a(), p.gamma(), PLUS_ONE.apply(p.z1()), p.z2(), p.w()),
            // z1 + q keeps the mod-q check but breaks the Paillier and ring-Pedersen ones.
            p -> new PiDec(p.s(), p.t(), p.a(), p.gamma(), p.z1().add(Secp256k1.Q), p.z2(), p.w()),
            p -> new PiDec(p.s(), p.t(), p.a(), p.gamma(), p.z1(), PLUS_ONE.apply(p.z2()), p.w()),
            p ->
                new PiDec(
                    p.s(),
                    p.t(),
                    p.a(),
                    p.gamma(),
                    p.z1(),
                    p.z2(),
                    p.w().multiply(BigInteger.TWO).mod(n0)));
    for (UnaryOperator<PiDec> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), ciphertext, x));
    }
  }

  @Test
  void shouldRejectIntegersOutsideTheirGroupsAndRanges() {
    PiDec p = proof;
    BigInteger n0 = PROVER_PUBLIC.n();
    BigInteger maskBound =
        BigInteger.ONE.shiftLeft(Y_BITS + LEVEL.ell() + LEVEL.epsilon()).add(BigInteger.ONE);
    List<PiDec> bad =
        List.of(
            new PiDec(RP.n(), p.t(), p.a(), p.gamma(), p.z1(), p.z2(), p.w()),
            new PiDec(p.s(), BigInteger.ZERO, p.a(), p.gamma(), p.z1(), p.z2(), p.w()),
            new PiDec(p.s(), p.t(), n0, p.gamma(), p.z1(), p.z2(), p.w()),
            new PiDec(p.s(), p.t(), p.a(), p.gamma(), p.z1(), p.z2(), n0.add(p.w())),
            new PiDec(p.s(), p.t(), p.a(), p.gamma(), maskBound, p.z2(), p.w()),
            new PiDec(p.s(), p.t(), p.a(), p.gamma(), maskBound.negate(), p.z2(), p.w()),
            new PiDec(
                p.s(),
                p.t(),
                p.a(),
                p.gamma(),
                p.z1(),
                RP.n().shiftLeft(Y_BITS + LEVEL.ell() + LEVEL.epsilon() + 1).add(BigInteger.ONE),
                p.w()));
    for (PiDec b : bad) {
      assertBlamesProver(() -> verify(b, ciphertext, x));
    }
    assertBlamesProver(() -> verify(proof, n0, x));
    assertBlamesProver(() -> verify(proof, ciphertext, Secp256k1.Q));
    assertBlamesProver(() -> verify(proof, ciphertext, BigInteger.ONE.negate()));
    assertThatThrownBy(() -> new PiDec(p.s(), p.t(), p.a(), Secp256k1.Q, p.z1(), p.z2(), p.w()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAWitnessOrBoundOutsideItsRange() {
    var random = TestRandom.seeded(34);
    BigInteger huge = BigInteger.ONE.shiftLeft(Y_BITS + 1);
    assertThatThrownBy(() -> prove(ciphertext, huge.mod(Secp256k1.Q), huge, rho, random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                PiDec.prove(
                    SID,
                    PROVER,
                    VERIFIER,
                    PROVER_OWN,
                    ciphertext,
                    x,
                    Y_BITS + 1,
                    y,
                    rho,
                    RP,
                    VERIFIER_PUBLIC,
                    LEVEL,
                    random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldProveAPresigningSizedPlaintextAtTheProductionLevel() {
    // δ_i's plaintext is a sum of MtA outputs of up to ℓ'+ε bits each; at 3072 bits it fits.
    SecurityLevel prod = SecurityLevel.PRODUCTION;
    int yBits = prod.ellPrime() + prod.epsilon() + 8;
    assertThat(yBits).isLessThanOrEqualTo(PiDec.maxPlaintextBits(prod));
    PaillierSecretKey proverKey = SafePrimeFixtures.paillierKey(prod, 0);
    PaillierSecretKey verifierKey = SafePrimeFixtures.paillierKey(prod, 1);
    var random = TestRandom.seeded(35);
    RingPedersenParams rp = RingPedersenSetup.generate(verifierKey, random).params();
    PaillierMath own = PaillierMath.of(proverKey);
    BigInteger big = BigInts.randomSigned(yBits - 1, random);
    BigInteger r = BigInts.randomUnit(own.n(), random);
    BigInteger c = own.encrypt(big, r);
    BigInteger residue = big.mod(Secp256k1.Q);
    PiDec p =
        PiDec.prove(
            SID,
            PROVER,
            VERIFIER,
            own,
            c,
            residue,
            yBits,
            big,
            r,
            rp,
            PaillierMath.of(verifierKey.publicKey()),
            prod,
            random);
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
                        residue,
                        yBits,
                        rp,
                        verifierOwn,
                        prod)))
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
                    residue.add(BigInteger.ONE).mod(Secp256k1.Q),
                    yBits,
                    rp,
                    verifierOwn,
                    prod));
    assertThat(abort.culprit()).hasValue(PROVER);
  }

  @Test
  void decoderShouldOnlyEverFailWithDecodingException() {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    byte[] good = w.toByteArray();
    Random r = new Random(36);
    DecoderFuzz.feedRandomAndMutated(
        bytes -> {
          ByteReader in = new ByteReader(bytes);
          PiDec.decodeFrom(in, LEVEL);
          in.end();
        },
        good,
        r,
        400);
    for (int len = 0; len < good.length; len += 7) {
      byte[] truncated = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> PiDec.decodeFrom(new ByteReader(truncated), LEVEL))
          .isInstanceOf(DecodingException.class);
    }
  }
}
