package io.tbridge.relayer.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.relayer.support.RecordingSink;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import io.tbridge.relayer.watch.WatchSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness of a chain whose endpoint hangs (accepts the call, never answers: a stopped node), on a
 * wrong port or on an unresolvable host, on a real anvil: DOWN naming the chain and the cause once
 * the quorum has been silent for {@code rpc-stale-after}, UP again when the fault goes (a node that
 * starts answering on the wrong port, through an open breaker), one state change and one log line
 * each way.
 */
class RpcHealthTest {

  private static final long SRC = 31337;
  private static final Duration STALE = Duration.ofSeconds(30);
  private static final Address BRIDGE = Address.of("0x00000000000000000000000000000000000000b1");

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<ChainHealth.Status> changes = new CopyOnWriteArrayList<>();
  private TestAnvil anvil;
  private ChainHealth health;

  @BeforeEach
  void start() {
    anvil = TestAnvil.start(SRC);
    health = new ChainHealth("src", clock, STALE);
    health.addListener(changes::add);
    RpcMetrics.chain(health, metrics);
  }

  @AfterEach
  void stop() {
    anvil.close();
    pool.shutdownNow();
  }

  /**
   * One attempt, short timeout: a hung call fails fast enough for a test; an open breaker probes
   * again after 200 ms so recovery does not wait for the production open-state time (30 s).
   */
  private EthRpc endpoint(URI url) {
    ResilienceSettings rs =
        new ResilienceSettings(
            1,
            Duration.ofMillis(5),
            50f,
            20,
            Duration.ofMillis(200),
            10_000,
            Duration.ofSeconds(1));
    ResilientJsonRpc rpc =
        new ResilientJsonRpc(
            RpcMetrics.counted(new HttpJsonRpc(url, Duration.ofMillis(500)), "src", metrics),
            "src",
            rs);
    RpcMetrics.breaker(rpc, "src", metrics);
    return new EthRpc(rpc);
  }

  private ChainWatcher watcher(URI url) {
    QuorumReader reader =
        new QuorumReader(ChainId.of(SRC), List.of(endpoint(url)), 1, pool, health);
    WatchSettings s =
        new WatchSettings(
            "src",
            ChainId.of(SRC),
            BRIDGE,
            ChainProfile.confirmations("test-depth", 1, Duration.ofSeconds(1)),
            0,
            100,
            Duration.ofSeconds(1));
    return new ChainWatcher(
        s, reader, new FileCheckpointStore(dir), new RecordingSink(), metrics, clock);
  }

  private ChainReadiness readiness(ChainWatcher w) {
    return ChainReadiness.of(w, health, 1_000);
  }

  private double errors(String kind) {
    var c = metrics.find("relayer.rpc.errors").tag("kind", kind).functionCounter();
    return c == null ? 0 : c.count();
  }

