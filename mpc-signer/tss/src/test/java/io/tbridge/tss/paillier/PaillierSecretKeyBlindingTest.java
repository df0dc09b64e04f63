package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Decryption with blinded exponents and CRT exponentiation give exactly the textbook results, and
 * the blinding really draws fresh randomness from the injected source on every call.
 */
class PaillierSecretKeyBlindingTest {
  private static final SecureRandom RANDOM = TestRandom.seeded(31337);
  private static final BigInteger PRIME_P = BigInteger.probablePrime(512, RANDOM);
  private static final BigInteger PRIME_Q = BigInteger.probablePrime(512, RANDOM);
  private static final PaillierSecretKey SK =
      PaillierSecretKey.of(PRIME_P, PRIME_Q, TestRandom.seeded(1));
  private static final PaillierPublicKey PK = SK.publicKey();

  /** Textbook decryption without CRT or blinding: L(c^φ mod N²)·φ⁻¹ mod N (g = 1 + N). */
  private static BigInteger plainDecrypt(BigInteger c) {
    BigInteger n = PK.n();
    BigInteger u = c.modPow(SK.phi(), PK.nSquared());
    return u.subtract(BigInteger.ONE).divide(n).multiply(SK.phi().modInverse(n)).mod(n);
  }

  private static BigInteger signed(BigInteger m) {
    return m.compareTo(PK.n().shiftRight(1)) > 0 ? m.subtract(PK.n()) : m;
  }

  @Property(tries = 40)
  void blindedDecryptionShouldEqualPlainDecryption(@ForAll BigInteger m) {
    BigInteger c = PK.encrypt(m, RANDOM).ciphertext();
    BigInteger expected = plainDecrypt(c);
    assertThat(expected).isEqualTo(m.mod(PK.n()));
    assertThat(SK.decrypt(c)).isEqualTo(expected);
    assertThat(SK.decryptSigned(c)).isEqualTo(signed(expected));
  }

  @Test
  void shouldDecryptEdgeAndNegativePlaintexts() {
    BigInteger n = PK.n();
    BigInteger half = n.shiftRight(1);
    List<BigInteger> signedValues =
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.ONE.negate(),
            BigInteger.TWO.pow(256).negate(),
            BigInteger.TWO.pow(1000).negate(),
            half,
            half.negate(),
            new BigInteger(1000, RANDOM).negate());
    for (BigInteger m : signedValues) {
      BigInteger c = PK.encrypt(m, RANDOM).ciphertext();
      assertThat(SK.decryptSigned(c)).as("m = %s", m).isEqualTo(m);
      assertThat(SK.decrypt(c)).isEqualTo(plainDecrypt(c));
    }
    // N − 1 and (N + 1)/2 are the signed values −1 and −(N − 1)/2.
    assertThat(SK.decryptSigned(PK.encrypt(n.subtract(BigInteger.ONE), RANDOM).ciphertext()))
        .isEqualTo(BigInteger.ONE.negate());
    assertThat(SK.decryptSigned(PK.encrypt(half.add(BigInteger.ONE), RANDOM).ciphertext()))
        .isEqualTo(half.negate());
    // ρ = 1 gives the ciphertext 1 + m·N exactly (no randomness part).
    assertThat(SK.decrypt(BigInteger.ONE)).isZero();
    assertThat(SK.decrypt(PK.encrypt(BigInteger.valueOf(5), BigInteger.ONE))).isEqualTo(5);
  }

  @Property(tries = 20)
  void crtPowerShouldEqualThePlainPower(@ForAll BigInteger exp) {
    BigInteger base = BigInts.randomUnit(PK.nSquared(), RANDOM);
    assertThat(SK.modPowNSquared(base, exp))
        .isEqualTo(BigInts.modPowSigned(base, exp, PK.nSquared()));
  }

  @Test
  void everyDecryptionShouldUseFreshlyBlindedExponents() {
    BigInteger pOrder = PRIME_P.multiply(PRIME_P.subtract(BigInteger.ONE));
    BigInteger qOrder = PRIME_Q.multiply(PRIME_Q.subtract(BigInteger.ONE));
    Set<BigInteger> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      BigInteger[] e = SK.decryptionExponents();
      assertThat(e[0].mod(pOrder)).isEqualTo(PRIME_P.subtract(BigInteger.ONE));
      assertThat(e[1].mod(qOrder)).isEqualTo(PRIME_Q.subtract(BigInteger.ONE));
      assertThat(e[0].bitLength()).isGreaterThanOrEqualTo(pOrder.bitLength() + 64);
      assertThat(e[1].bitLength()).isGreaterThanOrEqualTo(qOrder.bitLength() + 64);
      seen.add(e[0]);
      seen.add(e[1]);
    }
    assertThat(seen).hasSize(20);
  }

  @Test
  void decryptionShouldDrawFromTheInjectedSource() {
    AtomicInteger draws = new AtomicInteger();
    SecureRandom counting =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            draws.incrementAndGet();
            RANDOM.nextBytes(bytes);
          }
        };
    PaillierSecretKey key = PaillierSecretKey.of(PRIME_P, PRIME_Q, counting);
    BigInteger c = PK.encrypt(BigInteger.valueOf(-42), RANDOM).ciphertext();
    int before = draws.get();
    assertThat(key.decryptSigned(c)).isEqualTo(-42);
    int afterOne = draws.get();
    assertThat(key.decryptSigned(c)).isEqualTo(-42);
    // One blinding factor per prime and call.
    assertThat(afterOne - before).isEqualTo(2);
    assertThat(draws.get() - afterOne).isEqualTo(2);
  }

  @Test
  void blindingShouldBeReproducibleFromASeed() {
    List<BigInteger> first =
        exponents(PaillierSecretKey.of(PRIME_P, PRIME_Q, TestRandom.seeded(9)));
    List<BigInteger> again =
        exponents(PaillierSecretKey.of(PRIME_P, PRIME_Q, TestRandom.seeded(9)));
    List<BigInteger> other =
        exponents(PaillierSecretKey.of(PRIME_P, PRIME_Q, TestRandom.seeded(10)));
    assertThat(again).isEqualTo(first);
    assertThat(other).doesNotContainAnyElementsOf(first);
  }

  private static List<BigInteger> exponents(PaillierSecretKey key) {
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.addAll(List.of(key.decryptionExponents()));
    }
    return out;
  }

  @Test
  void shouldRejectInvalidCiphertextsWithoutNamingTheFactors() {
    for (BigInteger bad :
        List.of(BigInteger.ZERO, PK.nSquared(), BigInteger.ONE.negate(), PRIME_P, PK.n())) {
      assertThatThrownBy(() -> SK.decrypt(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(PRIME_P.toString())
          .hasMessageNotContaining(PRIME_Q.toString());
    }
    assertThatThrownBy(() -> PaillierSecretKey.of(PRIME_P, PRIME_Q, null))
        .isInstanceOf(NullPointerException.class);
  }
}
