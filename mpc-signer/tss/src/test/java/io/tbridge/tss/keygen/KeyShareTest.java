package io.tbridge.tss.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.testing.KeygenFixture;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyShareTest {
  private static Map<Integer, KeyShare> shares;

  @BeforeAll
  static void generate() {
    shares = KeygenFixture.generate(Committee.ofSize(2, 3), 2024);
  }

  @Test
  void shouldRoundTripThroughItsEncoding() throws Exception {
    for (KeyShare s : shares.values()) {
      KeyShare back = KeyShare.decode(s.encode());
      assertThat(back.self()).isEqualTo(s.self());
      assertThat(back.committee()).isEqualTo(s.committee());
      assertThat(back.secretShare()).isEqualTo(s.secretShare());
      assertThat(back.publicShares()).isEqualTo(s.publicShares());
      assertThat(back.publicKey()).isEqualTo(s.publicKey());
      assertThat(back.ethereumAddress()).isEqualTo(s.ethereumAddress());
      assertThat(back.encode()).isEqualTo(s.encode());
    }
  }

  @Test
  void shouldNeverShowTheSecretShareInToString() {
    for (KeyShare s : shares.values()) {
      String text = s.toString();
      assertThat(text)
          .contains("redacted")
          .contains(s.ethereumAddress().hex())
          .doesNotContain(s.secretShare().toString())
          .doesNotContain(s.secretShare().toString(16))
          .doesNotContain(HexFormat.of().formatHex(Secp256k1.encodeScalar(s.secretShare())));
    }
  }

  @Test
  void shouldRejectEveryMutatedEncodingWithADecodingExceptionOnly() {
    byte[] good = shares.get(1).encode();
    Random r = new Random(1);
    int decodedAnyway = 0;
    for (int pos = 0; pos < good.length; pos++) {
      for (int trial = 0; trial < 3; trial++) {
        byte[] bad = good.clone();
        bad[pos] ^= (byte) (1 + r.nextInt(255));
        try {
          KeyShare k = KeyShare.decode(bad);
          // A few fields (e.g. a larger threshold) can change and still describe a valid share.
          assertThat(Secp256k1.mulG(k.secretShare())).isEqualTo(k.publicShare(k.self()));
          decodedAnyway++;
        } catch (DecodingException expected) {
          assertThat(expected.getMessage())
              .doesNotContain(shares.get(1).secretShare().toString(16));
        }
      }
    }
    for (int len = 0; len < good.length; len++) {
      byte[] truncated = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> KeyShare.decode(truncated)).isInstanceOf(DecodingException.class);
    }
    assertThat(decodedAnyway).isLessThan(good.length / 10);
  }

  @Test
  void shouldRefuseInconsistentKeyShares() {
    KeyShare s = shares.get(1);
    Committee c = s.committee();
    Map<Integer, ECPoint> pub = new HashMap<>(s.publicShares());
    assertThatThrownBy(
            () -> KeyShare.of(1, c, s.secretShare().add(BigInteger.ONE), pub, s.publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> KeyShare.of(1, c, s.secretShare(), pub, Secp256k1.G))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group public key");
    Map<Integer, ECPoint> moved = new HashMap<>(pub);
    moved.put(3, moved.get(3).add(Secp256k1.G).normalize());
    assertThatThrownBy(() -> KeyShare.of(1, c, s.secretShare(), moved, s.publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("party 3");
    Map<Integer, ECPoint> missing = new HashMap<>(pub);
    missing.remove(2);
    assertThatThrownBy(() -> KeyShare.of(1, c, s.secretShare(), missing, s.publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly the committee");
    assertThatThrownBy(() -> KeyShare.of(4, c, s.secretShare(), pub, s.publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyShare.of(1, c, BigInteger.ZERO, pub, s.publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldGiveAdditiveSharesThatSumToTheGroupSecretForAnySubset() {
    for (List<Integer> signers :
        List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3), List.of(1, 2, 3))) {
      BigInteger x = BigInteger.ZERO;
      for (int i : signers) {
        x = x.add(shares.get(i).additiveShare(signers));
      }
      assertThat(Secp256k1.mulG(x)).isEqualTo(shares.get(1).publicKey());
    }
    assertThatThrownBy(() -> shares.get(1).additiveShare(List.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shares.get(1).additiveShare(List.of(2, 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldDeriveTheEthereumAddressOfTheGroupKey() {
    // Well-known vector: the address of private key 1 (public key G).
    assertThat(EthereumAddress.of(Secp256k1.G).hex())
        .isEqualTo("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
    KeyShare s = shares.get(2);
    assertThat(s.ethereumAddress()).isEqualTo(EthereumAddress.of(s.publicKey()));
    assertThatThrownBy(() -> new EthereumAddress(new byte[19]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
