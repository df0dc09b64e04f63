package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The precomputation entry points of {@link PaillierMath} (encryption from a precomputed ρ^N, a
 * commitment from a precomputed t^y) and the factor-based membership checks give exactly what the
 * plain arithmetic gives.
 */
class PaillierMathTest {
  private static final PaillierSecretKey KEY = SafePrimeFixtures.paillierKey(SecurityLevel.TEST, 2);
  private static final PaillierMath OWN = PaillierMath.of(KEY);
  private static final PaillierMath PUBLIC = PaillierMath.of(KEY.publicKey());
  private static final RingPedersenParams RP =
      RingPedersenSetup.generate(KEY, TestRandom.seeded(81)).params();

  @Test
  void encryptionFromAPrecomputedNthPowerShouldEqualTheDirectOne() {
    SecureRandom random = TestRandom.seeded(82);
    for (BigInteger m :
        List.of(BigInteger.ZERO, BigInteger.TEN.negate(), BigInts.randomSigned(1500, random))) {
      BigInteger rho = BigInts.randomUnit(OWN.n(), random);
      BigInteger direct = PUBLIC.encrypt(m, rho);
      assertThat(PUBLIC.encryptWithNthPower(m, PUBLIC.nthPower(rho))).isEqualTo(direct);
      assertThat(OWN.encryptWithNthPower(m, OWN.nthPower(rho))).isEqualTo(direct);
      assertThat(KEY.decryptSigned(direct)).isEqualTo(m);
    }
    assertThatThrownBy(() -> OWN.encryptWithNthPower(BigInteger.ONE, OWN.nSquared()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OWN.encryptWithNthPower(BigInteger.ONE, BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBlindedCommitmentShouldEqualTheDirectOneForEverySign() {
    SecureRandom random = TestRandom.seeded(83);
    for (int i = 0; i < 4; i++) {
      BigInteger x = BigInts.randomSigned(1300, random);
      BigInteger y = BigInts.randomSigned(2400, random);
      BigInteger direct = RP.commit(x, y);
      BigInteger tToY = RP.commit(BigInteger.ZERO, y);
      assertThat(PUBLIC.commitBlinded(RP, x, tToY)).isEqualTo(direct);
      assertThat(OWN.commitBlinded(RP, x, tToY)).isEqualTo(direct);
      assertThat(OWN.commit(RP, x, y)).isEqualTo(direct);
    }
    assertThatThrownBy(() -> OWN.commitBlinded(RP, BigInteger.ONE, RP.n()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void membershipChecksWithTheFactorsShouldAgreeWithTheGcd() {
    BigInteger n = OWN.n();
    BigInteger n2 = OWN.nSquared();
    SecureRandom random = TestRandom.seeded(84);
    List<BigInteger> candidates =
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.ONE.negate(),
            KEY.p(),
            KEY.q(),
            KEY.p().multiply(BigInteger.valueOf(12345)),
            KEY.q().multiply(KEY.q()),
            n,
            n.subtract(BigInteger.ONE),
            n.add(BigInteger.ONE),
            n2.subtract(BigInteger.ONE),
            n2,
            BigInts.randomUnit(n, random),
            BigInts.randomBelow(n2, random));
    for (BigInteger c : candidates) {
      assertThat(OWN.isUnit(c)).as("isUnit %s", c.bitLength()).isEqualTo(PUBLIC.isUnit(c));
      assertThat(OWN.isUnit(c)).isEqualTo(BigInts.isUnit(c, n));
      assertThat(OWN.isCiphertext(c)).isEqualTo(PUBLIC.isCiphertext(c));
    }
    assertThat(OWN.isUnit(KEY.p())).isFalse();
    assertThat(OWN.isCiphertext(KEY.q().multiply(KEY.q()))).isFalse();
    assertThat(OWN.isCiphertext(n.add(BigInteger.ONE))).isTrue();
  }

  @Test
  void crtPowersOfANegativeExponentShouldMatchTheInverse() {
    SecureRandom random = TestRandom.seeded(85);
    BigInteger base = BigInts.randomUnit(OWN.n(), random);
    BigInteger e = new BigInteger(256, random).negate();
    assertThat(OWN.powModN(base, e)).isEqualTo(PUBLIC.powModN(base, e));
  }
}
