package io.tbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class Signature65Test {
  private static final BigInteger N = Signature65.CURVE_ORDER;
  private static final ECKeyPair KEY = ECKeyPair.create(BigInteger.valueOf(0xC0FFEE));
  private static final Hash32 DIGEST = Keccak256.hash("digest".getBytes(StandardCharsets.UTF_8));

  private static Signature65 sign() {
    Sign.SignatureData sig = Sign.signMessage(DIGEST.bytes(), KEY, false);
    return Signature65.of(
        new BigInteger(1, sig.getR()), new BigInteger(1, sig.getS()), sig.getV()[0] & 0xff);
  }

  @Test
  void shouldRecoverTheSigningAddress() {
    Address expected = Address.of("0x" + Keys.getAddress(KEY.getPublicKey()));
    assertThat(sign().recoverSigner(DIGEST)).contains(expected);
    assertThat(sign().recoverSigner(Keccak256.hash(new byte[] {1}))).isNotEqualTo(expected);
  }

  @Test
  void shouldRoundTripSixtyFiveBytes() {
    Signature65 sig = sign();
    byte[] bytes = sig.toBytes();
    assertThat(bytes).hasSize(65);
    assertThat(bytes[64] & 0xff).isIn(27, 28);
    assertThat(Signature65.fromBytes(bytes)).isEqualTo(sig);
  }

  @Test
  void shouldRejectHighS() {
    Signature65 sig = sign();
    assertThatThrownBy(() -> Signature65.of(sig.r(), N.subtract(sig.s()), 55 - sig.v()))
        .hasMessageContaining("low");
  }

  @Test
  void shouldNormalizeHighSAndFlipRecoveryId() {
    Signature65 sig = sign();
    Signature65 fromHigh =
        Signature65.canonical(sig.r(), N.subtract(sig.s()), sig.recoveryId() ^ 1);
    assertThat(fromHigh).isEqualTo(sig);
    assertThat(Signature65.canonical(sig.r(), sig.s(), sig.recoveryId())).isEqualTo(sig);
  }

  @Test
  void shouldRejectVOutside27And28() {
    Signature65 sig = sign();
    for (int v : new int[] {0, 1, 26, 29, 37, 255}) {
      assertThatThrownBy(() -> Signature65.of(sig.r(), sig.s(), v))
          .hasMessageContaining("27 or 28");
    }
  }

  @Test
  void shouldRejectScalarsOutsideOneToN() {
    Signature65 sig = sign();
    assertThatThrownBy(() -> Signature65.of(BigInteger.ZERO, sig.s(), 27))
        .hasMessageContaining("r must be in [1, n)");
    assertThatThrownBy(() -> Signature65.of(N, sig.s(), 27)).hasMessageContaining("r must be");
    assertThatThrownBy(() -> Signature65.of(sig.r(), BigInteger.ZERO, 27))
        .hasMessageContaining("s must be in [1, n)");
    assertThatThrownBy(() -> Signature65.of(sig.r(), N, 27)).hasMessageContaining("s must be");
  }

  @Test
  void shouldRejectCompactAndLongForms() {
    byte[] full = sign().toBytes();
    assertThatThrownBy(() -> Signature65.fromBytes(java.util.Arrays.copyOf(full, 64)))
        .hasMessageContaining("65 bytes");
    assertThatThrownBy(() -> Signature65.fromBytes(java.util.Arrays.copyOf(full, 66)))
        .hasMessageContaining("65 bytes");
  }

  @Test
  void shouldRecoverNothingWhenRIsNoPointsX() {
    // x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square mod p).
    Signature65 bogus = Signature65.of(BigInteger.valueOf(5), BigInteger.ONE, 27);
    assertThat(bogus.recoverSigner(DIGEST)).isEmpty();
  }
}
