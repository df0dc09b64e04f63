package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresignSessionTest {
  @Test
  void shouldAgreeOnOneNonceAcrossSigners() {
    PresignFixture.Keys keys = PresignFixture.keys(2, 3, SecurityLevel.TEST, 11);
    long t0 = System.nanoTime();
    Map<Integer, Presignature> out = PresignFixture.presign(keys, List.of(1, 3), 5);
    System.out.println("presign ms " + (System.nanoTime() - t0) / 1e6);
    assertThat(out).containsOnlyKeys(1, 3);
    assertThat(out.get(1).nonce()).isEqualTo(out.get(3).nonce());
    assertThat(out.get(1).r()).isNotEqualTo(BigInteger.ZERO);
    assertThat(Secp256k1.Q).isNotNull();
  }
}
