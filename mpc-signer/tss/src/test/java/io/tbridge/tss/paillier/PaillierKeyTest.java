package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Paillier correctness on 1024-bit moduli from ordinary primes: encryption/decryption and the
 * homomorphisms do not depend on the primes being safe (that is what Π-mod/Π-fac are for).
 */
class PaillierKeyTest {
  private static final SecureRandom RANDOM = TestRandom.seeded(7);
  private static final PaillierSecretKey SK =
      PaillierSecretKey.of(
          BigInteger.probablePrime(512, RANDOM), BigInteger.probablePrime(512, RANDOM));
  private static final PaillierPublicKey PK = SK.publicKey();

  @Property(tries = 30)
  void shouldDecryptWhatItEncrypts(@ForAll BigInteger m) {
    BigInteger reduced = m.mod(PK.n());
    PaillierPublicKey.Encryption e = PK.encrypt(m, RANDOM);
    assertThat(PK.isValidCiphertext(e.ciphertext())).isTrue();
    assertThat(SK.decrypt(e.ciphertext())).isEqualTo(reduced);
    assertThat(PK.encrypt(m, e.rho())).isEqualTo(e.ciphertext());
  }

  @Property(tries = 20)
  void shouldAddAndScaleUnderEncryption(@ForAll long a, @ForAll long b, @ForAll int k) {
    BigInteger ba = BigInteger.valueOf(a);
    BigInteger bb = BigInteger.valueOf(b);
    BigInteger bk = BigInteger.valueOf(k);
    BigInteger ca = PK.encrypt(ba, RANDOM).ciphertext();
    BigInteger cb = PK.encrypt(bb, RANDOM).ciphertext();
    assertThat(SK.decryptSigned(PK.add(ca, cb))).isEqualTo(ba.add(bb));
    assertThat(SK.decryptSigned(PK.multiply(ca, bk))).isEqualTo(ba.multiply(bk));
  }

  @Test
  void shouldDecryptNegativeValuesToTheSignedRepresentative() {
    BigInteger m = BigInteger.valueOf(-123456789);
    BigInteger c = PK.encrypt(m, RANDOM).ciphertext();
    assertThat(SK.decryptSigned(c)).isEqualTo(m);
    assertThat(SK.decrypt(c)).isEqualTo(m.mod(PK.n()));
  }

  @Property(tries = 20)
  void crtExponentiationShouldMatchThePlainOne(@ForAll BigInteger exp) {
    BigInteger base = BigInts.randomUnit(PK.nSquared(), RANDOM);
    BigInteger e = exp.abs();
    assertThat(SK.modPowNSquared(base, e)).isEqualTo(base.modPow(e, PK.nSquared()));
  }

  @Test
  void shouldRecogniseInvalidCiphertexts() {
    BigInteger p = SK.p();
    assertThat(PK.isValidCiphertext(BigInteger.ZERO)).isFalse();
    assertThat(PK.isValidCiphertext(PK.nSquared())).isFalse();
    assertThat(PK.isValidCiphertext(BigInteger.ONE.negate())).isFalse();
    assertThat(PK.isValidCiphertext(p)).isFalse();
    assertThat(PK.isValidCiphertext(PK.n().multiply(BigInteger.TWO))).isFalse();
  }

  @Test
  void shouldValidateKeys() {
    assertThatThrownBy(() -> PaillierPublicKey.of(BigInteger.valueOf(15)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaillierPublicKey.of(PK.n().add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PaillierPublicKey(PK.n(), PK.n()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaillierSecretKey.of(SK.p(), SK.p()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaillierSecretKey.of(SK.p(), BigInteger.probablePrime(256, RANDOM)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNeverShowFactorsOrRandomness() {
    assertThat(SK.toString())
        .contains("redacted")
        .doesNotContain(SK.p().toString())
        .doesNotContain(SK.q().toString())
        .doesNotContain(SK.p().toString(16));
    PaillierPublicKey.Encryption e = PK.encrypt(BigInteger.TEN, RANDOM);
    assertThat(e.toString()).contains("redacted").doesNotContain(e.rho().toString());
  }

  @Test
  void ringPedersenCommitmentsShouldBeHomomorphic() {
    BigInteger n = PK.n();
    BigInteger t = BigInts.randomUnit(n, RANDOM).modPow(BigInteger.TWO, n);
    BigInteger s = t.modPow(BigInteger.valueOf(12345), n);
    RingPedersenParams rp = new RingPedersenParams(n, s, t);
    BigInteger x1 = BigInteger.valueOf(-77);
    BigInteger x2 = BigInteger.valueOf(1000);
    BigInteger y1 = BigInteger.valueOf(5);
    BigInteger y2 = BigInteger.valueOf(-9);
    assertThat(rp.commit(x1, y1).multiply(rp.commit(x2, y2)).mod(n))
        .isEqualTo(rp.commit(x1.add(x2), y1.add(y2)));
    assertThatThrownBy(() -> new RingPedersenParams(n, s, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RingPedersenParams(n, BigInteger.ONE, t))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
