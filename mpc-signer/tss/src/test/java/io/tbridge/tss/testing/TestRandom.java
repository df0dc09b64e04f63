package io.tbridge.tss.testing;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic {@link SecureRandom}s for tests, so every run draws the same secrets. */
public final class TestRandom {
  private TestRandom() {}

  /**
   * A SHA1PRNG seeded before first use: its output is then a pure function of the seed (unlike the
   * default SecureRandom, which mixes in system entropy).
   */
  public static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
    }
  }
}
