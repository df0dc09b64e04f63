package io.tbridge.serviceconfig;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter whose count lives in this object and is read by the registry at scrape time (a
 * Micrometer {@link FunctionCounter}), so nothing counted before a registry is attached is lost.
 *
 * <p>Why not a plain {@code Counter}: both services register their meters on Quarkus' composite
 * registry and start their workers in the {@code StartupEvent} observer, but Quarkus attaches the
 * Prometheus registry to that composite only afterwards (its {@code configureRegistry} step runs
 * after the start-up event and the HTTP socket). A composite counter without a child drops every
 * increment, so the relayer's locks published by a start-up rescan (or the signer's verifications
 * of redelivered hints) were never counted.
 */
public final class OwnedCounter {

  private record Key(String name, Tags tags) {}

  // One count per (registry, name, tags), as Micrometer itself keeps one meter per id: a second
  // registration of the same id (two endpoints with the same display name) shares the count
  // instead of counting into an object the registry never reads.
  private static final Map<MeterRegistry, Map<Key, OwnedCounter>> COUNTS = new WeakHashMap<>();

  private final DoubleAdder count = new DoubleAdder();

  private OwnedCounter() {}

  /** The counter {@code name} with {@code tags} on {@code registry}, created on first use. */
  public static OwnedCounter register(MeterRegistry registry, String name, String help, Tags tags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(help, "help");
    Key key = new Key(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tags, "tags"));
    synchronized (COUNTS) {
      Map<Key, OwnedCounter> counts = COUNTS.computeIfAbsent(registry, r -> new HashMap<>());
      OwnedCounter existing = counts.get(key);
      if (existing != null) {
        return existing;
      }
      OwnedCounter c = new OwnedCounter();
      FunctionCounter.builder(name, c.count, DoubleAdder::sum)
          .description(help)
          .tags(tags)
          .register(registry);
      counts.put(key, c);
      return c;
    }
  }

  /** Adds one. */
  public void increment() {
    count.add(1);
  }

  /** Adds {@code amount} (not negative: a counter only grows). */
  public void increment(double amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a counter only grows, got " + amount);
    }
    count.add(amount);
  }

  /** The count so far. */
  public double count() {
    return count.sum();
  }
}
