package io.tbridge.relayer.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.JsonRpc;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DecodeError;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.relayer.publish.KafkaPublisher;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import io.tbridge.relayer.watch.WatchSettings;
import io.tbridge.serviceconfig.OwnedCounter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts made before the exporting registry is attached are not lost. In the packaged relayer
 * Quarkus attaches its Prometheus registry to the injected composite registry only after the {@code
 * StartupEvent} observers ran (the order of the generated {@code ApplicationImpl}: {@code
 * startupEvent}, {@code openSocket}, then {@code configureRegistry}), while the watchers already
 * publish the locks a start-up rescan finds. These tests do the same in that order: real anvil,
 * real Kafka, meters on a composite without children, then the Prometheus registry is added and
 * scraped.
 */
class StartupMetricsTest {

  private static final long SRC = 31337;
  private static final long DST = 31338;
  private static final int LOCKS = 4;

  @TempDir Path dir;

  @Test
  void shouldExportLocksPublishedAndErrorsCountedBeforeThePrometheusRegistryWasAttached()
      throws Exception {
    CompositeMeterRegistry composite = new CompositeMeterRegistry(); // no child yet, as at start-up
    ExecutorService pool = Executors.newCachedThreadPool();
    KafkaSettings kafka = KafkaTopics.settings(SharedKafka.bootstrapServers());
    try (TestAnvil anvil = TestAnvil.start(SRC);
        BridgeFixture bridge =
            BridgeFixture.deploy(anvil, Address.of(BridgeFixture.ADMIN.getAddress()));
        KafkaPublisher publisher = new KafkaPublisher(kafka, composite)) {
      bridge.route(DST, Address.of("0x00000000000000000000000000000000000000cc"));
      for (int i = 1; i <= LOCKS; i++) {
        bridge.lock(BigInteger.valueOf(10L * i), Address.of(BridgeFixture.ADMIN.getAddress()), DST);
      }
      anvil.mine(2);
      ChainWatcher watcher =
          new ChainWatcher(
              new WatchSettings(
                  "src",
                  ChainId.of(SRC),
                  bridge.bridge(),
                  ChainProfile.confirmations("test-depth", 1, Duration.ofSeconds(1)),
                  0,
                  1_000,
                  Duration.ofSeconds(1)),
              Chains.reader(SRC, 1, pool, anvil.url()),
              new FileCheckpointStore(dir),
              publisher,
              composite,
              Clock.systemUTC());
      // The start-up scan: every lock already on chain is published now.
      for (int i = 0; i < 100 && watcher.pollOnce() == PollOutcome.PROGRESSED; i++) {
        // drain
      }
      assertThat(KafkaTopics.read(SharedKafka.bootstrapServers(), kafka.locksTopic(), LOCKS))
          .hasSize(LOCKS);
      // An endpoint on a dead port fails once, and one record is dead-lettered, both at start-up.
      int dead = JsonRpcProxy.freePort();
      JsonRpc counted =
          RpcMetrics.counted(
              new HttpJsonRpc(URI.create("http://127.0.0.1:" + dead), Duration.ofSeconds(2)),
              "src",
              composite);
      try {
        counted.call("eth_chainId", List.of());
      } catch (RpcException expected) {
        // counted
      }
      publisher.deadLetter(
          DeadLetter.of(
              kafka.signedTopic(),
              new byte[] {1},
              new byte[] {2},
              DecodeError.of(RejectReason.MALFORMED, "not a valid protobuf message"),
              Instant.now()));

      // What Quarkus does once the start-up observers have run.
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      composite.add(prometheus);

      String scrape = prometheus.scrape();
      assertThat(scrape)
          .contains("relayer_locks_published_total{chain=\"src\",} " + (double) LOCKS)
          .contains("relayer_dead_letters_total 1.0")
          .contains(
              "relayer_rpc_errors_total{chain=\"src\",endpoint=\"http://127.0.0.1:"
                  + dead
                  + "\",kind=\"connection_refused\",} 1.0")
          .contains("# HELP relayer_locks_published_total Final locks published to Kafka");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldShareOneCountPerIdAndKeepCountingAfterTheRegistryIsAttached() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    OwnedCounter a = OwnedCounter.register(composite, "relayer.test", "help", Tags.of("k", "v"));
    OwnedCounter b = OwnedCounter.register(composite, "relayer.test", "help", Tags.of("k", "v"));
    a.increment();
    b.increment(2);
    SimpleMeterRegistry child = new SimpleMeterRegistry();
    composite.add(child);
    a.increment();
    assertThat(b).isSameAs(a);
    assertThat(child.get("relayer.test").tag("k", "v").functionCounter().count()).isEqualTo(4.0);
    assertThat(composite.get("relayer.test").functionCounter().count()).isEqualTo(4.0);
  }
}
