package io.tbridge.relayer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
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
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

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
  private SignedReleaseConsumer consumer;

  void onStart(@Observes StartupEvent event) {
    KafkaSettings kafka = Settings.kafka(config);
    publisher = new KafkaPublisher(kafka, metrics);
    rpcPool = Executors.newCachedThreadPool(daemon("rpc"));
    FileCheckpointStore store = new FileCheckpointStore(Path.of(config.checkpointDir()));
    Map<ChainId, ReleaseSubmitter> submitters = new HashMap<>();
    running = true;
    config
        .chains()
        .forEach(
            (name, chain) -> {
              ResilienceSettings rs = Settings.resilience(chain.resilience());
              List<EthRpc> endpoints = new ArrayList<>();
              for (String url : chain.endpoints()) {
                ResilientJsonRpc rpc =
                    new ResilientJsonRpc(
                        RpcMetrics.counted(
                            new HttpJsonRpc(URI.create(url), chain.rpcTimeout()), name, metrics),
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
                var settings = Settings.watch(name, chain, chain.watch().get());
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
                var s = Settings.submit(name, chain, chain.submit().get());
                // Sending uses the first endpoint (the contract is the final guard); reads that
                // skip a release or mark it done need the chain's quorum, like the watcher.
                Credentials key = loadKey(chain.submit().get().senderKeyFile());
                ReleaseSubmitter submitter =
                    new ReleaseSubmitter(
                        s,
                        endpoints.get(0),
                        new QuorumReader(s.chainId(), endpoints, chain.quorum(), rpcPool, health),
                        new FilePendingStore(
                            Path.of(config.checkpointDir()),
                            s.chainId(),
                            io.tbridge.core.Address.of(key.getAddress())),
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

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (publisher != null) {
      publisher.close();
    }
    if (rpcPool != null) {
      rpcPool.shutdownNow();
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

  private static Credentials loadKey(String file) {
    try {
      String hex = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      return Credentials.create(hex);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sender key file " + file, e);
    } catch (RuntimeException e) {
      // Never echo the file content: it is a private key.
      throw new IllegalArgumentException("sender key file " + file + " does not hold a hex key");
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
