package io.tbridge.tss.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartyIdentityTest {
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private static PartyIdentity identity(long seed) {
    return PartyIdentity.generate(TestRandom.seeded(seed));
  }

  @Test
  void shouldDrawEveryKeyFromTheInjectedRandomSource() {
    assertThat(identity(1).publicIdentity()).isEqualTo(identity(1).publicIdentity());
    PublicIdentity a = identity(1).publicIdentity();
    PublicIdentity b = identity(2).publicIdentity();
    assertThat(b).isNotEqualTo(a);
    assertThat(b.signingKey()).isNotEqualTo(a.signingKey());
    assertThat(b.agreementKey()).isNotEqualTo(a.agreementKey());
    // The two key pairs of one identity are independent draws.
    assertThat(a.signingKey()).isNotEqualTo(a.agreementKey());
  }

  @Test
  void shouldRoundTripThePublicIdentityAndFingerprintItsEncoding() throws Exception {
    PublicIdentity id = identity(3).publicIdentity();
    byte[] encoded = id.encode();
    assertThat(encoded[0]).isEqualTo((byte) PublicIdentity.VERSION);
    assertThat(PublicIdentity.decode(encoded)).isEqualTo(id);
    assertThat(id.fingerprint())
        .hasSize(32)
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(encoded));
    assertThat(id.fingerprintHex()).isEqualTo(HexFormat.of().formatHex(id.fingerprint()));
    assertThat(identity(4).publicIdentity().fingerprint()).isNotEqualTo(id.fingerprint());
    assertThat(id.toString()).contains(id.fingerprintHex());
  }

  @Test
  void shouldRestoreTheSameIdentityFromItsSecretExport() throws Exception {
    PartyIdentity original = identity(5);
    PartyIdentity restored = PartyIdentity.importSecret(original.exportSecret());
    assertThat(restored.publicIdentity()).isEqualTo(original.publicIdentity());
    // The restored keys work: a signature verifies under the original public key, and a secret
    // agreed with the original is the one the restored key agrees.
    byte[] msg = {1, 2, 3};
    assertThat(
            Curve25519Keys.verify(
                Curve25519Keys.ed25519PublicKey(original.publicIdentity().signingKey()),
                msg,
                restored.sign(msg)))
        .isTrue();
    var peer = Curve25519Keys.generateX25519(TestRandom.seeded(6));
    assertThat(restored.agree(peer.getPublic())).isEqualTo(original.agree(peer.getPublic()));
  }

  @Test
  void shouldRefuseAnySecretExportThatIsNotExactlyOne() throws Exception {
    byte[] good = identity(7).exportSecret();
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> PartyIdentity.importSecret(truncated))
          .isInstanceOf(DecodingException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> PartyIdentity.importSecret(longer))
        .isInstanceOf(DecodingException.class);
    byte[] otherVersion = good.clone();
    otherVersion[0] = 2;
    assertThatThrownBy(() -> PartyIdentity.importSecret(otherVersion))
        .isInstanceOf(DecodingException.class);
    // A public identity is not a secret export, and vice versa.
    byte[] pub = identity(7).publicIdentity().encode();
    assertThatThrownBy(() -> PartyIdentity.importSecret(pub)).isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> PublicIdentity.decode(good)).isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldNeverShowPrivateKeysInToStringOrErrors() {
    PartyIdentity id = identity(8);
    byte[] secret = id.exportSecret();
    String seedHex =
        HexFormat.of()
            .formatHex(Arrays.copyOfRange(secret, secret.length - 64, secret.length - 32));
    String scalarHex =
        HexFormat.of().formatHex(Arrays.copyOfRange(secret, secret.length - 32, secret.length));
    assertThat(id.toString())
        .contains(id.publicIdentity().fingerprintHex())
        .doesNotContain(seedHex)
        .doesNotContain(scalarHex)
        .doesNotContain(seedHex.substring(0, 8))
        .doesNotContain(scalarHex.substring(0, 8));
    // A corrupted export (wrong tag) is refused without echoing key bytes.
    byte[] corrupted = secret.clone();
    corrupted[6] ^= 1;
    assertThatThrownBy(() -> PartyIdentity.importSecret(corrupted))
        .isInstanceOf(DecodingException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(seedHex.substring(0, 8))
                    .doesNotContain(scalarHex.substring(0, 8)));
  }

  @Test
  void shouldRejectEd25519KeysThatAreNotCanonicalPointsOfPrimeOrder() {
    byte[] x = identity(9).publicIdentity().agreementKey();
    byte[] identityPoint = new byte[32];
    identityPoint[0] = 1; // y = 1: the neutral element
    byte[] orderTwo = le(P.subtract(BigInteger.ONE)); // y = −1: the point (0, −1) of order 2
    byte[] nonCanonical = le(P.add(BigInteger.ONE)); // y = p + 1 ≡ 1, encoded non-minimally
    byte[] notOnCurve = le(BigInteger.TWO); // y = 2 has no x on edwards25519
    for (byte[] bad :
        new byte[][] {identityPoint, orderTwo, nonCanonical, notOnCurve, new byte[31]}) {
      assertThatThrownBy(() -> new PublicIdentity(bad, x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Ed25519");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        // The two points of order 8 on curve25519.
        "325606250916557431795983626356110631294008115727848805560023387167927233504",
        "39382357235489614581723060781553021112529911719440698176882885853963445705823",
      })
  void shouldRejectSmallOrderX25519Keys(String u) {
    byte[] ed = identity(10).publicIdentity().signingKey();
    byte[] bad = le(new BigInteger(u));
    assertThatThrownBy(() -> new PublicIdentity(ed, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X25519");
  }

  @Test
  void shouldRejectNonCanonicalX25519Keys() {
    PublicIdentity good = identity(11).publicIdentity();
    byte[] ed = good.signingKey();
    byte[] withTopBit = good.agreementKey();
    withTopBit[31] |= (byte) 0x80; // the same u for RFC 7748 decoders, a second encoding here
    byte[] aboveP = le(P.add(BigInteger.valueOf(9)));
    for (byte[] bad : new byte[][] {withTopBit, aboveP, le(P), new byte[33]}) {
      assertThatThrownBy(() -> new PublicIdentity(ed, bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldRefuseAPublicIdentityEncodingWithAnInvalidKeyAsADecodingError() {
    byte[] ed = identity(12).publicIdentity().signingKey();
    byte[] encoded =
        new ByteWriter()
            .u8(PublicIdentity.VERSION)
            .string(PublicIdentity.TAG)
            .raw(ed)
            .raw(new byte[32])
            .toByteArray();
    assertThatThrownBy(() -> PublicIdentity.decode(encoded)).isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldHandOutCopiesSoCallersCannotChangeAnIdentity() {
    PublicIdentity id = identity(13).publicIdentity();
    byte[] leaked = id.signingKey();
    leaked[0] ^= 1;
    assertThat(id.signingKey()).isNotEqualTo(leaked);
  }

  private static byte[] le(BigInteger v) {
    return Curve25519Keys.littleEndian(v);
  }
}
