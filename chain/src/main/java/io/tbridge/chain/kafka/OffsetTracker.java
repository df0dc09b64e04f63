package io.tbridge.chain.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Unfinished offsets of one partition. A consumer commits only up to the oldest record whose work
 * is not finished, so a record waiting for a retry never blocks newer ones from being processed,
 * yet is redelivered after a restart. Thread-safe: work may finish on other threads.
 */
public final class OffsetTracker {
  private final TreeSet<Long> open = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  /** Marks {@code offset} as received and not finished. */
  public synchronized void open(long offset) {
    open.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** Marks {@code offset} as finished. */
  public synchronized void close(long offset) {
    open.remove(offset);
  }

  /** The offset to commit (the next one to read after a restart), or -1 before any record. */
  public synchronized long committable() {
    return open.isEmpty() ? next : open.first();
  }

  /** The committable offset if it moved past the last committed one; marks it committed. */
  public synchronized long takeCommittable() {
    long c = committable();
    if (c > committed) {
      committed = c;
      return c;
    }
    return -1;
  }

  /** Forgets what was committed (after a failed commit), so the next commit repeats it. */
  public synchronized void resetCommitted() {
    committed = -1;
  }

  /**
   * Commits, for every partition, what its tracker allows. A failed commit is handed to {@code
   * onFailure} and forgotten, so the next call commits it again (records are redelivered at worst).
   */
  public static void commitAll(
      Consumer<?, ?> consumer,
      Map<TopicPartition, OffsetTracker> trackers,
      java.util.function.Consumer<RuntimeException> onFailure) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    trackers.forEach(
        (tp, t) -> {
          long c = t.takeCommittable();
          if (c >= 0) {
            offsets.put(tp, new OffsetAndMetadata(c));
          }
        });
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (RuntimeException e) {
      trackers.values().forEach(OffsetTracker::resetCommitted);
      onFailure.accept(e);
    }
  }
}
