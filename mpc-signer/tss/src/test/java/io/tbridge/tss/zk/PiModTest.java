package io.tbridge.tss.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PiModTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final SessionId SID = KeygenFixture.sessionId("pi-mod", 1);
  private static final byte[] CONTEXT = {9, 8, 7};
  private static final int PROVER = 2;

  /** A 2048-bit prime ≡ 3 (mod 4) (BigInteger.probablePrime with java.util.Random seed 14). */
  private static final BigInteger PRIME_2048 =
      new BigInteger(
          "d112e063050ff32070c571c9760341e0f266315efdd86e31ac301c99cd9dcfe36e5abccc86e681d38fdb6e6c"
              + "760b1e608a02060c9e075e3111b841da3c105a42c3d0fd36de0cda64eba8fe734aabdc2eee77ee56caaf11"
              + "c458e5e21595a9535da07fb5156a2cab491e550cc19a6bcdbccf2956041960e486cf2832b849d2ce5db98e"
              + "22829c81526d4c3218b04087a6c60413001f75c65cc98ac1c0673c14b009269cfa9379892b5e98095952cc"
              + "7d6c190627ac62a0c64aede05118d247557dc2e3a434fc1c00d8d8ac770a08ff75eaf27542d845ace0009c"
              + "ec834265b6e1e907517d181a312f19bc36597aee5070e4f291ab7e5381e7e3990dbef0bfca46ed7f",
          16);

  private static PaillierSecretKey key;
  private static BigInteger n;
  private static PiMod proof;

  @BeforeAll
  static void proveOnce() {
    key = SafePrimeFixtures.paillierKey(LEVEL, 0);
    n = key.publicKey().n();
    proof = PiMod.prove(SID, PROVER, CONTEXT, key, LEVEL, TestRandom.seeded(1));
  }

  @Test
  void shouldAcceptAnHonestProofAndSurviveEncoding() throws Exception {
    assertThatCode(() -> proof.verify(SID, PROVER, CONTEXT, n, LEVEL)).doesNotThrowAnyException();
    ByteWriter w = new ByteWriter();
    proof.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    PiMod decoded = PiMod.decodeFrom(r, LEVEL);
    r.end();
    assertThat(decoded).isEqualTo(proof);
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionByAnotherPartyOrContext() {
    assertRejected(
        () -> proof.verify(KeygenFixture.sessionId("pi-mod", 2), PROVER, CONTEXT, n, LEVEL),
        PROVER);
    assertRejected(() -> proof.verify(SID, 3, CONTEXT, n, LEVEL), 3);
    assertRejected(() -> proof.verify(SID, PROVER, new byte[] {9, 8, 6}, n, LEVEL), PROVER);
  }

  @Test
  void shouldRejectAProofForAnotherModulus() {
    BigInteger other = SafePrimeFixtures.paillierKey(LEVEL, 1).publicKey().n();
    assertRejected(() -> proof.verify(SID, PROVER, CONTEXT, other, LEVEL), PROVER);
  }

  @Test
  void shouldRejectTamperedAnswers() {
    assertRejected(
        tamper(r -> new PiMod.Repetition(r.x().add(BigInteger.ONE), r.a(), r.b(), r.z())));
    assertRejected(
        tamper(r -> new PiMod.Repetition(r.x(), r.a(), r.b(), r.z().add(BigInteger.ONE))));
    assertRejected(tamper(r -> new PiMod.Repetition(r.x(), !r.a(), r.b(), r.z())));
    assertRejected(tamper(r -> new PiMod.Repetition(r.x(), r.a(), !r.b(), r.z())));
  }

  @Test
  void shouldRejectAnswersOutsideOneToN() {
    // x + N is the same residue: only the range check stops this non-canonical proof.
    assertThatThrownBy(tamper(r -> new PiMod.Repetition(r.x().add(n), r.a(), r.b(), r.z())))
        .hasMessageContaining("out of range");
    assertThatThrownBy(tamper(r -> new PiMod.Repetition(r.x(), r.a(), r.b(), r.z().subtract(n))))
        .hasMessageContaining("out of range");
  }

  @Test
  void shouldRejectWrongRepetitionCounts() {
    List<PiMod.Repetition> fewer = proof.repetitions().subList(0, LEVEL.m() - 1);
    assertRejected(
        () -> new PiMod(proof.w(), fewer).verify(SID, PROVER, CONTEXT, n, LEVEL), PROVER);
    List<PiMod.Repetition> more = new ArrayList<>(proof.repetitions());
    more.add(proof.repetitions().get(0));
    assertRejected(() -> new PiMod(proof.w(), more).verify(SID, PROVER, CONTEXT, n, LEVEL), PROVER);
    ByteWriter w = new ByteWriter();
    new PiMod(proof.w(), fewer).encodeTo(w);
    assertThatThrownBy(() -> PiMod.decodeFrom(new ByteReader(w.toByteArray()), LEVEL))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("repetitions");
  }

  @Test
  void shouldRejectAWWithJacobiSymbolPlusOne() {
    PiMod squared = new PiMod(proof.w().multiply(proof.w()).mod(n), proof.repetitions());
    assertThatThrownBy(() -> squared.verify(SID, PROVER, CONTEXT, n, LEVEL))
        .hasMessageContaining("Jacobi");
  }

  @Test
  void shouldRejectModuliOfTheWrongSizeOrEven() {
    PaillierSecretKey big = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0);
    assertRejected(() -> proof.verify(SID, PROVER, CONTEXT, big.publicKey().n(), LEVEL), PROVER);
    assertRejected(() -> proof.verify(SID, PROVER, CONTEXT, n.add(BigInteger.ONE), LEVEL), PROVER);
  }

  @Test
  void cheatingProverShouldSucceedOnAGenuineBlumModulus() {
    CheatingPiModProver cheater = new CheatingPiModProver(List.of(key.p(), key.q()));
    PiMod forged = cheater.prove(SID, PROVER, CONTEXT, LEVEL.m(), TestRandom.seeded(3));
    assertThat(cheater.unanswerable).isZero();
    assertThatCode(() -> forged.verify(SID, PROVER, CONTEXT, n, LEVEL)).doesNotThrowAnyException();
  }

  @Test
  void bitForgeShouldRejectAModulusWithThreePrimeFactors() {
    Random r = new Random(11);
    List<BigInteger> primes;
    do {
      primes = List.of(blumPrime(683, r), blumPrime(683, r), blumPrime(682, r));
    } while (product(primes).bitLength() != LEVEL.paillierBits() || !squareFreeTotient(primes));
    CheatingPiModProver cheater = new CheatingPiModProver(primes);
    PiMod forged = cheater.prove(SID, PROVER, CONTEXT, LEVEL.m(), TestRandom.seeded(4));
    assertThat(cheater.unanswerable).isPositive();
    assertThatThrownBy(() -> forged.verify(SID, PROVER, CONTEXT, cheater.modulus(), LEVEL))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, PROVER))
        .hasMessageContaining("x^4");
  }

  @Test
  void bitForgeShouldRejectAModulusWithManySmallFactors() {
    // The BitForge shape: sixteen small primes times one large one (all ≡ 3 mod 4).
    // The BitForge shape: sixteen small primes times large ones (all ≡ 3 mod 4); here one large
    // factor is a fixture safe prime so that only a short prime has to be generated.
    Random r = new Random(12);
    BigInteger large = SafePrimeFixtures.primes(1024).get(20);
    List<BigInteger> primes;
    do {
      primes = new ArrayList<>();
      while (primes.size() < 16) {
        BigInteger p = blumPrime(16, r);
        if (!primes.contains(p)) {
          primes.add(p);
        }
      }
      primes.add(large);
      int bitsSoFar = product(primes).bitLength();
      primes.add(blumPrime(LEVEL.paillierBits() - bitsSoFar + 1, r));
    } while (product(primes).bitLength() != LEVEL.paillierBits() || !squareFreeTotient(primes));
    CheatingPiModProver cheater = new CheatingPiModProver(primes);
    PiMod forged = cheater.prove(SID, PROVER, CONTEXT, LEVEL.m(), TestRandom.seeded(5));
    assertThatThrownBy(() -> forged.verify(SID, PROVER, CONTEXT, cheater.modulus(), LEVEL))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, PROVER));
  }

  @Test
  void bitForgeShouldRejectAModulusWithAPrimeCongruentToOneModFour() {
    Random r = new Random(13);
    List<BigInteger> primes;
    do {
      BigInteger p;
      do {
        p = BigInteger.probablePrime(1024, r);
      } while (p.mod(BigInteger.valueOf(8)).intValue() != 5);
      primes = List.of(p, blumPrime(1024, r));
    } while (product(primes).bitLength() != LEVEL.paillierBits() || !squareFreeTotient(primes));
    CheatingPiModProver cheater = new CheatingPiModProver(primes);
    PiMod forged = cheater.prove(SID, PROVER, CONTEXT, LEVEL.m(), TestRandom.seeded(6));
    assertThat(cheater.unanswerable).isPositive();
    assertThatThrownBy(() -> forged.verify(SID, PROVER, CONTEXT, cheater.modulus(), LEVEL))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, PROVER));
  }

  @Test
  void shouldRejectAPrimeModulusEvenThoughEveryAnswerChecksOut() {
    assertThat(PRIME_2048.isProbablePrime(64)).isTrue();
    CheatingPiModProver cheater = new CheatingPiModProver(List.of(PRIME_2048));
    PiMod forged = cheater.prove(SID, PROVER, CONTEXT, LEVEL.m(), TestRandom.seeded(7));
    assertThat(cheater.unanswerable).isZero();
    assertThatThrownBy(() -> forged.verify(SID, PROVER, CONTEXT, PRIME_2048, LEVEL))
        .isInstanceOf(ProtocolAbort.class)
        .hasMessageContaining("prime");
  }

  @Test
  void proverShouldRefusePrimesThatAreNotBlum() {
    Random r = new Random(15);
    BigInteger p;
    do {
      p = BigInteger.probablePrime(1024, r);
    } while (p.testBit(1));
    PaillierSecretKey bad = PaillierSecretKey.of(p, blumPrime(1024, r));
    SecureRandom random = TestRandom.seeded(8);
    assertThatThrownBy(() -> PiMod.prove(SID, PROVER, CONTEXT, bad, LEVEL, random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ThrowingCallable tamper(UnaryOperator<PiMod.Repetition> change) {
    List<PiMod.Repetition> reps = new ArrayList<>(proof.repetitions());
    reps.set(5, change.apply(reps.get(5)));
    PiMod bad = new PiMod(proof.w(), reps);
    return () -> bad.verify(SID, PROVER, CONTEXT, n, LEVEL);
  }

  private static void assertRejected(ThrowingCallable call) {
    assertRejected(call, PROVER);
  }

  private static void assertRejected(ThrowingCallable call, int culprit) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertBlames(a, culprit));
  }

  private static void assertBlames(ProtocolAbort a, int culprit) {
    assertThat(a.culprit()).hasValue(culprit);
    assertThat(a.check()).isEqualTo(PiMod.CHECK);
  }

  static BigInteger blumPrime(int bits, Random r) {
    BigInteger p;
    do {
      p = BigInteger.probablePrime(bits, r);
    } while (!p.testBit(1));
    return p;
  }

  /** gcd(N, r−1) = 1 for every prime r, so N-th roots exist (the cheater can answer z). */
  static boolean squareFreeTotient(List<BigInteger> primes) {
    BigInteger n = product(primes);
    return primes.stream().allMatch(p -> n.gcd(p.subtract(BigInteger.ONE)).equals(BigInteger.ONE));
  }

  static BigInteger product(List<BigInteger> values) {
    return values.stream().reduce(BigInteger.ONE, BigInteger::multiply);
  }
}
