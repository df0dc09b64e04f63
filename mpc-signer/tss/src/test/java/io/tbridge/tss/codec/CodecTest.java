package io.tbridge.tss.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Property(tries = 200)
  void everyWrittenSequenceShouldReadBackExactly(
      @ForAll @Size(max = 40) byte[] blob,
      @ForAll int i,
      @ForAll long l,
      @ForAll @IntRange(min = 0, max = 255) int u,
      @ForAll BigInteger big,
      @ForAll String text)
      throws DecodingException {
    byte[] enc =
        new ByteWriter()
            .u8(u)
            .i32(i)
            .i64(l)
            .bytes(blob)
            .bigInt(big)
            .string(text)
            .bigInts(List.of(big, big.negate(), BigInteger.ZERO))
            .toByteArray();
    ByteReader r = new ByteReader(enc);
    assertThat(r.u8()).isEqualTo(u);
    assertThat(r.i32()).isEqualTo(i);
    assertThat(r.i64()).isEqualTo(l);
    assertThat(r.bytes(40)).isEqualTo(blob);
    assertThat(r.bigInt(big.abs().bitLength())).isEqualTo(big);
    assertThat(r.string(1 << 16)).isEqualTo(text);
    assertThat(r.bigInts(3, Math.max(1, big.abs().bitLength())))
        .containsExactly(big, big.negate(), BigInteger.ZERO);
    r.end();
  }

  @Property(tries = 200)
  void differentIntegersShouldNeverShareAnEncoding(@ForAll BigInteger a, @ForAll BigInteger b) {
    byte[] ea = new ByteWriter().bigInt(a).toByteArray();
    byte[] eb = new ByteWriter().bigInt(b).toByteArray();
    assertThat(java.util.Arrays.equals(ea, eb)).isEqualTo(a.equals(b));
  }

  @Test
  void shouldRejectNonCanonicalAndOversizedIntegers() {
    byte[] negativeZero = new ByteWriter().u8(1).bytes(new byte[0]).toByteArray();
    byte[] leadingZero = new ByteWriter().u8(0).bytes(new byte[] {0, 5}).toByteArray();
    byte[] badSign = new ByteWriter().u8(2).bytes(new byte[] {5}).toByteArray();
    byte[] nineBits = new ByteWriter().bigInt(BigInteger.valueOf(256)).toByteArray();
    assertThatThrownBy(() -> new ByteReader(negativeZero).bigInt(8))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(leadingZero).bigInt(16))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(badSign).bigInt(8))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(nineBits).bigInt(8))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldRejectHostileLengthsWithoutAllocating() {
    byte[] hugeLength = new ByteWriter().i32(Integer.MAX_VALUE).toByteArray();
    byte[] negativeLength = new ByteWriter().i32(-1).toByteArray();
    byte[] beyondEnd = new ByteWriter().i32(10).raw(new byte[3]).toByteArray();
    assertThatThrownBy(() -> new ByteReader(hugeLength).bytes(Integer.MAX_VALUE))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(negativeLength).bytes(100))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(beyondEnd).bytes(100))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(new byte[] {1, 2}).raw(-1))
        .isInstanceOf(DecodingException.class);
    byte[] wrongCount = new ByteWriter().bigInts(List.of(BigInteger.ONE)).toByteArray();
    assertThatThrownBy(() -> new ByteReader(wrongCount).bigInts(2, 8))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void shouldRejectTrailingBytesAndTruncation() throws DecodingException {
    ByteReader r = new ByteReader(new byte[] {1, 2});
    r.u8();
    assertThatThrownBy(r::end).isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(new byte[3]).i32())
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> new ByteReader(new byte[7]).i64())
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void writerShouldRejectOutOfRangeBytes() {
    assertThatThrownBy(() -> new ByteWriter().u8(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().u8(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
