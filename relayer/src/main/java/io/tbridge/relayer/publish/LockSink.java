package io.tbridge.relayer.publish;

import io.tbridge.core.LockEvent;
import java.util.List;

/** Where the watcher hands final locks. */
public interface LockSink {

  /**
   * Publishes every lock and returns only once all are durably accepted (for Kafka: acknowledged by
   * all in-sync replicas); throws if any was not, so the caller does not move its checkpoint.
   */
  void publish(List<LockEvent> locks);
}
