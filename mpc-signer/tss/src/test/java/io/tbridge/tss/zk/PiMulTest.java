package io.tbridge.tss.zk;

import static io.tbridge.tss.zk.MtaProofFixture.LEVEL;
import static io.tbridge.tss.zk.MtaProofFixture.OTHER_SID;
import static io.tbridge.tss.zk.MtaProofFixture.PLUS_ONE;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_KEY;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_OWN;
import static io.tbridge.tss.zk.MtaProofFixture.PROVER_PUBLIC;
import static io.tbridge.tss.zk.MtaProofFixture.SID;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiMulTest {
  /** k_i (the plaintext of X = K_i). */
  private static BigInteger x;

  /** γ_i (the plaintext of Y = G_i). */
  private static BigInteger y;

  private static BigInteger bigX;
  private static BigInteger bigY;
  private static BigInteger bigC;
  private static BigInteger rhoX;
  private static BigInteger rho;
  private static PiMul proof;

  @BeforeAll
  static void proveOnce() {
    var random = TestRandom.seeded(21);
    x = Secp256k1.randomScalar(random);
    y = Secp256k1.randomScalar(random);
    rhoX = BigInts.randomUnit(PROVER_OWN.n(), random);
    bigX = PROVER_OWN.encrypt(x, rhoX);
    bigY = PROVER_OWN.encrypt(y, BigInts.randomUnit(PROVER_OWN.n(), random));
    rho = BigInts.randomUnit(PROVER_OWN.n(), random);
    bigC = mulCiphertext(bigY, x, rho);
    proof = PiMul.prove(SID, PROVER, PROVER_OWN, bigX, bigY, bigC, x, rhoX, rho, LEVEL, random);
  }

  /** Y^x·ρ^N mod N², computed without the factors. */
  private static BigInteger mulCiphertext(BigInteger c, BigInteger k, BigInteger r) {
    return PROVER_PUBLIC
        .powModNSquared(c, k)
        .multiply(PROVER_PUBLIC.nthPower(r))
        .mod(PROVER_PUBLIC.nSquared());
  }

  private static void verify(PiMul p, BigInteger xc, BigInteger yc, BigInteger cc)
      throws ProtocolAbort {
    p.verify(SID, PROVER, PROVER_PUBLIC, xc, yc, cc);
  }

  private static void assertBlamesProver(MtaProofFixture.Check check) {
    ProtocolAbort abort = abortOf(check);
    assertThat(abort.culprit()).hasValue(PROVER);
    assertThat(abort.check()).isEqualTo(PiMul.CHECK);
  }

  @Test
  void shouldAcceptAnHonestProofWhoseCiphertextDecryptsToTheProduct() throws Exception {
    assertThatCode(callable(() -> verify(proof, bigX, bigY, bigC))).doesNotThrowAnyException();
    // The statement means something: C decrypts to x·y (k_i·γ_i).
    assertThat(PROVER_KEY.decrypt(bigC)).isEqualTo(x.multiply(y));
    // The verifier with the factors (CRT) reaches the same verdict.
    assertThatCode(callable(() -> proof.verify(SID, PROVER, PROVER_OWN, bigX, bigY, bigC)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldSurviveEncoding() throws Exception {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiMul decoded = PiMul.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionOrByAnotherProver() {
    assertBlamesProver(() -> proof.verify(OTHER_SID, PROVER, PROVER_PUBLIC, bigX, bigY, bigC));
    ProtocolAbort abort =
        abortOf(() -> proof.verify(SID, PROVER + 1, PROVER_PUBLIC, bigX, bigY, bigC));
    assertThat(abort.culprit()).hasValue(PROVER + 1);
    assertThat(abort.check()).isEqualTo(PiMul.CHECK);
  }

  @Test
  void shouldRejectAWrongStatement() {
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    BigInteger plusOne = PROVER_PUBLIC.onePlusN(BigInteger.ONE);
    // C encrypts x·y + 1: the lie the identification step must catch.
    assertBlamesProver(() -> verify(proof, bigX, bigY, bigC.multiply(plusOne).mod(n2)));
    assertBlamesProver(() -> verify(proof, bigX.multiply(plusOne).mod(n2), bigY, bigC));
    assertBlamesProver(() -> verify(proof, bigX, bigY.multiply(plusOne).mod(n2), bigC));
    // Swapping the roles of X and Y is another statement.
    assertBlamesProver(() -> verify(proof, bigY, bigX, bigC));
    // Another modulus.
    assertBlamesProver(() -> proof.verify(SID, PROVER, VERIFIER_PUBLIC, bigX, bigY, bigC));
  }

  @Test
  void shouldRejectAProofForAProductOfOtherPlaintexts() {
    // C' = Y^(x+1)·ρ^N is built correctly from Y, but X encrypts x, not x+1: the prover runs the
    // protocol with the witness x+1 (the prover does not check X), and the verifier must refuse.
    var random = TestRandom.seeded(22);
    BigInteger xPlus = x.add(BigInteger.ONE);
    BigInteger cWrong = mulCiphertext(bigY, xPlus, rho);
    PiMul cheat =
        PiMul.prove(SID, PROVER, PROVER_OWN, bigX, bigY, cWrong, xPlus, rhoX, rho, LEVEL, random);
    assertBlamesProver(() -> verify(cheat, bigX, bigY, cWrong));
  }

  @Test
  void shouldRejectEveryTamperedField() {
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    BigInteger n = PROVER_PUBLIC.n();
    BigInteger plusOne = PROVER_PUBLIC.onePlusN(BigInteger.ONE);
    List<UnaryOperator<PiMul>> tampers =
        List.of(
            p -> new PiMul(p.a().multiply(plusOne).mod(n2), p.b(), p.z(), p.u(), p.v()),
            p -> new PiMul(p.a(), p.b().multiply(plusOne).mod(n2), p.z(), p.u(), p.v()),
            p -> new PiMul(p.a(), p.b(), PLUS_ONE.apply(p.z()), p.u(), p.v()),
            p -> new PiMul(p.a(), p.b(), p.z(), p.u().multiply(BigInteger.TWO).mod(n), p.v()),
            p -> new PiMul(p.a(), p.b(), p.z(), p.u(), p.v().multiply(BigInteger.TWO).mod(n)));
    for (UnaryOperator<PiMul> tamper : tampers) {
      assertBlamesProver(() -> verify(tamper.apply(proof), bigX, bigY, bigC));
    }
  }

  @Test
  void shouldRejectIntegersOutsideTheirGroupsAndRanges() {
    PiMul p = proof;
    BigInteger n = PROVER_PUBLIC.n();
    BigInteger n2 = PROVER_PUBLIC.nSquared();
    List<PiMul> bad =
        List.of(
            new PiMul(n, p.b(), p.z(), p.u(), p.v()),
            new PiMul(p.a(), n2, p.z(), p.u(), p.v()),
            new PiMul(BigInteger.ZERO, p.b(), p.z(), p.u(), p.v()),
            new PiMul(p.a(), p.b(), p.z(), n.add(p.u()), p.v()),
            new PiMul(p.a(), p.b(), p.z(), p.u(), BigInteger.ZERO),
            new PiMul(p.a(), p.b(), n.shiftLeft(1), p.u(), p.v()),
            new PiMul(p.a(), p.b(), n.shiftLeft(1).negate(), p.u(), p.v()));
    for (PiMul b : bad) {
      assertBlamesProver(() -> verify(b, bigX, bigY, bigC));
    }
    assertBlamesProver(() -> verify(proof, n, bigY, bigC));
    assertBlamesProver(() -> verify(proof, bigX, BigInteger.ZERO, bigC));
    assertBlamesProver(() -> verify(proof, bigX, bigY, n2.add(bigC)));
  }

  @Test
  void shouldRefuseAWitnessOutsideItsRange() {
    var random = TestRandom.seeded(23);
    BigInteger huge = BigInteger.ONE.shiftLeft(LEVEL.ell() + 1);
    assertThatThrownBy(
            () ->
                PiMul.prove(
                    SID, PROVER, PROVER_OWN, bigX, bigY, bigC, huge, rhoX, rho, LEVEL, random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decoderShouldOnlyEverFailWithDecodingException() {
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    byte[] good = w.toByteArray();
    Random r = new Random(24);
    DecoderFuzz.feedRandomAndMutated(
        bytes -> {
          ByteReader in = new ByteReader(bytes);
          PiMul.decodeFrom(in, LEVEL);
          in.end();
        },
        good,
        r,
        400);
    for (int len = 0; len < good.length; len += 7) {
      byte[] truncated = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> PiMul.decodeFrom(new ByteReader(truncated), LEVEL))
          .isInstanceOf(DecodingException.class);
    }
  }
}