  /** Polls through the fault, then lets the configured time pass: DOWN once, with the cause. */
  private void assertDownAfterStaleTime(ChainWatcher w, String cause) {
    assertThat(w.pollOnce()).isEqualTo(PollOutcome.UNAVAILABLE);
    assertThat(readiness(w).ready()).as("still within rpc-stale-after").isTrue();
    clock.advance(STALE.plusSeconds(1));
    for (int i = 0; i < 3; i++) { // retries change nothing: one state change
      assertThat(w.pollOnce()).isEqualTo(PollOutcome.UNAVAILABLE);
    }
    ChainReadiness r = readiness(w);
    assertThat(r.ready()).isFalse();
    assertThat(r.detail()).contains("rpc down", cause);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).healthy()).isFalse();
    assertThat(changes.get(0).chain()).isEqualTo("src");
    assertThat(metrics.get("relayer.chain.rpc.up").tag("chain", "src").gauge().value()).isZero();
    assertThat(
            metrics
                .get("relayer.chain.rpc.seconds.since.answer")
                .tag("chain", "src")
                .gauge()
                .value())
        .isGreaterThan(STALE.toSeconds());
    assertThat(metrics.find("relayer.rpc.breaker.state").tag("chain", "src").gauge()).isNotNull();
  }

  private void assertRecovered(ChainWatcher w) throws InterruptedException {
    // The endpoint's breaker may still be open from the fault: it probes again within a few polls.
    for (int i = 0; i < 100 && !readiness(w).ready(); i++) {
      w.pollOnce();
      Thread.sleep(10);
    }
    assertThat(readiness(w).ready()).as(readiness(w).detail()).isTrue();
    assertThat(changes).hasSize(2);
    assertThat(changes.get(1).healthy()).isTrue();
    assertThat(metrics.get("relayer.chain.rpc.up").tag("chain", "src").gauge().value()).isOne();
  }

  @Test
  void shouldGoDownWhileACallHangsWithoutAnAnswerAndRecover() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (JsonRpcProxy proxy = new JsonRpcProxy(anvil.url())) {
      ChainWatcher w = watcher(proxy.url());
      anvil.mine(2);
      assertThat(w.pollOnce()).isNotEqualTo(PollOutcome.UNAVAILABLE);
      proxy.hook(JsonRpcProxy.hangUntil(release));
      assertDownAfterStaleTime(w, "timeout");
      release.countDown();
      proxy.hook(new JsonRpcProxy.Hook() {});
      assertRecovered(w);
    }
  }

  @Test
  void shouldGoDownNamingConnectionRefusedOnAWrongPortAndRecoverWhenItAnswers() throws Exception {
    Logger chainHealthLog = Logger.getLogger(ChainHealth.class.getName());
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    chainHealthLog.addHandler(capture);
    try {
      int port = JsonRpcProxy.freePort();
      ChainWatcher w = watcher(URI.create("http://127.0.0.1:" + port));
      anvil.mine(2);
      assertDownAfterStaleTime(w, "connection_refused");
      assertThat(errors("connection_refused")).isPositive();
      assertThat(
              metrics
                  .get("relayer.rpc.errors")
                  .tag("endpoint", "http://127.0.0.1:" + port)
                  .functionCounter()
                  .count())
          .isPositive();
      // A longer outage opens the endpoint's breaker: recovery must get through that too.
      for (int i = 0; i < 5; i++) {
        w.pollOnce();
      }
      assertThat(breaker()).as("breaker open after repeated refusals").isEqualTo(2.0);

      // The node comes up on that port (the operator started it, or fixed the firewall).
      try (JsonRpcProxy node = new JsonRpcProxy(anvil.url(), port)) {
        assertRecovered(w);
        assertThat(node.calls()).isPositive();
        assertThat(breaker()).isZero();
        assertThat(w.lagBlocks()).isNotNegative();
        List<String> warns = messages(logged, java.util.logging.Level.WARNING);
        List<String> infos = messages(logged, java.util.logging.Level.INFO);
        assertThat(warns).singleElement().asString().contains("chain=src RPC unhealthy");
        assertThat(infos)
            .singleElement()
            .asString()
            .contains("chain=src RPC quorum answers again after");
      }
    } finally {
      chainHealthLog.removeHandler(capture);
    }
  }

  private double breaker() {
    return metrics.get("relayer.rpc.breaker.state").tag("chain", "src").gauge().value();
  }

  private static List<String> messages(List<LogRecord> logged, java.util.logging.Level level) {
    return logged.stream()
        .filter(r -> r.getLevel().intValue() == level.intValue())
        .map(r -> r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage())
        .toList();
  }

  @Test
  void shouldGoDownNamingAnUnknownHost() throws Exception {
    ChainWatcher w = watcher(URI.create("http://nonexistent.invalid:8545"));
    assertDownAfterStaleTime(w, "unknown_host");
    assertThat(errors("unknown_host")).isPositive();
    assertThat(readiness(w).detail()).contains("http://nonexistent.invalid:8545");
  }
}
