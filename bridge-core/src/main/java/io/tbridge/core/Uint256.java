package io.tbridge.core;

import java.math.BigInteger;

/** Range checks and the 32-byte big-endian ABI word of Solidity's uint256. */
public final class Uint256 {
  /** 2^256, one past the largest uint256. */
  public static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

  /** The largest uint256, 2^256 - 1. */
  public static final BigInteger MAX = LIMIT.subtract(BigInteger.ONE);

  private Uint256() {}

  /**
   * Returns {@code value} if it is in [0, 2^256).
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  public static BigInteger check(BigInteger value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException(what + " must be a uint256 in [0, 2^256)");
    }
    return value;
  }

  /**
   * Returns {@code value} if it is in [1, 2^256): for nonces and amounts, where the contract never
   * accepts zero.
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  public static BigInteger checkPositive(BigInteger value, String what) {
    check(value, what);
    if (value.signum() == 0) {
      throw new IllegalArgumentException(what + " must not be zero");
    }
    return value;
  }

  /** The 32-byte big-endian word of a uint256 (left-padded with zeros). */
  public static byte[] toWord(BigInteger value) {
    check(value, "value");
    byte[] raw = value.toByteArray();
    byte[] word = new byte[32];
    // toByteArray may carry one leading sign byte (0x00) or be shorter than 32 bytes.
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, word, 32 - copy, copy);
    return word;
  }

  /** The 32-byte word of a non-negative long. */
  public static byte[] toWord(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must not be negative");
    }
    return toWord(BigInteger.valueOf(value));
  }

  /**
   * Reads a 32-byte big-endian word.
   *
   * @throws IllegalArgumentException if {@code word} is not exactly 32 bytes
   */
  public static BigInteger fromWord(byte[] word) {
    if (word == null || word.length != 32) {
      throw new IllegalArgumentException("a uint256 word must be exactly 32 bytes");
    }
    return new BigInteger(1, word);
  }
}
