package io.tbridge.tss.auxinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.fixtures.AuxInfoFixture;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierPublicKey;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuxInfoTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final Committee COMMITTEE = Committee.ofSize(2, 3);

  private static Map<Integer, AuxInfo> all() {
    return AuxInfoFixture.direct(COMMITTEE, LEVEL, 1);
  }

  @Test
  void shouldRoundTripThroughTheVersionedEncoding() throws Exception {
    AuxInfo a = all().get(2);
    AuxInfo decoded = AuxInfo.decode(a.encode());
    assertThat(decoded.self()).isEqualTo(2);
    assertThat(decoded.committee()).isEqualTo(COMMITTEE);
    assertThat(decoded.level()).isEqualTo(LEVEL);
    assertThat(decoded.paillierSecretKey().p()).isEqualTo(a.paillierSecretKey().p());
    assertThat(decoded.paillierSecretKey().q()).isEqualTo(a.paillierSecretKey().q());
    assertThat(decoded.paillierPublicKeys()).isEqualTo(a.paillierPublicKeys());
    assertThat(decoded.ringPedersenParams()).isEqualTo(a.ringPedersenParams());
    assertThat(decoded.encode()).isEqualTo(a.encode());
  }

  @Test
  void toStringShouldNotRevealTheSecretKey() {
    AuxInfo a = all().get(1);
    String text = a.toString();
    PaillierSecretKey sk = a.paillierSecretKey();
    for (BigInteger secret : new BigInteger[] {sk.p(), sk.q(), sk.phi()}) {
      assertThat(text).doesNotContain(secret.toString()).doesNotContain(secret.toString(16));
    }
    assertThat(text).contains("redacted");
  }

  @Test
  void decoderShouldThrowOnlyDecodingExceptionForRandomAndMutatedInput() {
    byte[] valid = all().get(3).encode();
    Random r = new Random(99);
    for (int i = 0; i < 300; i++) {
      byte[] junk = new byte[r.nextInt(600)];
      r.nextBytes(junk);
      decodeExpectingOnlyDecodingException(junk);
    }
    for (int i = 0; i < 300; i++) {
      byte[] mutated = valid.clone();
      int changes = 1 + r.nextInt(4);
      for (int c = 0; c < changes; c++) {
        mutated[r.nextInt(mutated.length)] = (byte) r.nextInt(256);
      }
      decodeExpectingOnlyDecodingException(mutated);
    }
    for (int cut = 0; cut < valid.length; cut += 97) {
      byte[] truncated = Arrays.copyOf(valid, cut);
      assertThatThrownBy(() -> AuxInfo.decode(truncated)).isInstanceOf(DecodingException.class);
    }
    byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
    assertThatThrownBy(() -> AuxInfo.decode(trailing))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void decoderShouldRejectUnknownVersionsAndLevels() {
    byte[] valid = all().get(1).encode();
    byte[] v2 = valid.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> AuxInfo.decode(v2)).hasMessageContaining("version");
    byte[] otherLevel =
        new ByteWriter()
            .u8(AuxInfo.VERSION)
            .string(AuxInfo.MAGIC)
            .string("cggmp21-1024")
            .toByteArray();
    assertThatThrownBy(() -> AuxInfo.decode(otherLevel)).hasMessageContaining("security level");
    byte[] otherMagic = new ByteWriter().u8(AuxInfo.VERSION).string("key-share").toByteArray();
    assertThatThrownBy(() -> AuxInfo.decode(otherMagic)).hasMessageContaining("magic");
  }

  @Test
  void shouldRefuseInconsistentParts() {
    AuxInfo a = all().get(1);
    Map<Integer, PaillierPublicKey> pk = new TreeMap<>(a.paillierPublicKeys());
    Map<Integer, RingPedersenParams> rp = new TreeMap<>(a.ringPedersenParams());
    PaillierSecretKey sk = a.paillierSecretKey();

    assertThatThrownBy(() -> AuxInfo.of(4, COMMITTEE, LEVEL, sk, pk, rp))
        .hasMessageContaining("not in the committee");
    assertThatThrownBy(
            () -> AuxInfo.of(2, COMMITTEE, LEVEL, sk, pk, rp)) // party 2 with party 1's secret
        .hasMessageContaining("does not match");
    Map<Integer, PaillierPublicKey> missing = new TreeMap<>(pk);
    missing.remove(3);
    assertThatThrownBy(() -> AuxInfo.of(1, COMMITTEE, LEVEL, sk, missing, rp))
        .hasMessageContaining("per party");
    Map<Integer, PaillierPublicKey> duplicate = new TreeMap<>(pk);
    duplicate.put(3, pk.get(2));
    Map<Integer, RingPedersenParams> duplicateRp = new TreeMap<>(rp);
    duplicateRp.put(3, rp.get(2));
    assertThatThrownBy(() -> AuxInfo.of(1, COMMITTEE, LEVEL, sk, duplicate, duplicateRp))
        .hasMessageContaining("repeats");
    Map<Integer, RingPedersenParams> mismatched = new TreeMap<>(rp);
    mismatched.put(3, rp.get(2));
    assertThatThrownBy(() -> AuxInfo.of(1, COMMITTEE, LEVEL, sk, pk, mismatched))
        .hasMessageContaining("differs");
    assertThatThrownBy(() -> AuxInfo.of(1, COMMITTEE, SecurityLevel.PRODUCTION, sk, pk, rp))
        .hasMessageContaining("3072");
    // t = 1 is refused at the production level whatever the keys; the test level accepts it.
    Committee oneOfThree = Committee.ofSize(1, 3);
    assertThatThrownBy(() -> AuxInfo.of(1, oneOfThree, SecurityLevel.PRODUCTION, sk, pk, rp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t = 1");
    assertThat(AuxInfo.of(1, oneOfThree, LEVEL, sk, pk, rp).committee()).isEqualTo(oneOfThree);
    PaillierSecretKey big = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0);
    assertThat(big.publicKey().n().bitLength()).isEqualTo(3072);
  }

  @Test
  void lookupOfAPartyOutsideTheCommitteeShouldFailClearly() {
    AuxInfo a = all().get(1);
    assertThatThrownBy(() -> a.paillierPublicKey(9)).hasMessageContaining("party 9");
    assertThatThrownBy(() -> a.ringPedersen(0)).hasMessageContaining("party 0");
  }

  private static void decodeExpectingOnlyDecodingException(byte[] input) {
    try {
      AuxInfo.decode(input);
    } catch (DecodingException expected) {
      // the one documented failure
    } catch (RuntimeException e) {
      fail("decoder threw " + e + " instead of DecodingException");
    }
  }
}
