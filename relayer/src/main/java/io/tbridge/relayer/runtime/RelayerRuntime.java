package io.tbridge.relayer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tbridge.chain.bridge.BridgeEndpointCheck;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.chain.store.DirectoryLock;
import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.relayer.config.RelayerConfig;
import io.tbridge.relayer.config.Settings;
import io.tbridge.relayer.health.RpcMetrics;
import io.tbridge.relayer.health.WorkerHeartbeat;
import io.tbridge.relayer.publish.KafkaPublisher;
import io.tbridge.relayer.submit.FilePendingStore;
import io.tbridge.relayer.submit.KafkaSubmitListener;
import io.tbridge.relayer.submit.ReleaseSubmitter;
import io.tbridge.relayer.submit.SignedReleaseConsumer;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.CheckpointGuard;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Starts one thread per watched chain and one submitter thread at startup, stops them at shutdown.
 * Everything is built from {@link RelayerConfig}; the components themselves know nothing of
 * Quarkus.
 */
@ApplicationScoped
public class RelayerRuntime {

  private static final Logger LOG = Logger.getLogger(RelayerRuntime.class);

  @Inject RelayerConfig config;
  @Inject MeterRegistry metrics;

  private final List<ChainWatcher> watchers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<WorkerHeartbeat> heartbeats = new ArrayList<>();
  private final Map<String, ChainHealth> healths = new HashMap<>();
  private WorkerHeartbeat submitBeat;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean running;
  private ExecutorService rpcPool;
  private KafkaPublisher publisher;
  private Optional<DirectoryLock> dirLock = Optional.empty();
  private SignedReleaseConsumer consumer;

  void onStart(@Observes StartupEvent event) {
    try {
      // First of all: a second instance on the same directory must not start anything.
      dirLock = Optional.of(DirectoryLock.acquire(Path.of(config.checkpointDir())));
      FileCheckpointStore store = new FileCheckpointStore(Path.of(config.checkpointDir()));
      // Read once: the preflight checks the very addresses the workers then use.
      Map<String, Address> bridges = Settings.bridges(config);
      preflight(store, bridges);
      startWorkers(store, bridges);
    } catch (StartupRefusal
        | DirectoryLock.LockedException
        | IllegalArgumentException
        | IllegalStateException e) {
      // An operator's mistake: one line, nothing left running, exit status 2 (no stack trace).
      LOG.errorf("relayer cannot start: %s", e.getMessage());
      stopWorkers();
      Quarkus.asyncExit(2);
    }
  }

  private void startWorkers(FileCheckpointStore store, Map<String, Address> bridges) {
    KafkaSettings kafka = Settings.kafka(config);
    // Names the effective values (after overrides), so an operator sees which source won.
    LOG.infof(
        "relayer instance=%s checkpoint-dir=%s kafka=%s deployment-file=%s",
        config.instance(),
        Path.of(config.checkpointDir()).toAbsolutePath(),
        kafka.bootstrapServers(),
        config.deploymentFile().map(f -> Path.of(f).toAbsolutePath().toString()).orElse("none"));
    publisher = new KafkaPublisher(kafka, metrics);
    rpcPool = Executors.newCachedThreadPool(daemon("rpc"));
    Map<ChainId, ReleaseSubmitter> submitters = new HashMap<>();
    running = true;
    config
        .chains()
        .forEach(
            (name, chain) -> {
              ResilienceSettings rs = Settings.resilience(chain.resilience());
              List<EthRpc> endpoints = new ArrayList<>();
              for (int i = 0; i < chain.endpoints().size(); i++) {
                URI url = StartupRefusal.endpoint(name, i, chain.endpoints().get(i));
                ResilientJsonRpc rpc =
                    new ResilientJsonRpc(
                        RpcMetrics.counted(new HttpJsonRpc(url, chain.rpcTimeout()), name, metrics),
                        name,
                        rs);
                RpcMetrics.breaker(rpc, name, metrics);
                endpoints.add(new EthRpc(rpc));
              }
              // One health per chain, shared by its watcher's and submitter's readers.
              ChainHealth health = new ChainHealth(name, clock, config.health().rpcStaleAfter());
              RpcMetrics.chain(health, metrics);
              healths.put(name, health);
              if (config.watch() && chain.watch().isPresent()) {
                var settings = Settings.watch(name, chain, bridges.get(name), chain.watch().get());
                QuorumReader reader =
                    new QuorumReader(
                        settings.chainId(), endpoints, chain.quorum(), rpcPool, health);
                ChainWatcher w =
                    new ChainWatcher(settings, reader, store, publisher, metrics, clock);
                watchers.add(w);
                WorkerHeartbeat beat =
                    new WorkerHeartbeat("watch-" + name, clock, config.health().pollDeadline());
                heartbeats.add(beat);
                start("watch-" + name, () -> watchLoop(w, beat));
                LOG.infof(
                    "chain=%s watching bridge %s with profile %s, %d endpoint(s), quorum %d",
                    name,
                    settings.bridge(),
                    settings.profile().name(),
                    endpoints.size(),
                    chain.quorum());
              }
              if (config.submit() && chain.submit().isPresent()) {
                var s = Settings.submit(name, chain, bridges.get(name), chain.submit().get());
                // Sending uses the first endpoint (the contract is the final guard); reads that
                // skip a release or mark it done need the chain's quorum, like the watcher.
                TransactionSigner key =
                    StartupRefusal.senderKey(name, chain.submit().get().senderKeyFile());
                ReleaseSubmitter submitter =
                    new ReleaseSubmitter(
                        s,
                        endpoints.get(0),
                        new QuorumReader(s.chainId(), endpoints, chain.quorum(), rpcPool, health),
                        new FilePendingStore(
                            Path.of(config.checkpointDir()), s.chainId(), key.address()),
                        key,
                        new KafkaSubmitListener(publisher, kafka.signedTopic(), clock),
                        metrics,
                        clock);
                submitters.put(s.chainId(), submitter);
                LOG.infof("chain=%s submitting from %s", name, submitter.sender());
              }
            });
    if (!submitters.isEmpty()) {
      consumer = new SignedReleaseConsumer(kafka, submitters, publisher, clock);
      submitBeat = new WorkerHeartbeat("submit", clock, config.health().pollDeadline());
      heartbeats.add(submitBeat);
      start("submit", this::submitLoop);
    }
  }

