package io.tbridge.relayer.submit;

import io.tbridge.core.wire.SignedRelease;
import java.util.Objects;

/**
 * One signed release to get mined, with the Kafka record it came from (for a dead letter) and a
 * callback run exactly once when the job is finished for good (released, skipped or dead-lettered).
 *
 * @param release the decoded signed release
 * @param key the original record key (may be empty)
 * @param value the original record value
 * @param onDone called once when the job reaches a final state
 */
public record SubmitJob(SignedRelease release, byte[] key, byte[] value, Runnable onDone) {

  /** Validates presence. */
  public SubmitJob {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(onDone, "onDone");
  }
}
