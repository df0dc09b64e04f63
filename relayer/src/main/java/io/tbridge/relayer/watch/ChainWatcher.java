package io.tbridge.relayer.watch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.kafka.PublishException;
import io.tbridge.chain.rpc.BlockHeader;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.RangeTooLargeException;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.relayer.publish.LockSink;
import io.tbridge.serviceconfig.OwnedCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Watches one source chain. Each {@link #pollOnce()} scans at most one range of final blocks after
 * the checkpoint, verifies it, publishes its locks and only then moves the checkpoint — so a crash
 * causes a duplicate publication (harmless, consumers are idempotent), never a gap.
 *
 * <p>Checks per range: the first block's parent hash equals the checkpoint's hash (else the chain
 * reorganised below what the profile calls final: halt); every log's block hash equals the quorum's
 * canonical hash at that height and the range's last block did not change while reading (else a
 * reorg is in flight: publish nothing, retry); logs from another contract or with another event
 * signature are ignored. A quorum disagreement halts the chain durably.
 */
public final class ChainWatcher {

  private static final Logger LOG = Logger.getLogger(ChainWatcher.class);

  /** Accepted full-size ranges after which a larger range is tried again. */
  static final int GROW_AFTER = 32;

  private final WatchSettings settings;
  private final QuorumReader reader;
  private final CheckpointStore store;
  private final LockSink sink;
  private final Clock clock;
  private final OwnedCounter published;
  private final OwnedCounter reorgs;
  private final OwnedCounter disagreements;
  private final OwnedCounter ignored;
  private final OwnedCounter splits;
  private final AtomicLong lag = new AtomicLong(-1);
  private final AtomicLong halted = new AtomicLong(0);
  private volatile int range;
  private int fullRangeSuccesses;
  private volatile Optional<String> haltReason;
  private volatile Instant lastSuccess;
  private final FinalityWatch finality;

  /** A watcher for one chain; meters are registered on {@code metrics} with a chain tag. */
  public ChainWatcher(
      WatchSettings settings,
      QuorumReader reader,
      CheckpointStore store,
      LockSink sink,
      MeterRegistry metrics,
      Clock clock) {
    this.settings = settings;
    this.reader = reader;
    this.store = store;
    this.sink = sink;
    this.clock = clock;
    this.range = settings.maxRange();
    this.haltReason = store.haltReason(settings.chainId());
    this.lastSuccess = clock.instant();
    Tags tags = Tags.of("chain", settings.name());
    this.published =
        counter(metrics, "relayer.locks.published", "Final locks published to Kafka", tags);
    this.reorgs =
        counter(
            metrics,
            "relayer.reorgs.detected",
            "Reorgs seen (in flight, or below the checkpoint: halts)",
            tags);
    this.disagreements =
        counter(
            metrics,
            "relayer.quorum.disagreements",
            "Endpoint disagreements on logs or headers (each halts the chain)",
            tags);
    this.ignored =
        counter(
            metrics,
            "relayer.logs.ignored",
            "Logs ignored: another contract or another event",
            tags);
    this.splits =
        counter(metrics, "relayer.range.splits", "eth_getLogs ranges refused and split", tags);
    Gauge.builder("relayer.chain.head.lag.blocks", lag, AtomicLong::get)
        .description("Newest block any endpoint reported minus the checkpoint (-1: unknown)")
        .tags(tags)
        .register(metrics);
    this.finality = new FinalityWatch(settings.name(), settings.profile(), clock);
    Gauge.builder("relayer.chain.blocks.until.final", finality, FinalityWatch::blocksUntilFinal)
        .description("Newest head minus final head: the wait of a lock mined now (-1: unknown)")
        .tags(tags)
        .register(metrics);
    Gauge.builder("relayer.chain.final.stalled", finality, f -> f.stalled() ? 1 : 0)
        .description("1 when the final head has not moved for longer than the profile expects")
        .tags(tags)
        .register(metrics);
    Gauge.builder("relayer.chain.halted", halted, AtomicLong::get)
        .description("1 when the chain is halted (disagreement or deep reorg), else 0")
        .tags(tags)
        .register(metrics);
    haltReason.ifPresent(r -> halted.set(1));
  }

  private static OwnedCounter counter(MeterRegistry m, String name, String help, Tags tags) {
    return OwnedCounter.register(m, name, help, tags);
  }

  /** The settings this watcher runs with. */
  public WatchSettings settings() {
    return settings;
  }

  /** Why the chain is halted, if it is. */
  public Optional<String> haltReason() {
    return haltReason;
  }

  /** Blocks between the newest head any endpoint reported and the checkpoint; -1 if unknown. */
  public long lagBlocks() {
    return lag.get();
  }

  /** Newest head minus final head: what a lock mined now waits (-1 if unknown). */
  public long blocksUntilFinal() {
    return finality.blocksUntilFinal();
  }

  /** Whether the final head has stood still for longer than the chain's profile expects. */
  public boolean finalityStalled() {
    return finality.stalled();
  }

  /** When a poll last completed without an RPC failure. */
  public Instant lastSuccess() {
    return lastSuccess;
  }