  /**
   * Before anything starts: every endpoint must be the configured chain and see the Bridge (a down
   * endpoint only warns), and every watched chain's checkpoint must be bound to its bridge and
   * profile (see {@link CheckpointGuard}). Plain endpoints, one try each: this is a check, not a
   * wait.
   */
  private void preflight(FileCheckpointStore store, Map<String, Address> bridges) {
    config
        .chains()
        .forEach(
            (name, chain) -> {
              List<EthRpc> plain = new ArrayList<>();
              for (int i = 0; i < chain.endpoints().size(); i++) {
                URI url = StartupRefusal.endpoint(name, i, chain.endpoints().get(i));
                plain.add(new EthRpc(new HttpJsonRpc(url, chain.rpcTimeout())));
              }
              BridgeEndpointCheck.requireUsable(
                      name, ChainId.of(chain.chainId()), bridges.get(name), plain)
                  .stream()
                  .filter(r -> r.verdict() == BridgeEndpointCheck.Verdict.UNREACHABLE)
                  .forEach(r -> LOG.warnf("%s (not checked at start)", r.line()));
              if (config.watch() && chain.watch().isPresent()) {
                var settings = Settings.watch(name, chain, bridges.get(name), chain.watch().get());
                String done =
                    CheckpointGuard.prepare(settings, chain.watch().get().rescanFromBlock(), store);
                LOG.infof("chain=%s %s", name, done);
              }
            });
  }

  void onStop(@Observes ShutdownEvent event) {
    stopWorkers();
  }

  private void stopWorkers() {
    running = false;
    // The submitter thread is woken, never interrupted: it closes its consumer itself (committing
    // and leaving the group), and a Kafka client closed on an interrupted thread throws
    // InterruptException and logs "Failed to close coordinator". Only then are the watchers,
    // which may sleep between polls, interrupted.
    if (consumer != null) {
      consumer.wakeup();
    }
    for (Thread t : threads) {
      if (t.getName().equals("relayer-submit")) {
        join(t);
      }
    }
    for (Thread t : threads) {
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    threads.forEach(RelayerRuntime::join);
    if (publisher != null) {
      publisher.close();
    }
    if (rpcPool != null) {
      rpcPool.shutdownNow();
    }
    dirLock.ifPresent(DirectoryLock::close);
    dirLock = Optional.empty();
  }

  private static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The chain watchers (for health checks). */
  public List<ChainWatcher> watchers() {
    return List.copyOf(watchers);
  }

  /** The RPC health of a watcher's chain. */
  public ChainHealth health(ChainWatcher w) {
    return healths.get(w.settings().name());
  }

  /** The heartbeats of the worker loops (for liveness). */
  public List<WorkerHeartbeat> heartbeats() {
    return List.copyOf(heartbeats);
  }

  /** Whether every worker thread is alive. */
  public boolean workersAlive() {
    return threads.stream().allMatch(Thread::isAlive);
  }

  private void watchLoop(ChainWatcher w, WorkerHeartbeat beat) {
    while (running) {
      PollOutcome o;
      beat.begin();
      try {
        o = w.pollOnce();
      } catch (RuntimeException e) {
        LOG.errorf(e, "chain=%s unexpected watcher failure", w.settings().name());
        o = PollOutcome.UNAVAILABLE;
      } finally {
        beat.end();
      }
      if (o != PollOutcome.PROGRESSED && !sleep(w.settings().pollInterval())) {
        return;
      }
    }
  }

  private void submitLoop() {
    try {
      while (running) {
        submitBeat.begin();
        try {
          consumer.pollOnce(Duration.ofMillis(500));
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          LOG.errorf(e, "submitter loop failure, continuing");
          if (!sleep(Duration.ofSeconds(1))) {
            return;
          }
        } finally {
          submitBeat.end();
        }
      }
    } finally {
      consumer.close();
    }
  }

  private void start(String name, Runnable loop) {
    Thread t = new Thread(loop, "relayer-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    return r -> {
      Thread t = new Thread(r, "relayer-" + prefix);
      t.setDaemon(true);
      return t;
    };
  }
}
