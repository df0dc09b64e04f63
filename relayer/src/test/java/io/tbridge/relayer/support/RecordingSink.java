package io.tbridge.relayer.support;

import io.tbridge.chain.kafka.PublishException;
import io.tbridge.core.LockEvent;
import io.tbridge.relayer.publish.LockSink;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the watcher publishes; can be told to fail the next publications. */
public final class RecordingSink implements LockSink {

  private final List<LockEvent> published = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();

  @Override
  public synchronized void publish(List<LockEvent> locks) {
    if (failNext.get() > 0) {
      failNext.decrementAndGet();
      throw new PublishException("test: broker unavailable", null);
    }
    published.addAll(locks);
  }

  /** Makes the next {@code n} non-empty or empty publications fail. */
  public void failNext(int n) {
    failNext.set(n);
  }

  /** Everything published, in order. */
  public synchronized List<LockEvent> published() {
    return List.copyOf(published);
  }

  /** The nonces published, in order. */
  public synchronized List<BigInteger> nonces() {
    return published.stream().map(LockEvent::nonce).toList();
  }
}
