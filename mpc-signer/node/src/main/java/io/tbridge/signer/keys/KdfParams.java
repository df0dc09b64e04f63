package io.tbridge.signer.keys;

/**
 * Argon2id cost of the key store's wrapping key.
 *
 * @param memoryKiB memory per derivation, KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {

  /**
   * The floor below which a file is refused unless weak costs are explicitly allowed (19 MiB, t=2).
   */
  public static final KdfParams FLOOR = new KdfParams(19 * 1024, 2, 1);

  /** Validating constructor. */
  public KdfParams {
    if (memoryKiB < 8
        || memoryKiB > 4 * 1024 * 1024
        || iterations < 1
        || iterations > 100
        || parallelism < 1
        || parallelism > 16) {
      throw new IllegalArgumentException("Argon2id parameters out of range");
    }
  }

  /** The default for real keys: 64 MiB, 3 passes, 1 lane. */
  public static KdfParams production() {
    return new KdfParams(64 * 1024, 3, 1);
  }

  /** A cheap cost for tests only; files made with it open only with weak costs allowed. */
  public static KdfParams forTests() {
    return new KdfParams(64, 1, 1);
  }

  /** Whether this cost is at least {@link #FLOOR}. */
  public boolean meetsFloor() {
    return memoryKiB >= FLOOR.memoryKiB && iterations >= FLOOR.iterations;
  }
}
