package io.tbridge.tss.testing;

import io.tbridge.tss.codec.DecodingException;
import java.util.Arrays;
import java.util.Random;

/** Shared byte mutations and feeding for decoder fuzz tests: decoders may only fail one way. */
public final class DecoderFuzz {
  private DecoderFuzz() {}

  /** A decoder under fuzz; {@link DecodingException} is its one documented failure. */
  @FunctionalInterface
  public interface Decoder {
    /** Decodes {@code input} completely or throws {@link DecodingException}. */
    void decode(byte[] input) throws DecodingException;
  }

  /**
   * A random mutation of {@code good}: a flipped byte, a truncation, appended bytes, or a length
   * field overwritten with a huge or negative value.
   */
  public static byte[] mutate(byte[] good, Random r) {
    byte[] b = good.clone();
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 2 -> {
        b = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
        b[b.length - 1] = (byte) r.nextInt();
      }
      default -> {
        // Overwrite four bytes with a large or negative length prefix.
        int at = r.nextInt(Math.max(1, b.length - 4));
        int v = r.nextBoolean() ? Integer.MAX_VALUE - r.nextInt(100) : -1 - r.nextInt(100);
        for (int k = 0; k < 4 && at + k < b.length; k++) {
          b[at + k] = (byte) (v >>> (24 - 8 * k));
        }
      }
    }
    return b;
  }

  /** Feeds {@code input} to {@code d}; anything but a {@link DecodingException} propagates. */
  public static void feed(Decoder d, byte[] input) {
    try {
      d.decode(input);
    } catch (DecodingException expected) {
      // the one documented failure
    }
  }

  /**
   * Feeds {@code trials} inputs to {@code d}: every fourth a random byte string shorter than 600
   * bytes, the others mutations of {@code good}.
   */
  public static void feedRandomAndMutated(Decoder d, byte[] good, Random r, int trials) {
    for (int trial = 0; trial < trials; trial++) {
      byte[] bad;
      if (trial % 4 == 0) {
        bad = new byte[r.nextInt(600)];
        r.nextBytes(bad);
      } else {
        bad = mutate(good, r);
      }
      feed(d, bad);
    }
  }
}
