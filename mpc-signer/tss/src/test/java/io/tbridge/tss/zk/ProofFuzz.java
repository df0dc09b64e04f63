package io.tbridge.tss.zk;

import java.util.Arrays;
import java.util.Random;

/** Byte mutations for decoder fuzzing of stand-alone proof encodings. */
final class ProofFuzz {
  private ProofFuzz() {}

  /**
   * A random mutation of {@code good}: a flipped byte, a truncation, appended bytes, or a length
   * field overwritten with a huge or negative value.
   */
  static byte[] mutate(byte[] good, Random r) {
    byte[] b = good.clone();
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 2 -> {
        b = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
        b[b.length - 1] = (byte) r.nextInt();
      }
      default -> {
        int at = r.nextInt(Math.max(1, b.length - 4));
        int v = r.nextBoolean() ? Integer.MAX_VALUE - r.nextInt(100) : -1 - r.nextInt(100);
        for (int k = 0; k < 4 && at + k < b.length; k++) {
          b[at + k] = (byte) (v >>> (24 - 8 * k));
        }
      }
    }
    return b;
  }
}
