package io.tbridge.tss.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * Builds the versioned binary encoding of messages and key material. Every variable-length item
 * carries a 4-byte big-endian length prefix, so the encoding is injective (two different field
 * sequences never produce the same bytes) and can be parsed without lookahead.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends one unsigned byte (0..255), e.g. a version or a tag. */
  public ByteWriter u8(int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    out.write(value);
    return this;
  }

  /** Appends a 4-byte big-endian signed int. */
  public ByteWriter i32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  /** Appends an 8-byte big-endian signed long. */
  public ByteWriter i64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Appends a length-prefixed byte string. */
  public ByteWriter bytes(byte[] value) {
    i32(value.length);
    out.writeBytes(value);
    return this;
  }

  /** Appends raw bytes with no length prefix (only for fixed-size fields). */
  public ByteWriter raw(byte[] value) {
    out.writeBytes(value);
    return this;
  }

  /** Appends a length-prefixed UTF-8 string. */
  public ByteWriter string(String value) {
    return bytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Appends a signed big integer as a sign byte (0 = non-negative, 1 = negative) followed by the
   * length-prefixed big-endian magnitude, so negative values (range-proof responses) round-trip.
   */
  public ByteWriter bigInt(BigInteger value) {
    u8(value.signum() < 0 ? 1 : 0);
    return bytes(magnitude(value.abs()));
  }

  /** Appends a list of big integers, count first. */
  public ByteWriter bigInts(List<BigInteger> values) {
    i32(values.size());
    values.forEach(this::bigInt);
    return this;
  }

  /** Returns the bytes written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Minimal big-endian magnitude of a non-negative value (zero is the empty string). */
  static byte[] magnitude(BigInteger nonNegative) {
    byte[] b = nonNegative.toByteArray();
    int skip = 0;
    while (skip < b.length && b[skip] == 0) {
      skip++;
    }
    return java.util.Arrays.copyOfRange(b, skip, b.length);
  }
}
