package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafePrimesTest {

  @Test
  void shouldGenerateSafePrimesWithTopTwoBitsSet() {
    BigInteger p = SafePrimes.generate(512, TestRandom.seeded(7));
    BigInteger q = p.shiftRight(1);
    assertThat(p.bitLength()).isEqualTo(512);
    assertThat(p.testBit(511) && p.testBit(510)).isTrue();
    assertThat(p.isProbablePrime(64)).isTrue();
    assertThat(q.isProbablePrime(64)).isTrue();
    assertThat(p.mod(BigInteger.valueOf(4))).isEqualTo(BigInteger.valueOf(3));
    assertThat(SafePrimes.isSafePrime(p, 512)).isTrue();
  }

  @Test
  void productOfTwoGeneratedPrimesShouldHaveExactlyTwiceTheBits() {
    BigInteger p = SafePrimes.generate(256, TestRandom.seeded(1));
    BigInteger q = SafePrimes.generate(256, TestRandom.seeded(2));
    assertThat(p.multiply(q).bitLength()).isEqualTo(512);
  }

  @Test
  void shouldBeDeterministicForASeededSource() {
    assertThat(SafePrimes.generate(256, TestRandom.seeded(42)))
        .isEqualTo(SafePrimes.generate(256, TestRandom.seeded(42)));
  }

  @Test
  void shouldRejectPrimesWhoseHalfIsComposite() {
    Random r = new Random(3);
    BigInteger p;
    do {
      p = BigInteger.probablePrime(256, r);
    } while (p.shiftRight(1).isProbablePrime(40));
    assertThat(SafePrimes.isSafePrime(p, 256)).isFalse();
  }

  @Test
  void shouldRejectCompositesWrongSizesAndNonPositiveValues() {
    BigInteger p = SafePrimes.generate(256, TestRandom.seeded(5));
    assertThat(SafePrimes.isSafePrime(p, 255)).isFalse();
    assertThat(SafePrimes.isSafePrime(p, 257)).isFalse();
    assertThat(SafePrimes.isSafePrime(p.add(BigInteger.TWO), 256)).isFalse();
    assertThat(SafePrimes.isSafePrime(p.negate(), 256)).isFalse();
    assertThat(SafePrimes.isSafePrime(BigInteger.ZERO, 256)).isFalse();
    // 2p+1 may or may not be prime, but it never has p's size.
    assertThat(SafePrimes.isSafePrime(p.shiftLeft(1).add(BigInteger.ONE), 256)).isFalse();
  }

  @Test
  void shouldStopWhenCancelled() {
    assertThat(SafePrimes.generate(2048, TestRandom.seeded(9), () -> true)).isEmpty();
  }
}
