package io.tbridge.tss.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses what {@link ByteWriter} wrote. Every read checks bounds and sizes before allocating, so
 * hostile input can neither crash the reader nor make it allocate large buffers; all failures are
 * {@link DecodingException}.
 */
public final class ByteReader {
  /** Upper bound of any single length-prefixed item; larger claims are rejected up front. */
  public static final int MAX_ITEM_BYTES = 1 << 20;

  private final byte[] data;
  private int pos;

  /** Wraps the input; it is not copied, and must not change while being read. */
  public ByteReader(byte[] data) {
    this.data = data;
  }

  /** Reads one unsigned byte. */
  public int u8() throws DecodingException {
    need(1);
    return data[pos++] & 0xff;
  }

  /** Reads a 4-byte big-endian int. */
  public int i32() throws DecodingException {
    need(4);
    int v =
        ((data[pos] & 0xff) << 24)
            | ((data[pos + 1] & 0xff) << 16)
            | ((data[pos + 2] & 0xff) << 8)
            | (data[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** Reads an 8-byte big-endian long. */
  public long i64() throws DecodingException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos++] & 0xff);
    }
    return v;
  }

  /** Reads a length-prefixed byte string of at most {@code maxLength} bytes. */
  public byte[] bytes(int maxLength) throws DecodingException {
    int len = i32();
    if (len < 0 || len > Math.min(maxLength, MAX_ITEM_BYTES)) {
      throw new DecodingException("length " + len + " out of range [0, " + maxLength + "]");
    }
    need(len);
    byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + len);
    pos += len;
    return out;
  }

  /** Reads exactly {@code length} raw bytes (a fixed-size field). */
  public byte[] raw(int length) throws DecodingException {
    need(length);
    byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + length);
    pos += length;
    return out;
  }

  /** Reads a length-prefixed UTF-8 string of at most {@code maxLength} bytes. */
  public String string(int maxLength) throws DecodingException {
    return new String(bytes(maxLength), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The longest encoding {@link #bigInt(int)} accepts for {@code maxBits}: sign, length, magnitude.
   */
  public static int maxBigIntBytes(int maxBits) {
    return 1 + Integer.BYTES + (maxBits + 7) / 8;
  }

  /**
   * Reads a signed big integer whose magnitude has at most {@code maxBits} bits. Non-minimal
   * encodings (leading zero bytes, negative zero) are rejected so each value has one encoding.
   */
  public BigInteger bigInt(int maxBits) throws DecodingException {
    int sign = u8();
    if (sign > 1) {
      throw new DecodingException("bad sign byte " + sign);
    }
    byte[] mag = bytes((maxBits + 7) / 8);
    if (mag.length > 0 && mag[0] == 0) {
      throw new DecodingException("non-minimal integer encoding");
    }
    BigInteger v = new BigInteger(1, mag);
    if (v.bitLength() > maxBits) {
      throw new DecodingException("integer has " + v.bitLength() + " bits, max " + maxBits);
    }
    if (sign == 1 && v.signum() == 0) {
      throw new DecodingException("negative zero");
    }
    return sign == 1 ? v.negate() : v;
  }

  /** Reads a list of exactly {@code expectedCount} big integers. */
  public List<BigInteger> bigInts(int expectedCount, int maxBits) throws DecodingException {
    int count = i32();
    if (count != expectedCount) {
      throw new DecodingException("expected " + expectedCount + " integers, got " + count);
    }
    List<BigInteger> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(bigInt(maxBits));
    }
    return out;
  }

  /** Throws unless every byte has been consumed: trailing garbage is an error. */
  public void end() throws DecodingException {
    if (pos != data.length) {
      throw new DecodingException((data.length - pos) + " trailing bytes");
    }
  }

  private void need(int n) throws DecodingException {
    if (n < 0 || data.length - pos < n) {
      throw new DecodingException("truncated: need " + n + " bytes at offset " + pos);
    }
  }
}
