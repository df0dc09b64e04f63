package io.tbridge.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 20-byte Ethereum account or contract address. Parsing ignores letter case, so every spelling of
 * one address is equal; {@link #toString()} prints the EIP-55 checksummed form.
 */
public record Address(byte[] bytes) {
  /** Length of an address in bytes. */
  public static final int LENGTH = 20;

  /** The zero address, never a valid token, signer or recipient. */
  public static final Address ZERO = new Address(new byte[LENGTH]);

  /** Validates the length and keeps a private copy. */
  public Address {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("an address must be exactly 20 bytes");
    }
    bytes = bytes.clone();
  }

  /** The address with these 20 bytes. */
  public static Address of(byte[] bytes) {
    return new Address(bytes);
  }

  /** Parses {@code 0x} plus 40 hex digits in any letter case (checksum or not). */
  public static Address of(String hex) {
    return new Address(Hex.decode(hex, LENGTH, "address"));
  }

  /**
   * Parses an address an operator typed (config): all-lowercase or all-uppercase hex is accepted as
   * unchecksummed, a mixed-case spelling must carry a valid EIP-55 checksum, which catches a
   * mistyped digit. The message never suggests the "right" checksum: that would bless the typo.
   */
  public static Address ofChecksummed(String hex) {
    Address a = of(hex);
    String digits = hex.substring(2);
    boolean mixed =
        !digits.equals(digits.toLowerCase(java.util.Locale.ROOT))
            && !digits.equals(digits.toUpperCase(java.util.Locale.ROOT));
    if (mixed && !a.toChecksumHex().substring(2).equals(digits)) {
      throw new IllegalArgumentException(
          "address " + hex + " is mixed-case but its EIP-55 checksum is wrong (mistyped?)");
    }
    return a;
  }

  /** A copy of the 20 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Whether this is the zero address. */
  public boolean isZero() {
    return equals(ZERO);
  }

  /** The 32-byte ABI word of this address (left-padded with zeros). */
  public byte[] toWord() {
    byte[] word = new byte[32];
    System.arraycopy(bytes, 0, word, 12, LENGTH);
    return word;
  }

  /** Lower-case hex with a {@code 0x} prefix. */
  public String toLowerHex() {
    return Hex.encode(bytes);
  }

  /** The EIP-55 mixed-case checksum spelling. */
  public String toChecksumHex() {
    String lower = toLowerHex().substring(2);
    byte[] hash = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII)).bytes();
    StringBuilder out = new StringBuilder(42).append("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }
}
