package io.tbridge.core;

import java.util.Arrays;

/** A 32-byte hash (block hash, transaction hash, digest); parsing ignores letter case. */
public record Hash32(byte[] bytes) {
  /** Length of a hash in bytes. */
  public static final int LENGTH = 32;

  /** Validates the length and keeps a private copy. */
  public Hash32 {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash must be exactly 32 bytes");
    }
    bytes = bytes.clone();
  }

  /** The hash with these 32 bytes. */
  public static Hash32 of(byte[] bytes) {
    return new Hash32(bytes);
  }

  /** Parses {@code 0x} plus 64 hex digits in any letter case. */
  public static Hash32 of(String hex) {
    return new Hash32(Hex.decode(hex, LENGTH, "hash"));
  }

  /** A copy of the 32 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Whether all 32 bytes are zero (never a valid digest or block hash). */
  public boolean isZero() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex with a {@code 0x} prefix. */
  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash32 that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
