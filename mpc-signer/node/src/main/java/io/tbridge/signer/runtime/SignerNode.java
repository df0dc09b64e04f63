package io.tbridge.signer.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tbridge.chain.kafka.RecordPublisher;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.store.DirectoryLock;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.signer.intake.LockConsumer;
import io.tbridge.signer.intake.SignedWatch;
import io.tbridge.signer.keys.KeyMaterial;
import io.tbridge.signer.keys.KeyShareStore;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.signer.mpc.KeyCeremony;
import io.tbridge.signer.mpc.Liveness;
import io.tbridge.signer.mpc.MpcSettings;
import io.tbridge.signer.mpc.MpcTransport;
import io.tbridge.signer.mpc.SessionDriver;
import io.tbridge.signer.output.SignerPublisher;
import io.tbridge.signer.policy.Denylist;
import io.tbridge.signer.policy.SigningPolicy;
import io.tbridge.signer.refund.Refunds;
import io.tbridge.signer.sign.CommitteeSigning;
import io.tbridge.signer.sign.CoordinatorSettings;
import io.tbridge.signer.sign.DepositCheck;
import io.tbridge.signer.sign.PresignPool;
import io.tbridge.signer.sign.PresignStock;
import io.tbridge.signer.sign.QuorumReleasedCheck;
import io.tbridge.signer.sign.SessionParts;
import io.tbridge.signer.sign.SignerMetrics;
import io.tbridge.signer.sign.SigningCoordinator;
import io.tbridge.signer.sign.StockExchange;
import io.tbridge.signer.sign.StockFiller;
import io.tbridge.signer.state.SignerState;
import io.tbridge.signer.topology.TopologyCheck;
import io.tbridge.signer.verify.ChainProbe;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.signer.verify.LockVerifier;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.SessionRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One signer node, assembled from plain components: intake (locks and signed releases from Kafka) →
 * checks (own chain view, own policy, durable agreement) → sessions over the sealed protocol
 * transport → signed releases and status events. Quarkus wraps it; tests run several in one JVM.
 */
public final class SignerNode implements AutoCloseable {

  /**
   * Lock verifications run at once. Two bound a burst at about four locks per second on the devnet;
   * eight made three nodes on two cores time out their sessions (see benchmarks.md), so this stays
   * at two until verification reads are batched or cached.
   */
  private static final int VERIFY_THREADS = 2;

  private static final Logger LOG = Logger.getLogger(SignerNode.class);

  private final NodeSettings settings;
  private final SignerState state;
  private final MpcTransport transport;
  private final Liveness liveness;
  private final SigningCoordinator coordinator;
  private final LockConsumer locks;
  private final SignedWatch signed;
  private final SignerPublisher publisher;
  private final ExecutorService compute;
  private final ScheduledExecutorService timers;
  private final List<Thread> threads = new ArrayList<>();
  private final Address groupAddress;
  private final Clock clock;
  private final Optional<PresignPool> pool;
  private final StockFiller filler;
  private final ExecutorService presignWork;
  private final ChainProbe chainProbe;
  private final DirectoryLock stateLock;
  private final KafkaWatch kafkaWatch;
  private final Instant startedAt;
  private final Refunds refunds;
  private volatile boolean running = true;
  private volatile Instant lastLockPoll = Instant.EPOCH;

  private SignerNode(
      NodeSettings settings,
      SignerState state,
      MpcTransport transport,
      Liveness liveness,
      SigningCoordinator coordinator,
      LockConsumer locks,
      SignedWatch signed,
      SignerPublisher publisher,
      ExecutorService compute,
      ScheduledExecutorService timers,
      Address groupAddress,
      Clock clock,
      Optional<PresignPool> pool,
      ExecutorService presignWork,
      DirectoryLock stateLock,
      StockFiller filler,
      Refunds refunds) {
    this.refunds = refunds;
    this.stateLock = stateLock;
    this.filler = filler;
    this.pool = pool;
    this.presignWork = presignWork;
    this.chainProbe = new ChainProbe(settings.chains());
    this.settings = settings;
    this.state = state;
    this.transport = transport;
    this.liveness = liveness;
    this.coordinator = coordinator;
    this.locks = locks;
    this.signed = signed;
    this.publisher = publisher;
    this.compute = compute;
    this.timers = timers;
    this.groupAddress = groupAddress;
    this.clock = clock;
    this.kafkaWatch = new KafkaWatch(settings.party(), settings.kafka().bootstrapServers());
    this.startedAt = clock.instant();
  }

