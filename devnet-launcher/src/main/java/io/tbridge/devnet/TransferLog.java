package io.tbridge.devnet;

import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.ReleasedEventDecoder;
import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows every transfer the way a user would check it: {@code Locked} events on both bridges,
 * {@code Released} events on both bridges (what the chains say, not the services' bookkeeping), and
 * the stages the services report on {@code bridge.status.v1}. One thread; readers get copies.
 */
public final class TransferLog implements AutoCloseable {
  private static final Pattern VERIFIED = Pattern.compile("signer (\\d+) verified the lock");

  private final List<DevChain> chains;
  private final Map<Long, EthRpc> rpc = new HashMap<>();
  private final Map<Long, Long> nextLockBlock = new HashMap<>();
  private final Map<Long, Long> nextReleaseBlock = new HashMap<>();
  private final KafkaConsumer<byte[], byte[]> status;
  private final StatusEventCodec codec = new StatusEventCodec();
  private final Clock clock;
  private final Map<DepositId, Transfer> transfers = new LinkedHashMap<>();
  private final Map<DepositId, List<StatusEvent>> early = new HashMap<>();
  private final Map<DepositId, List<RpcLog>> earlyReleases = new HashMap<>();
  private final Consumer<Transfer> onReleased;
  private final Consumer<String> onProblem;
  private final Thread thread;
  private volatile boolean running = true;
  private String lastProblem = "";

  TransferLog(
      List<DevChain> chains,
      String kafka,
      Clock clock,
      Consumer<Transfer> onReleased,
      Consumer<String> onProblem) {
    this.chains = List.copyOf(chains);
    this.clock = clock;
    this.onReleased = onReleased;
    this.onProblem = onProblem;
    for (DevChain c : chains) {
      rpc.put(
          c.chainId(), new EthRpc(new HttpJsonRpc(URI.create(c.rpcUrl()), Duration.ofSeconds(5))));
      nextLockBlock.put(c.chainId(), c.deployBlock());
      nextReleaseBlock.put(c.chainId(), c.deployBlock());
    }
    KafkaSettings ks =
        new KafkaSettings(
            kafka,
            "devnet",
            "bridge.locks.v1",
            "bridge.signed.v1",
            StatusEventCodec.TOPIC,
            io.tbridge.core.wire.SingleRequestCodec.TOPIC,
            io.tbridge.core.wire.SignedRefundCodec.TOPIC,
            "devnet-unused",
            Duration.ofSeconds(10),
            Map.of());
    status =
        new KafkaConsumer<>(
            KafkaClients.readerConfig(ks, "transfer-log"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    status.assign(List.of(new TopicPartition(StatusEventCodec.TOPIC, 0)));
    status.seekToBeginning(status.assignment());
    thread = new Thread(this::loop, "devnet-transfer-log");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      run();
    } finally {
      // The consumer is used by this thread only, closed here too.
      status.close(Duration.ofSeconds(2));
    }
  }

  private void run() {
    while (running) {
      try {
        pollStatus();
        for (DevChain c : chains) {
          pollChain(c);
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        return;
      } catch (RpcException | org.apache.kafka.common.errors.RetriableException e) {
        // A chain or the broker is briefly away (a fault test); the next round catches up.
      } catch (RuntimeException e) {
        // One line per new kind of trouble, not one per round.
        String p = "transfer log: " + e;
        if (!p.equals(lastProblem)) {
          lastProblem = p;
          onProblem.accept(p);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void pollStatus() {
    for (ConsumerRecord<byte[], byte[]> r : status.poll(Duration.ofMillis(100))) {
      Optional<StatusEvent> e = codec.decode(r.value()).value();
      if (e.isEmpty()) {
        continue;
      }
      synchronized (this) {
        Transfer t = transfers.get(e.get().depositId());
        if (t == null) {
          // Status of a deposit whose lock is not final here yet — or of none at all (a forged
          // hint): bounded, so junk cannot grow it without end.
          if (early.size() < 10_000 || early.containsKey(e.get().depositId())) {
            early.computeIfAbsent(e.get().depositId(), k -> new ArrayList<>()).add(e.get());
          }
        } else {
          apply(t, e.get());
        }
      }
    }
  }

  private void apply(Transfer t, StatusEvent e) {
    switch (e.stage()) {
      case FINAL -> t.finalAt = Optional.of(e.at());
      case SIGNING ->
          e.detail()
              .map(VERIFIED::matcher)
              .filter(Matcher::find)
              .ifPresent(m -> t.verifiedBy.putIfAbsent(Integer.parseInt(m.group(1)), e.at()));
      case SIGNED -> {
        if (t.signedAt.isEmpty()) {
          t.signedAt = Optional.of(e.at());
        }
      }
      case REFUSED, PARKED, REORGED, FAILED -> {
        String p = e.stage() + e.detail().map(d -> ": " + d).orElse("");
        t.problem = Optional.of(p);
        onProblem.accept(label(t) + " " + p);
      }
      default -> {}
    }
  }

  private void pollChain(DevChain c) {
    EthRpc eth = rpc.get(c.chainId());
    Address bridge = Address.ofChecksummed(c.bridge());
    // Locks count once final (what the relayer and the signers act on: a lock a reorg removes
    // before that is never a transfer); releases as soon as they are mined.
    long finalized = eth.header(BlockRef.FINALIZED).map(h -> h.number()).orElse(-1L);
    long lockFrom = nextLockBlock.get(c.chainId());
    List<RpcLog> locks = List.of();
    long lockTo = Math.min(finalized, lockFrom + 1999);
    if (lockFrom <= lockTo) {
      locks = eth.logs(lockFrom, lockTo, bridge, LockedEventDecoder.TOPIC);
    }
    long head = eth.blockNumber();
    long releaseFrom = nextReleaseBlock.get(c.chainId());
    long releaseTo = Math.min(head, releaseFrom + 1999);
    List<RpcLog> releases = List.of();
    if (releaseFrom <= releaseTo) {
      releases = eth.logs(releaseFrom, releaseTo, bridge, BridgeAbi.RELEASED_TOPIC);
    }
    synchronized (this) {
      for (RpcLog l : locks) {
        LockEvent lock = LockedEventDecoder.decode(ChainId.of(c.chainId()), bridge, l);
        String dst = name(lock.dstChainId().value());
        Transfer t = new Transfer(lock, c.name(), dst, clock.instant());
        transfers.putIfAbsent(lock.depositId(), t);
        Transfer kept = transfers.get(lock.depositId());
        List<StatusEvent> pending = early.remove(lock.depositId());
        if (pending != null) {
          pending.forEach(e -> apply(kept, e));
        }
        List<RpcLog> rel = earlyReleases.remove(lock.depositId());
        if (rel != null) {
          rel.forEach(r -> released(kept, r));
        }
      }
      for (RpcLog l : releases) {
        DepositId id;
        try {
          id = ReleasedEventDecoder.decode(bridge, l).depositId();
        } catch (IllegalArgumentException e) {
          onProblem.accept(
              c.name() + " undecodable Released log in tx " + l.txHash() + ": " + e.getMessage());
          continue;
        }
        Transfer t = transfers.get(id);
        if (t == null) {
          // Its lock becomes final here a moment later (the relayer saw it final first).
          earlyReleases.computeIfAbsent(id, k -> new ArrayList<>()).add(l);
        } else {
          released(t, l);
        }
      }
    }
    if (lockFrom <= lockTo) {
      nextLockBlock.put(c.chainId(), lockTo + 1);
    }
    if (releaseFrom <= releaseTo) {
      nextReleaseBlock.put(c.chainId(), releaseTo + 1);
    }
  }

  private void released(Transfer t, RpcLog l) {
    t.releases++;
    if (t.releases > 1) {
      onProblem.accept(label(t) + " RELEASED TWICE (tx " + l.txHash() + ")");
      return;
    }
    t.releasedAt = Optional.of(clock.instant());
    t.releaseTx = Optional.of(l.txHash().toString());
    onReleased.accept(t.copy());
  }

  private String name(long chainId) {
    return chains.stream()
        .filter(c -> c.chainId() == chainId)
        .map(DevChain::name)
        .findFirst()
        .orElse("chain " + chainId);
  }

  static String label(Transfer t) {
    String id = t.depositId().toString();
    return t.from()
        + " → "
        + t.to()
        + " deposit "
        + id.substring(0, Math.min(12, id.length()))
        + "…";
  }

  /** Copies of every transfer seen so far, in lock order. */
  public synchronized List<Transfer> snapshot() {
    return transfers.values().stream().map(Transfer::copy).toList();
  }

  /** Deposit ids released on a destination chain without a lock seen on a source (must be none). */
  public synchronized List<DepositId> releasesWithoutLock() {
    return List.copyOf(earlyReleases.keySet());
  }

  /** The transfer of {@code id}, once its lock was seen. */
  public synchronized Optional<Transfer> get(DepositId id) {
    return Optional.ofNullable(transfers.get(id)).map(Transfer::copy);
  }

  /**
   * Waits until the transfer of {@code id} satisfies {@code done}.
   *
   * @throws DevnetException on timeout, naming {@code what}
   */
  public Transfer await(DepositId id, Predicate<Transfer> done, Duration timeout, String what) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      Optional<Transfer> t = get(id);
      if (t.isPresent() && done.test(t.get())) {
        return t.get();
      }
      ServiceProcess.sleep(Duration.ofMillis(100));
    }
    throw new DevnetException(
        what
            + " not seen within "
            + timeout
            + get(id).flatMap(Transfer::problem).map(p -> " (" + p + ")").orElse(""));
  }

  @Override
  public void close() {
    running = false;
    status.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
