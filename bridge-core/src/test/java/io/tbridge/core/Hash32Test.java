package io.tbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Hash32Test {

  @Test
  void shouldParseAnyLetterCaseToOneValue() {
    String lower = "0x" + "ab".repeat(32);
    assertThat(Hash32.of(lower)).isEqualTo(Hash32.of(lower.toUpperCase().replace("0X", "0x")));
    assertThat(Hash32.of(lower.toUpperCase()).toHex()).isEqualTo(lower);
  }

  @Test
  void shouldRejectWrongLengths() {
    assertThatThrownBy(() -> Hash32.of("0x" + "ab".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash32.of(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void shouldComputeEthereumKeccakNotSha3() {
    // keccak256("") differs from NIST SHA3-256("") (a7ffc6f8...).
    assertThat(Keccak256.hash(new byte[0]).toHex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void shouldKnowZero() {
    assertThat(Hash32.of(new byte[32]).isZero()).isTrue();
    assertThat(Samples.hash(1).isZero()).isFalse();
  }
}