  /** Scans at most one range; see the class description. */
  public PollOutcome pollOnce() {
    if (haltReason.isPresent()) {
      return PollOutcome.HALTED;
    }
    try {
      PollOutcome outcome = scan();
      lastSuccess = clock.instant();
      return outcome;
    } catch (QuorumDisagreementException e) {
      disagreements.increment();
      halt("quorum disagreement: " + e.getMessage());
      return PollOutcome.HALTED;
    } catch (QuorumUnavailableException | RpcException e) {
      // Not a WARN per retry: the reader's ChainHealth logs one WARN when the chain goes stale.
      LOG.debugf("chain=%s endpoints unavailable: %s", settings.name(), e.getMessage());
      return PollOutcome.UNAVAILABLE;
    } catch (PublishException e) {
      LOG.warnf("chain=%s publish failed, checkpoint kept: %s", settings.name(), e.getMessage());
      return PollOutcome.PUBLISH_FAILED;
    }
  }

  private PollOutcome scan() {
    OptionalLong finalHead = reader.finalHead(settings.profile());
    Checkpoint cp = store.load(settings.chainId()).orElse(Checkpoint.before(settings.startBlock()));
    reader.latestSeen().ifPresent(latest -> lag.set(Math.max(0, latest - cp.block())));
    finality.observe(finalHead, reader.latestSeen());
    if (finalHead.isEmpty()) {
      return PollOutcome.UNAVAILABLE;
    }
    long from = cp.block() + 1;
    if (from > finalHead.getAsLong()) {
      return PollOutcome.UP_TO_DATE;
    }
    long to = Math.min(finalHead.getAsLong(), from + range - 1);

    List<RpcLog> logs;
    while (true) {
      try {
        logs = reader.logs(from, to, settings.bridge(), LockedEventDecoder.TOPIC);
        break;
      } catch (RangeTooLargeException e) {
        if (to == from) {
          throw e;
        }
        splits.increment();
        range = (int) Math.max(1, (to - from + 1) / 2);
        fullRangeSuccesses = 0;
        to = from + range - 1;
        LOG.infof(
            "chain=%s endpoint refused the range, splitting to %d blocks", settings.name(), range);
      }
    }

    BlockHeader first = reader.header(from);
    if (cp.hash().isPresent() && !first.parentHash().equals(cp.hash().get())) {
      reorgs.increment();
      halt(
          "reorg below finality: block "
              + from
              + " has parent "
              + first.parentHash()
              + " but the checkpoint recorded "
              + cp.hash().get()
              + " for block "
              + cp.block()
              + " (profile "
              + settings.profile().name()
              + " is too weak for this chain)");
      return PollOutcome.HALTED;
    }
    BlockHeader last = to == from ? first : reader.header(to);
    Map<Long, Hash32> canonical = new HashMap<>();
    canonical.put(first.number(), first.hash());
    canonical.put(last.number(), last.hash());

    List<LockEvent> locks = new ArrayList<>();
    for (RpcLog log : logs) {
      if (!log.address().equals(settings.bridge())
          || log.topics().isEmpty()
          || !log.topics().get(0).equals(LockedEventDecoder.TOPIC)) {
        ignored.increment();
        LOG.warnf(
            "chain=%s ignoring log %s: not a Locked event of the bridge", settings.name(), log);
        continue;
      }
      if (log.blockNumber() < from || log.blockNumber() > to) {
        throw new QuorumDisagreementException(
            "endpoints returned a log outside the requested range: " + log);
      }
      Hash32 hash = canonical.computeIfAbsent(log.blockNumber(), n -> reader.header(n).hash());
      if (log.removed() || !hash.equals(log.blockHash())) {
        reorgs.increment();
        LOG.warnf(
            "chain=%s log %s is not on the canonical chain (block hash %s): reorg in flight, retry",
            settings.name(), log, hash);
        return PollOutcome.REORG_RETRY;
      }
      try {
        locks.add(LockedEventDecoder.decode(settings.chainId(), settings.bridge(), log));
      } catch (IllegalArgumentException e) {
        // The bridge itself emitted something we cannot read: the ABI is not what we expect.
        halt("undecodable Locked event " + log + ": " + e.getMessage());
        return PollOutcome.HALTED;
      }
    }
    if (!reader.header(to).hash().equals(last.hash())) {
      reorgs.increment();
      LOG.warnf(
          "chain=%s block %d changed while scanning: reorg in flight, retry", settings.name(), to);
      return PollOutcome.REORG_RETRY;
    }

    sink.publish(locks);
    published.increment(locks.size());
    store.save(settings.chainId(), Checkpoint.at(to, last.hash()));
    reader.latestSeen().ifPresent(latest -> lag.set(Math.max(0, latest - last.number())));
    grow(to - from + 1);
    if (!locks.isEmpty()) {
      LOG.infof(
          "chain=%s published %d lock(s) from blocks %d..%d",
          settings.name(), locks.size(), from, to);
    }
    return PollOutcome.PROGRESSED;
  }

  /**
   * After a refusal the smaller range is remembered as the endpoints' limit; only after {@link
   * #GROW_AFTER} consecutive accepted full-size ranges is a range 25% larger tried, so a strict
   * endpoint refuses about one range in {@code GROW_AFTER}, not every other one.
   */
  private void grow(long scanned) {
    if (range >= settings.maxRange() || scanned < range) {
      return; // a short range at the head says nothing about the limit
    }
    if (++fullRangeSuccesses >= GROW_AFTER) {
      fullRangeSuccesses = 0;
      range = Math.min(settings.maxRange(), range + Math.max(1, range / 4));
    }
  }

  private void halt(String reason) {
    haltReason = Optional.of(reason);
    halted.set(1);
    store.halt(settings.chainId(), reason);
    LOG.errorf("ALERT chain=%s halted: %s", settings.name(), reason);
  }
}