  /**
   * Runs distributed key generation and aux-info with every other party of the topology over Kafka
   * (no dealer) and stores the result in {@code keys}. Blocks until done.
   *
   * @param paillierKey this party's own Paillier key (two fresh safe primes of the level's size)
   */
  public static KeyMaterial ceremony(
      NodeSettings s,
      KeyShareStore keys,
      Supplier<PaillierSecretKey> paillierKey,
      String label,
      Duration waitForParties,
      Clock clock,
      SecureRandom random)
      throws KeyCeremony.CeremonyException {
    return ceremony(s, keys, paillierKey, label, waitForParties, clock, random, step -> {});
  }

  /**
   * {@link #ceremony(NodeSettings, KeyShareStore, Supplier, String, Duration, Clock, SecureRandom)}
   * telling {@code progress} each slow step as it begins (safe primes, keygen, aux-info).
   */
  public static KeyMaterial ceremony(
      NodeSettings s,
      KeyShareStore keys,
      Supplier<PaillierSecretKey> paillierKey,
      String label,
      Duration waitForParties,
      Clock clock,
      SecureRandom random,
      java.util.function.Consumer<String> progress)
      throws KeyCeremony.CeremonyException {
    TopologyCheck.validate(s.topology(), s.party(), keys.identity()).forEach(LOG::info);
    ScheduledExecutorService timers =
        Executors.newScheduledThreadPool(1, daemon("signer-" + s.party() + "-ceremony-timer"));
    ExecutorService compute =
        Executors.newFixedThreadPool(
            s.timing().computeThreads(), daemon("signer-" + s.party() + "-ceremony"));
    MpcTransport transport = transport(s, keys, clock, random);
    Liveness liveness =
        new Liveness(transport, clock, s.timing().heartbeat(), s.timing().liveWindow(), timers);
    try {
      // Parties reach each round at very different times (safe-prime generation alone takes
      // seconds to minutes), so a ceremony round may wait as long as the whole ceremony may.
      KeyCeremony c =
          new KeyCeremony(
              new SessionDriver(transport, compute, timers),
              liveness,
              new InMemorySessionRegistry(),
              random,
              waitForParties,
              clock);
      String keyId = s.topology().keyId();
      progress.accept("generating this party's Paillier key (two safe primes)");
      PaillierSecretKey own = paillierKey.get();
      progress.accept("keygen with all " + s.topology().parties().size() + " parties");
      KeyShare share =
          c.keygen(keyId, label, s.topology().committee(), s.level(), s.party(), waitForParties);
      progress.accept("aux-info (Paillier keys and their proofs) with all parties");
      KeyMaterial m =
          new KeyMaterial(
              keyId,
              share,
              c.auxInfo(
                  keyId,
                  label,
                  s.topology().committee(),
                  s.party(),
                  s.level(),
                  own,
                  waitForParties));
      keys.storeKeyMaterial(m);
      LOG.infof(
          "party=%d key %s generated; group address %s",
          s.party(), keyId, Address.of(share.ethereumAddress().bytes()));
      // Stay live a little longer so a slower party still hears this one finish its last round.
      sleep(s.timing().heartbeat().multipliedBy(2));
      return m;
    } finally {
      liveness.close();
      transport.close();
      compute.shutdownNow();
      timers.shutdownNow();
    }
  }

