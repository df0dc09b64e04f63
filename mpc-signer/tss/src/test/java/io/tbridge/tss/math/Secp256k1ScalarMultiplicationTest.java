package io.tbridge.tss.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The regular (secret-scalar) multiplications give exactly Bouncy Castle's reference results, for
 * random, edge and generated scalars, and refuse points they must not multiply.
 */
class Secp256k1ScalarMultiplicationTest {
  private static final BigInteger Q = Secp256k1.Q;
  private static final SecureRandom RANDOM = TestRandom.seeded(20261125);
  private static final ECPoint P = Secp256k1.mulG(Secp256k1.randomScalar(RANDOM));

  /** The textbook double-and-add of Bouncy Castle, independent of the code under test. */
  private static ECPoint reference(ECPoint p, BigInteger k) {
    return ECAlgorithms.referenceMultiply(p, k.mod(Q)).normalize();
  }

  /** 1, small values, q − small, powers of two, values with many leading zeros, values ≥ q. */
  private static List<BigInteger> edgeScalars() {
    List<BigInteger> out = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      out.add(BigInteger.valueOf(i));
      out.add(Q.subtract(BigInteger.valueOf(i)));
    }
    for (int bits = 0; bits < 256; bits += 5) {
      out.add(BigInteger.ONE.shiftLeft(bits));
      out.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).max(BigInteger.ONE));
    }
    out.add(BigInteger.valueOf(0xdeadbeefL));
    out.add(new BigInteger(64, RANDOM));
    out.add(new BigInteger(128, RANDOM));
    out.add(Q.add(BigInteger.ONE));
    out.add(Q.shiftLeft(1).subtract(BigInteger.ONE));
    out.add(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
    out.add(BigInteger.ONE.shiftLeft(600).add(BigInteger.valueOf(12345)));
    out.add(BigInteger.ONE.negate());
    out.add(BigInteger.valueOf(-77));
    out.add(Q.negate().add(BigInteger.TWO));
    return out;
  }

  @Test
  void secretMultiplicationShouldMatchTheReferenceForRandomScalarsAndPoints() {
    for (int i = 0; i < 25; i++) {
      ECPoint point = Secp256k1.mulG(Secp256k1.randomScalar(RANDOM));
      BigInteger k = Secp256k1.randomScalar(RANDOM);
      ECPoint expected = reference(point, k);
      assertThat(Secp256k1.mulSecret(point, k)).isEqualTo(expected);
      assertThat(Secp256k1.mulPublic(point, k)).isEqualTo(expected);
      assertThat(Secp256k1.mul(point, k)).isEqualTo(expected);
      assertThat(Secp256k1.mulG(k)).isEqualTo(reference(Secp256k1.G, k));
    }
  }

  @Test
  void secretMultiplicationShouldMatchTheReferenceForEdgeScalars() {
    for (BigInteger k : edgeScalars()) {
      ECPoint expected = reference(P, k);
      assertThat(Secp256k1.mulSecret(P, k)).as("k = %s", k).isEqualTo(expected);
      assertThat(Secp256k1.mulPublic(P, k)).as("k = %s", k).isEqualTo(expected);
      assertThat(Secp256k1.mulG(k)).as("k = %s", k).isEqualTo(reference(Secp256k1.G, k));
      assertThat(Secp256k1.mulSecret(Secp256k1.G, k)).isEqualTo(Secp256k1.mulG(k));
    }
  }

  @Test
  void multiplesOfTheOrderShouldGiveTheIdentity() {
    for (BigInteger k : List.of(BigInteger.ZERO, Q, Q.shiftLeft(1), Q.negate())) {
      assertThat(Secp256k1.mulSecret(P, k).isInfinity()).isTrue();
      assertThat(Secp256k1.mulPublic(P, k).isInfinity()).isTrue();
      assertThat(Secp256k1.mulG(k).isInfinity()).isTrue();
    }
  }

  @Test
  void shouldAcceptAPointInProjectiveForm() {
    // A sum that was never normalised: the table must be built from its affine form.
    ECPoint projective = P.add(Secp256k1.G);
    assertThat(projective.isNormalized()).isFalse();
    BigInteger k = Secp256k1.randomScalar(RANDOM);
    assertThat(Secp256k1.mulSecret(projective, k)).isEqualTo(reference(projective, k));
  }

  @Test
  void repeatedUseOfOnePointShouldReuseItsTableCorrectly() {
    ECPoint point = Secp256k1.mulG(Secp256k1.randomScalar(RANDOM));
    for (int i = 0; i < 5; i++) {
      BigInteger k = Secp256k1.randomScalar(RANDOM);
      assertThat(Secp256k1.mulSecret(point, k)).isEqualTo(reference(point, k));
    }
  }

  @Property(tries = 60)
  void secretMultiplicationShouldMatchTheReferenceForGeneratedScalars(
      @ForAll("scalars") BigInteger k) {
    ECPoint expected = reference(P, k);
    assertThat(Secp256k1.mulSecret(P, k)).isEqualTo(expected);
    assertThat(Secp256k1.mulG(k)).isEqualTo(reference(Secp256k1.G, k));
  }

  @Provide
  Arbitrary<BigInteger> scalars() {
    // jqwik adds edge cases (0, ±1, the bounds) to the uniform draws by itself.
    BigInteger bound = BigInteger.ONE.shiftLeft(300);
    return Arbitraries.bigIntegers().between(bound.negate(), bound);
  }

  @Property(tries = 200)
  void recodingShouldHaveAFixedLengthOfOddDigitsThatSumToTheScalar(
      @ForAll("scalars") BigInteger k) {
    int[] digits = RegularMultiplier.recode(k);
    assertThat(digits).hasSize(RegularMultiplier.DIGITS);
    BigInteger sum = BigInteger.ZERO;
    for (int i = digits.length - 1; i >= 0; i--) {
      int d = RegularMultiplier.digitValue(digits[i]);
      assertThat(d % 2).isNotZero();
      assertThat(Math.abs(d)).isLessThan(1 << RegularMultiplier.WIDTH);
      sum = sum.shiftLeft(RegularMultiplier.WIDTH).add(BigInteger.valueOf(d));
    }
    // The recoded value is the odd one of k mod q + q and k mod q + 2q: in [q, 3q).
    assertThat(sum.mod(Q)).isEqualTo(k.mod(Q));
    assertThat(sum.testBit(0)).isTrue();
    assertThat(sum).isGreaterThanOrEqualTo(Q).isLessThan(Q.multiply(BigInteger.valueOf(3)));
    assertThat(RegularMultiplier.digitValue(digits[digits.length - 1])).isPositive();
  }

  @Test
  void shouldRejectTheIdentityAndInvalidPoints() {
    ECPoint identity = Secp256k1.CURVE.getInfinity();
    ECPoint offCurve = Secp256k1.CURVE.createPoint(BigInteger.ONE, BigInteger.ONE);
    X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
    ECPoint otherCurve = p256.getG();
    BigInteger k = Secp256k1.randomScalar(RANDOM);
    for (ECPoint bad : List.of(identity, offCurve, otherCurve)) {
      assertThatThrownBy(() -> Secp256k1.mulSecret(bad, k))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(k.toString())
          .hasMessageNotContaining(k.toString(16));
      assertThatThrownBy(() -> Secp256k1.mulPublic(bad, k))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Secp256k1.mul(bad, k)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
