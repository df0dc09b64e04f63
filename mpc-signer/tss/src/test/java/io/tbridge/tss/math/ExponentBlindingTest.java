package io.tbridge.tss.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Exponent and inverse blinding give the unblinded results while changing the exponent. */
class ExponentBlindingTest {
  private static final SecureRandom RANDOM = TestRandom.seeded(4242);
  private static final BigInteger P = BigInteger.probablePrime(256, RANDOM);
  private static final BigInteger P_SQUARED = P.multiply(P);
  private static final BigInteger ORDER = P.multiply(P.subtract(BigInteger.ONE));

  @Property(tries = 50)
  void blindedPowerShouldEqualThePlainPower(@ForAll BigInteger exp) {
    BigInteger base = BigInts.randomUnit(P_SQUARED, RANDOM);
    BigInteger expected = BigInts.modPowSigned(base, exp, P_SQUARED);
    assertThat(BigInts.modPowBlinded(base, exp, P_SQUARED, ORDER, RANDOM)).isEqualTo(expected);
  }

  @Test
  void blindedExponentsShouldDifferPerCallAndKeepTheirResidueAndLength() {
    BigInteger exp = P.subtract(BigInteger.ONE);
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      BigInteger blinded = BigInts.blindExponent(exp, ORDER, RANDOM);
      assertThat(blinded.mod(ORDER)).isEqualTo(exp);
      // r ∈ [2^64, 2^65): the blinded exponent is 64 or 65 bits longer than the order.
      assertThat(blinded.bitLength() - ORDER.bitLength()).isBetween(64, 65);
      seen.add(blinded);
    }
    assertThat(seen).hasSize(20);
  }

  @Test
  void blindedInverseShouldEqualThePlainInverse() {
    for (int i = 0; i < 20; i++) {
      BigInteger x = BigInts.randomUnit(P_SQUARED, RANDOM);
      assertThat(BigInts.modInverseBlinded(x, P_SQUARED, RANDOM))
          .isEqualTo(x.modInverse(P_SQUARED));
    }
  }

  @Test
  void splitMasksShouldBeFreshAndSixtyFourBitsWiderThanTheSecret() {
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      BigInteger a = BigInts.splitMask(256, RANDOM);
      assertThat(a.signum()).isNotNegative();
      assertThat(a.bitLength()).isLessThanOrEqualTo(256 + BigInts.BLINDING_BITS);
      seen.add(a);
    }
    assertThat(seen).hasSize(20);
    assertThatThrownBy(() -> BigInts.splitMask(0, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectANonPositiveOrder() {
    assertThatThrownBy(() -> BigInts.blindExponent(BigInteger.TEN, BigInteger.ZERO, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
