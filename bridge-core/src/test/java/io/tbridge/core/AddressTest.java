package io.tbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

  // The checksum examples published with EIP-55.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
      })
  void shouldPrintEip55Checksum(String checksummed) {
    assertThat(Address.of(checksummed.toLowerCase()).toString()).isEqualTo(checksummed);
    assertThat(Address.of(checksummed.toUpperCase().replace("0X", "0x")).toChecksumHex())
        .isEqualTo(checksummed);
  }

  @Test
  void shouldTreatTwoSpellingsOfOneAddressAsEqual() {
    Address lower = Address.of("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    Address mixed = Address.of("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    assertThat(lower).isEqualTo(mixed).hasSameHashCodeAs(mixed);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg",
        "0x+aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
      })
  void shouldRejectMalformedText(String text) {
    assertThatThrownBy(() -> Address.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address");
  }

  @Test
  void shouldRejectWrongByteLength() {
    assertThatThrownBy(() -> Address.of(new byte[19]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20 bytes");
    assertThatThrownBy(() -> Address.of((byte[]) null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCopyBytesInAndOut() {
    byte[] raw = new byte[20];
    Address address = Address.of(raw);
    raw[0] = 1;
    assertThat(address.isZero()).isTrue();
    address.bytes()[0] = 1;
    assertThat(address).isEqualTo(Address.ZERO);
  }

  @Test
  void shouldEncodeAsLeftPaddedWord() {
    Address address = Address.of("0x00000000000000000000000000000000000000ff");
    byte[] word = address.toWord();
    assertThat(word).hasSize(32);
    assertThat(word[31]).isEqualTo((byte) 0xff);
    assertThat(word[11]).isZero();
  }

  @Test
  void shouldAcceptAValidChecksumAndUnchecksummedSpellingsFromConfig() {
    String good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    Address a = Address.of(good);
    assertThat(Address.ofChecksummed(good)).isEqualTo(a);
    assertThat(Address.ofChecksummed(good.toLowerCase())).isEqualTo(a);
    assertThat(Address.ofChecksummed("0x" + good.substring(2).toUpperCase())).isEqualTo(a);
  }

  @Test
  void shouldRefuseAMixedCaseAddressWithAWrongChecksum() {
    // One letter's case flipped: the checksum no longer matches.
    String bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
    assertThatThrownBy(() -> Address.ofChecksummed(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EIP-55 checksum is wrong")
        .hasMessageNotContaining("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  }
}