  /** Starts a node whose key material is in {@code keys}. */
  public static SignerNode start(
      NodeSettings s,
      KeyShareStore keys,
      MeterRegistry registry,
      Clock clock,
      SecureRandom random) {
    TopologyCheck.validate(s.topology(), s.party(), keys.identity())
        .forEach(line -> LOG.infof("party=%d %s", s.party(), line));
    KeyMaterial material =
        keys.keyMaterial()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "party "
                            + s.party()
                            + " holds no key share for "
                            + s.topology().keyId()
                            + ": run the key ceremony first"));
    if (!material.aux().level().equals(s.level())) {
      // Key material made at another level would silently run the protocol at that level.
      throw new IllegalStateException(
          "party "
              + s.party()
              + " holds aux info of security level "
              + material.aux().level().name()
              + " but is configured for "
              + s.level().name());
    }
    Address group = Address.of(material.share().ethereumAddress().bytes());
    // A second node on the same state file must fail before it touches anything.
    DirectoryLock stateLock = DirectoryLock.acquireBeside(s.statePath());
    SignerState state;
    try {
      state = SignerState.open(s.statePath());
    } catch (RuntimeException e) {
      stateLock.close();
      throw e;
    }
    for (SignerState.SessionRecord r : state.abandonOpenSessions()) {
      LOG.warnf(
          "party=%d session %s (%s, %s) was open at the last stop: abandoned, never resumed",
          s.party(), r.sessionId().hex(), r.kind(), r.label());
    }
    ScheduledExecutorService timers =
        Executors.newScheduledThreadPool(2, daemon("signer-" + s.party() + "-timer"));
    ExecutorService compute =
        Executors.newFixedThreadPool(
            s.timing().computeThreads(), daemon("signer-" + s.party() + "-compute"));
    ExecutorService presignWork =
        Executors.newFixedThreadPool(
            s.timing().computeThreads(), daemon("signer-" + s.party() + "-presign"));
    MpcTransport transport = transport(s, keys, clock, random);
    Liveness liveness =
        new Liveness(transport, clock, s.timing().heartbeat(), s.timing().liveWindow(), timers);
    SignerMetrics metrics = new SignerMetrics(registry);
    Map<ChainId, ChainView> views = new HashMap<>();
    Map<ChainId, QuorumReader> readers = new HashMap<>();
    for (ChainView v : s.chains()) {
      views.put(v.chainId(), v);
      readers.put(v.chainId(), v.reader());
    }
    SigningPolicy policy =
        new SigningPolicy(
            s.tokens(), state, new Denylist(s.denylist(), clock, Duration.ofSeconds(1)));
    SignerPublisher publisher =
        new SignerPublisher(new RecordPublisher(s.kafka(), () -> {}), s.kafka());
    Optional<PresignPool> pool =
        s.timing().poolDepth() == 0
            ? Optional.empty()
            : Optional.of(
                PresignPool.start(
                    material.aux(),
                    s.topology().indices(),
                    s.topology().threshold(),
                    s.timing().poolDepth(),
                    random));
    pool.ifPresent(p -> p.register(registry));
    PresignStock stock = new PresignStock(s.timing().stockDepth());
    stock.register(registry);
    StockExchange exchange = new StockExchange(stock, transport::sendControl, timers);
    SessionRegistry sessions = new InMemorySessionRegistry();
    SessionParts parts =
        new SessionParts(
            s.topology().keyId(),
            material.share(),
            material.aux(),
            // Rounds on the compute pool, their inner work on presignWork: a round waits for its
            // inner tasks, so the two must never share a pool (starvation).
            new SessionDriver(transport, compute, timers),
            state,
            sessions,
            random,
            presignWork,
            pool,
            s.timing().roundDeadline(),
            clock);
    CommitteeSigning committee = new CommitteeSigning(parts, exchange);
    StockFiller filler =
        new StockFiller(
            parts,
            stock,
            s.topology().indices(),
            s.topology().threshold(),
            liveness::liveParties,
            committee::busy,
            transport::sendControl,
            metrics,
            timers);
    CoordinatorSettings cs =
        new CoordinatorSettings(
            s.party(),
            s.topology().indices(),
            s.topology().threshold(),
            s.topology().keyId(),
            group,
            s.timing().maxAttempts(),
            s.timing().deferRetry(),
            s.timing().roundDeadline().multipliedBy(8),
            s.timing().liveWindow(),
            views.keySet());
    SigningCoordinator coordinator =
        new SigningCoordinator(
            cs,
            s.timing().batching(),
            new DepositCheck(new LockVerifier(views), policy, state, clock),
            committee,
            liveness::liveParties,
            new SigningCoordinator.AttemptNotices() {
              @Override
              public void abandoned(
                  io.tbridge.tss.protocol.SessionId session,
                  java.util.OptionalInt culprit,
                  String check) {
                transport.sendControl(new ControlMessage.AttemptAbandoned(session, culprit, check));
              }

              @Override
              public void batch(ControlMessage message) {
                transport.sendControl(message);
              }

              @Override
              public void begun(io.tbridge.core.DepositId deposit, int attempt) {
                transport.sendControl(new ControlMessage.AttemptBegun(deposit, attempt));
              }

              @Override
              public void declined(
                  io.tbridge.core.DepositId deposit,
                  io.tbridge.core.Hash32 release,
                  String reason) {
                transport.sendControl(new ControlMessage.Declined(deposit, release, reason));
              }
            },
            new QuorumReleasedCheck(readers),
            publisher,
            state,
            metrics,
            clock,
            Executors.newSingleThreadScheduledExecutor(
                daemon("signer-" + s.party() + "-coordinator")),
            Executors.newFixedThreadPool(
                VERIFY_THREADS, daemon("signer-" + s.party() + "-verify")));
    transport.onControl(
        (from, m) -> {
          if (m instanceof ControlMessage.AttemptAbandoned a) {
            coordinator.abandonedBy(from, a.session(), a.check());
          } else if (m instanceof ControlMessage.BatchProposal p) {
            coordinator.batchProposal(from, p);
          } else if (m instanceof ControlMessage.BatchAbandoned b) {
            coordinator.batchAbandoned(from, b);
          } else if (m instanceof ControlMessage.AttemptBegun b) {
            coordinator.attemptBegunBy(from, b.deposit(), b.attempt());
          } else if (m instanceof ControlMessage.Declined d) {
            coordinator.declinedBy(from, d.deposit(), d.release());
          } else if (m instanceof ControlMessage.StockChoice c) {
            exchange.received(from, c);
          } else if (m instanceof ControlMessage.StockPresign r) {
            filler.requested(from, r);
          }
        });
    // Voids are searched as often as a lock that is not final yet is checked again.
    Refunds refunds =
        Refunds.start(
            views,
            policy.denylist(),
            cs,
            committee,
            liveness::liveParties,
            publisher,
            state,
            metrics,
            clock,
            s.timing().deferRetry());
    String group0 = s.groupPrefix() + "-" + s.party();
    SignedWatch signed =
        new SignedWatch(
            s.kafka(),
            group0 + "-signed",
            coordinator::signedSeen,
            coordinator::singleRequested,
            refunds::seen);
    LockConsumer locks =
        new LockConsumer(s.kafka(), group0, "party-" + s.party(), coordinator, publisher, clock);
    SignerNode node =
        new SignerNode(
            s,
            state,
            transport,
            liveness,
            coordinator,
            locks,
            signed,
            publisher,
            compute,
            timers,
            group,
            clock,
            pool,
            presignWork,
            stateLock,
            filler,
            refunds);
    filler.start(Duration.ofMillis(500));
    Gauge.builder("signer.live.parties", liveness, l -> l.liveParties().size())
        .description("Parties heard from within the live window")
        .register(registry);
    Gauge.builder("signer.in.flight", coordinator, SigningCoordinator::inFlight)
        .description("Deposits agreed and not yet finished")
        .register(registry);
    Gauge.builder("signer.parked.deposits", state, st -> st.parkedDeposits().size())
        .description("Deposits parked for an operator")
        .register(registry);
    transport.bindMetrics(registry);
    locks.bindMetrics(registry);
    for (ChainView v : s.chains()) {
      Gauge.builder(
              "signer.chain.answer.age.seconds",
              node.chainProbe,
              p -> p.secondsSinceAnswer(v.name()).orElse(Double.NaN))
          .description("Seconds since this node's own endpoint quorum of the chain answered")
          .tag("chain", v.name())
          .register(registry);
    }
    node.startThreads();
    LOG.infof(
        "party=%d signing for key %s (group %s), %d-of-%d, chains %s",
        s.party(),
        s.topology().keyId(),
        group,
        s.topology().threshold(),
        s.topology().parties().size(),
        s.chains().stream().map(ChainView::name).toList());
    return node;
  }

  private void startThreads() {
    thread(
        "chain-probe",
        () -> {
          Duration window = settings.timing().liveWindow();
          while (running) {
            chainProbe.probeOnce();
            // After the first window (the first heartbeats need a moment to come back).
            if (clock.instant().isAfter(startedAt.plus(window))) {
              kafkaWatch.observe(
                  kafkaReachable(window),
                  "own messages have not come back within " + window.toMillis() + " ms");
            }
            sleep(Duration.ofSeconds(2));
          }
        });
    thread(
        "signed",
        () -> {
          try {
            while (running) {
              signed.pollOnce(Duration.ofMillis(200));
            }
          } catch (WakeupException e) {
            // stopping
          } finally {
            signed.close();
          }
        });
    thread(
        "locks",
        () -> {
          // Read what was already signed before taking new locks, so a restarted node does not
          // start attempts the others finished long ago.
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (running && !signed.caughtUp() && System.nanoTime() < until) {
            sleep(Duration.ofMillis(50));
          }
          coordinator.resumeSingles();
          try {
            while (running) {
              locks.pollOnce(Duration.ofMillis(200));
              lastLockPoll = clock.instant();
            }
          } catch (WakeupException e) {
            // stopping
          } finally {
            locks.close();
          }
        });
  }

  private void thread(String name, Runnable r) {
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (RuntimeException e) {
                LOG.errorf(e, "party=%d worker %s stopped", settings.party(), name);
              }
            },
            "signer-" + settings.party() + "-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private static MpcTransport transport(
      NodeSettings s, KeyShareStore keys, Clock clock, SecureRandom random) {
    return new MpcTransport(
        MpcSettings.of(
            s.kafka().bootstrapServers(), s.mpcTopic(), s.kafka().clientId(), s.kafka().extra()),
        new SecureChannel(keys.identity(), s.party(), s.topology().publicIdentities(), random),
        clock);
  }

  /** The group address every signature recovers to. */
  public Address groupAddress() {
    return groupAddress;
  }

  /** Parties heard from recently, this node included. */
  public java.util.Set<Integer> liveParties() {
    return liveness.liveParties();
  }

  /** The durable state (for health, operator commands and tests). */
  public SignerState state() {
    return state;
  }

  /** Joint presignatures stocked for {@code committee} now. */
  public int stocked(List<Integer> committee) {
    return filler.stocked(committee);
  }

  /** Protocol records dropped, by reason. */
  public Map<String, Long> transportDrops() {
    return transport.drops();
  }

  /** Chains whose own endpoint quorum has not answered recently, with the last cause. */
  public Map<String, String> unhealthyChains() {
    return chainProbe.unhealthy();
  }

  /**
   * Whether this node's own messages come back from Kafka (reachable both ways) within {@code d}.
   */
  public boolean kafkaReachable(Duration d) {
    return !transport.lastOwnEcho().isBefore(clock.instant().minus(d));
  }

  /** Whether every worker thread is alive and the consumers polled recently. */
  public boolean workersAlive(Duration within) {
    Instant cutoff = clock.instant().minus(within);
    return threads.stream().allMatch(Thread::isAlive)
        && !transport.lastPoll().isBefore(cutoff)
        && !lastLockPoll.isBefore(cutoff);
  }

  /** The settings it runs with. */
  public NodeSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    running = false;
    locks.wakeup();
    signed.wakeup();
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    filler.close();
    refunds.close();
    coordinator.close();
    pool.ifPresent(PresignPool::close);
    presignWork.shutdownNow();
    liveness.close();
    transport.close();
    publisher.close();
    compute.shutdownNow();
    timers.shutdownNow();
    state.close();
    stateLock.close();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
