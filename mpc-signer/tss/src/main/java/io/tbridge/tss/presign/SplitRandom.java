package io.tbridge.tss.presign;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.drbg.HashSP800DRBG;

/**
 * A child random source for one parallel task: an SP 800-90A Hash_DRBG (SHA-512, 256-bit strength)
 * instantiated from 64 bytes drawn from the session's injected {@link SecureRandom}. Children are
 * derived one after another before the tasks start, so a seeded session stays deterministic however
 * the tasks are scheduled, and each task's stream is as strong as its parent.
 */
final class SplitRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private static final int SEED_BYTES = 64;

  private SplitRandom(Spi spi) {
    super(spi, null);
  }

  /** Draws a seed from {@code parent} and returns the child; call from one thread at a time. */
  static SecureRandom from(SecureRandom parent, String label) {
    byte[] seed = new byte[SEED_BYTES];
    parent.nextBytes(seed);
    return new SplitRandom(new Spi(seed, label));
  }

  /** A source instantiated from a 64-byte seed the caller derived (the caller wipes its copy). */
  static SecureRandom fromSeed(byte[] seed, String label) {
    if (seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("seed must be " + SEED_BYTES + " bytes");
    }
    return new SplitRandom(new Spi(seed.clone(), label));
  }

  private static final class Spi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final transient HashSP800DRBG drbg;

    Spi(byte[] seed, String label) {
      EntropySource source =
          new EntropySource() {
            private boolean used;

            @Override
            public boolean isPredictionResistant() {
              return false;
            }

            @Override
            public byte[] getEntropy() {
              // The seed is handed out once (instantiation); a reseed request means the DRBG's
              // 2^48-request limit was hit, which one task never reaches.
              if (used) {
                throw new IllegalStateException("child random source exhausted");
              }
              used = true;
              return seed.clone();
            }

            @Override
            public int entropySize() {
              return SEED_BYTES * 8;
            }
          };
      this.drbg =
          new HashSP800DRBG(
              new SHA512Digest(),
              256,
              source,
              label.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              new byte[0]);
      java.util.Arrays.fill(seed, (byte) 0);
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      throw new UnsupportedOperationException("a child random source is seeded once");
    }

    @Override
    protected synchronized void engineNextBytes(byte[] bytes) {
      // One DRBG request yields at most 2^19 bits; split larger requests.
      int max = 1 << 16;
      for (int off = 0; off < bytes.length; off += max) {
        int len = Math.min(max, bytes.length - off);
        byte[] chunk = new byte[len];
        drbg.generate(chunk, null, false);
        System.arraycopy(chunk, 0, bytes, off, len);
      }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      byte[] out = new byte[numBytes];
      engineNextBytes(out);
      return out;
    }
  }

  @Override
  public String toString() {
    return "SplitRandom[Hash_DRBG/SHA-512]";
  }
}
