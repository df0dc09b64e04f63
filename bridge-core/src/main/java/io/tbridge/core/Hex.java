package io.tbridge.core;

import java.util.Objects;

/** Hex text for byte values: lower-case output, case-insensitive input with a mandatory 0x. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Lower-case hex of {@code bytes} with a {@code 0x} prefix. */
  public static String encode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    char[] out = new char[2 + bytes.length * 2];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Parses {@code 0x}-prefixed hex of exactly {@code expectedBytes} bytes, in any letter case.
   *
   * @throws IllegalArgumentException naming {@code what} if the text is not such hex
   */
  public static byte[] decode(String text, int expectedBytes, String what) {
    if (text == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (text.length() != 2 + 2 * expectedBytes
        || text.charAt(0) != '0'
        || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
      throw new IllegalArgumentException(
          what + " must be 0x followed by " + (2 * expectedBytes) + " hex digits");
    }
    byte[] out = new byte[expectedBytes];
    for (int i = 0; i < expectedBytes; i++) {
      int hi = Character.digit(text.charAt(2 + 2 * i), 16);
      int lo = Character.digit(text.charAt(3 + 2 * i), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(what + " contains a character that is not hex");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }
}
