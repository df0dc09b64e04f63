package io.tbridge.relayer.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.relayer.support.RecordingSink;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainWatcherTest {

  private static final long SRC = 31337;
  private static final long DST = 31338;
  private static final Address SIGNER = Address.of("0x00000000000000000000000000000000000000aa");
  private static final Address RECIPIENT = Address.of("0x00000000000000000000000000000000000000bb");

  @TempDir Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private TestAnvil anvil;
  private BridgeFixture src;

  @BeforeEach
  void startChain() {
    anvil = TestAnvil.start(SRC);
    src = BridgeFixture.deploy(anvil, SIGNER);
    src.route(DST, Address.of("0x00000000000000000000000000000000000000cc"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    src.close();
    anvil.close();
    pool.shutdownNow();
  }

  private JsonRpcProxy proxy(TestAnvil chain) throws Exception {
    JsonRpcProxy p = new JsonRpcProxy(chain.url());
    closeables.add(p);
    return p;
  }

  private ChainWatcher watcher(
      QuorumReader reader, RecordingSink sink, ChainProfile profile, int maxRange, long start) {
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), profile, start, maxRange, Duration.ofSeconds(1));
    return new ChainWatcher(
        s,
        reader,
        new FileCheckpointStore(dir),
        sink,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  private static ChainProfile depth(long n) {
    return ChainProfile.confirmations("test-depth", n, Duration.ofSeconds(1));
  }

  private static void drain(ChainWatcher w) {
    for (int i = 0; i < 1_000; i++) {
      PollOutcome o = w.pollOnce();
      if (o != PollOutcome.PROGRESSED) {
        return;
      }
    }
    throw new AssertionError("watcher never caught up");
  }

  private void lock(int amount) {
    src.lock(BigInteger.valueOf(amount), RECIPIENT, DST);
  }

  private static List<BigInteger> nonces(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(BigInteger::valueOf).toList();
  }

  @Test
  void shouldPublishOnlyLocksThatReachedTheConfirmationDepth() {
    RecordingSink sink = new RecordingSink();
    ChainWatcher w = watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(3), 100, 0);
    lock(10);
    lock(20);
    drain(w);
    assertThat(sink.published()).isEmpty();
    anvil.mine(2);
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);
    anvil.mine(1);
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE, BigInteger.TWO);
    LockEvent first = sink.published().get(0);
    assertThat(first.sourceChainId()).isEqualTo(ChainId.of(SRC));
    assertThat(first.sourceBridge()).isEqualTo(src.bridge());
    assertThat(first.dstChainId()).isEqualTo(ChainId.of(DST));
    assertThat(first.recipient()).isEqualTo(RECIPIENT);
    assertThat(first.amount()).isEqualTo(BigInteger.TEN);
    assertThat(first.srcToken()).isEqualTo(src.token());
  }

  @Test
  void shouldResumeAfterARestartMidScanWithoutGaps() {
    RecordingSink sink = new RecordingSink();
    for (int i = 1; i <= 12; i++) {
      lock(i);
    }
    anvil.mine(2);
    ChainWatcher first = watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(1), 3, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(first.pollOnce()).isEqualTo(PollOutcome.PROGRESSED);
    }
    // The broker goes away mid-scan: the range is not checkpointed and is retried after restart.
    sink.failNext(1);
    assertThat(first.pollOnce()).isEqualTo(PollOutcome.PUBLISH_FAILED);
    int before = sink.published().size();
    assertThat(before).isLessThan(12);

    ChainWatcher restarted =
        watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(1), 3, 0);
    drain(restarted);
    assertThat(sink.nonces()).containsExactlyElementsOf(nonces(1, 12));
  }

  @Test
  void shouldSplitARefusedRangeAndStillCoverEveryBlock() throws Exception {
    for (int i = 1; i <= 10; i++) {
      lock(i);
    }
    anvil.mine(1);
    JsonRpcProxy p = proxy(anvil);
    p.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (!method.equals("eth_getLogs")) {
              return null;
            }
            JsonNode f = request.get("params").get(0);
            long from = Long.decode(f.get("fromBlock").asText());
            long to = Long.decode(f.get("toBlock").asText());
            return to - from + 1 > 4
                ? JsonRpcProxy.error(request, -32005, "query returned more than 10000 results")
                : null;
          }
        });
    RecordingSink sink = new RecordingSink();
    var registry = new SimpleMeterRegistry();
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), depth(1), 0, 50, Duration.ofSeconds(1));
    ChainWatcher w =
        new ChainWatcher(
            s,
            Chains.reader(SRC, 1, pool, p.url()),
            new FileCheckpointStore(dir),
            sink,
            registry,
            Clock.systemUTC());
    drain(w);
    assertThat(sink.nonces()).containsExactlyElementsOf(nonces(1, 10));
    assertThat(registry.get("relayer.range.splits").functionCounter().count()).isPositive();
  }

  @Test
  void shouldRememberAStrictEndpointsRangeLimitInsteadOfBeingRefusedEveryOtherRange()
      throws Exception {
    for (int i = 1; i <= 5; i++) {
      lock(i);
      anvil.mine(30);
    }
    JsonRpcProxy p = proxy(anvil);
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    p.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (!method.equals("eth_getLogs")) {
              return null;
            }
            JsonNode f = request.get("params").get(0);
            long from = Long.decode(f.get("fromBlock").asText());
            long to = Long.decode(f.get("toBlock").asText());
            if (to - from + 1 > 4) {
              refused.incrementAndGet();
              return JsonRpcProxy.error(request, -32602, "block range too large");
            }
            return null;
          }
        });
    RecordingSink sink = new RecordingSink();
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), depth(1), 0, 50, Duration.ofSeconds(1));
    ChainWatcher w =
        new ChainWatcher(
            s,
            Chains.reader(SRC, 1, pool, p.url()),
            new FileCheckpointStore(dir),
            sink,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    drain(w);
    assertThat(sink.nonces()).containsExactlyElementsOf(nonces(1, 5));
    // About 150 blocks in ranges of at most 4: 50 -> 25 -> 12 -> 6 are refused while learning
    // the limit, then the remembered range is accepted (doubling back would be refused ~20 times).
    assertThat(refused.get()).isBetween(4, 6);
  }

  @Test
  @DisplayName("SECURITY 13: a lock followed by a reorg that removes it is never published")
  void reorgRemovingALockShouldNeverPublishIt() {
    // SECURITY 13: a lock followed by a reorg that removes it is never published.
    RecordingSink sink = new RecordingSink();
    ChainWatcher w = watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(4), 100, 0);
    lock(1);
    anvil.mine(4);
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);

    String beforeSecond = anvil.snapshot();
    lock(2); // nonce 2 in block h
    anvil.mine(2);
    drain(w); // not final yet: depth 4 needs h + 4 <= latest
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);

    // The fork without the lock becomes canonical and grows past the depth.
    anvil.revert(beforeSecond);
    anvil.mine(8);
    drain(w);
    lock(3); // the surviving chain reuses nonce 2 for a different deposit
    anvil.mine(4);
    drain(w);
    assertThat(sink.published()).hasSize(2);
    LockEvent survivor = sink.published().get(1);
    assertThat(survivor.nonce()).isEqualTo(BigInteger.TWO);
    assertThat(survivor.amount()).isEqualTo(BigInteger.valueOf(3));
    assertThat(sink.published()).noneMatch(l -> l.amount().equals(BigInteger.TWO));
  }

  @Test
  void anvilReorgShouldPublishOnlyTheSurvivingLocks() {
    RecordingSink sink = new RecordingSink();
    ChainWatcher w = watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(5), 100, 0);
    lock(1);
    anvil.mine(5);
    lock(2);
    anvil.mine(1);
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);
    // Replace the last 3 blocks (including lock 2) with empty ones.
    anvil.reorg(3);
    anvil.mine(10);
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);
  }

  @Test
  void reorgBelowTheFinalityRuleShouldHaltTheChainDurably() {
    RecordingSink sink = new RecordingSink();
    ChainWatcher w = watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(1), 100, 0);
    lock(1);
    anvil.mine(1);
    drain(w);
    anvil.reorg(3); // deeper than the profile's depth of 1
    anvil.mine(3);
    assertThat(w.pollOnce()).isEqualTo(PollOutcome.HALTED);
    assertThat(w.haltReason()).get().asString().contains("reorg below finality");
    ChainWatcher restarted =
        watcher(Chains.reader(SRC, 1, pool, anvil.url()), sink, depth(1), 100, 0);
    assertThat(restarted.pollOnce()).isEqualTo(PollOutcome.HALTED);
  }

  @Test
  @DisplayName("SECURITY 12: right event topic from the wrong contract or chain is ignored")
  void rightEventFromTheWrongContractOrChainShouldBeIgnored() throws Exception {
    // SECURITY 12: an identical Bridge at another address, and an endpoint of another chain.
    BridgeFixture other = BridgeFixture.deploy(anvil, SIGNER);
    closeables.add(other);
    other.route(DST, Address.of("0x00000000000000000000000000000000000000cc"));
    other.lock(BigInteger.valueOf(77), RECIPIENT, DST);
    lock(5);
    anvil.mine(2);

    // A proxy that answers for the real chain but also slips in the other bridge's log.
    JsonRpcProxy p = proxy(anvil);
    p.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonNode after(String method, JsonNode request, JsonNode reply) {
            if (!method.equals("eth_getLogs")) {
              return reply;
            }
            ObjectNode req = request.deepCopy();
            ((ObjectNode) req.get("params").get(0)).put("address", other.bridge().toLowerHex());
            JsonNode foreign = anvil.call("eth_getLogs", req.get("params").get(0));
            ArrayNode merged = ((ArrayNode) reply.get("result")).deepCopy();
            foreign.forEach(merged::add);
            return ((ObjectNode) reply.deepCopy()).set("result", merged);
          }
        });
    RecordingSink sink = new RecordingSink();
    var registry = new SimpleMeterRegistry();
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), depth(1), 0, 100, Duration.ofSeconds(1));
    new ChainWatcher(
            s,
            Chains.reader(SRC, 1, pool, p.url()),
            new FileCheckpointStore(dir),
            sink,
            registry,
            Clock.systemUTC())
        .pollOnce();
    assertThat(sink.published()).extracting(LockEvent::sourceBridge).containsOnly(src.bridge());
    assertThat(sink.published())
        .extracting(LockEvent::amount)
        .containsExactly(BigInteger.valueOf(5));
    assertThat(registry.get("relayer.logs.ignored").functionCounter().count()).isEqualTo(1.0);

    // An endpoint serving another chain (same contracts, other chain id) is never used.
    try (TestAnvil otherChain = TestAnvil.start(SRC + 100)) {
      RecordingSink sink2 = new RecordingSink();
      ChainWatcher wrong =
          watcher(Chains.reader(SRC, 1, pool, otherChain.url()), sink2, depth(1), 100, 0);
      assertThat(wrong.pollOnce()).isEqualTo(PollOutcome.UNAVAILABLE);
      assertThat(sink2.published()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "SECURITY 15: one of three endpoints returns a fabricated log: chain halts, nothing published")
  void oneOfThreeEndpointsReturningAFabricatedLogShouldHaltTheChain() throws Exception {
    // SECURITY 15: a lying endpoint halts the chain, alerts, and nothing disputed is published.
    lock(100);
    anvil.mine(2);
    JsonRpcProxy honest1 = proxy(anvil);
    JsonRpcProxy honest2 = proxy(anvil);
    JsonRpcProxy liar = proxy(anvil);
    liar.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonNode after(String method, JsonNode request, JsonNode reply) {
            if (!method.equals("eth_getLogs") || reply.get("result").isEmpty()) {
              return reply;
            }
            ObjectNode copy = reply.deepCopy();
            ObjectNode log = (ObjectNode) copy.get("result").get(0);
            String data = log.get("data").asText();
            // Inflate the amount (the last 32-byte word) to 10^24 base units.
            String inflated = String.format("%064x", java.math.BigInteger.TEN.pow(24));
            log.put("data", data.substring(0, data.length() - 64) + inflated);
            return copy;
          }
        });
    RecordingSink sink = new RecordingSink();
    var registry = new SimpleMeterRegistry();
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), depth(1), 0, 100, Duration.ofSeconds(1));
    URI[] urls = {honest1.url(), liar.url(), honest2.url()};
    ChainWatcher w =
        new ChainWatcher(
            s,
            Chains.reader(SRC, 2, pool, urls),
            new FileCheckpointStore(dir),
            sink,
            registry,
            Clock.systemUTC());
    assertThat(w.pollOnce()).isEqualTo(PollOutcome.HALTED);
    assertThat(sink.published()).isEmpty();
    assertThat(w.haltReason()).get().asString().contains("disagree");
    assertThat(registry.get("relayer.chain.halted").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("relayer.quorum.disagreements").functionCounter().count())
        .isEqualTo(1.0);
    // Taking the liar away does not resume on its own: an operator must clear the halt.
    ChainWatcher again =
        watcher(Chains.reader(SRC, 2, pool, honest1.url(), honest2.url()), sink, depth(1), 100, 0);
    assertThat(again.pollOnce()).isEqualTo(PollOutcome.HALTED);
    assertThat(sink.published()).isEmpty();
  }

  @Test
  void quorumShouldNeverBeLoweredWhenEndpointsFail() throws Exception {
    lock(1);
    anvil.mine(2);
    JsonRpcProxy up = proxy(anvil);
    JsonRpcProxy down1 = proxy(anvil);
    JsonRpcProxy down2 = proxy(anvil);
    JsonRpcProxy.Hook fail =
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return new JsonRpcProxy.Reply(503, "");
          }
        };
    down1.hook(fail);
    down2.hook(fail);
    RecordingSink sink = new RecordingSink();
    ChainWatcher w =
        watcher(
            Chains.reader(SRC, 2, pool, up.url(), down1.url(), down2.url()),
            sink,
            depth(1),
            100,
            0);
    assertThat(w.pollOnce()).isEqualTo(PollOutcome.UNAVAILABLE);
    assertThat(sink.published()).isEmpty();
    down1.hook(new JsonRpcProxy.Hook() {});
    drain(w);
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);
  }

  @Test
  @DisplayName(
      "a wait for finality is visible: blocks until final per chain, and a stalled final head is"
          + " reported once, then its recovery")
  void shouldExposeBlocksUntilFinalAndReportAStalledFinalHead() {
    io.tbridge.chain.testing.MutableClock clock =
        new io.tbridge.chain.testing.MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    anvil.mine(10);
    WatchSettings s =
        new WatchSettings(
            "src", ChainId.of(SRC), src.bridge(), depth(4), 0, 100, Duration.ofSeconds(1));
    ChainWatcher w =
        new ChainWatcher(
            s,
            Chains.reader(SRC, 1, pool, anvil.url()),
            new FileCheckpointStore(dir),
            new RecordingSink(),
            new SimpleMeterRegistry(),
            clock);
    drain(w);
    assertThat(w.blocksUntilFinal()).as("head minus final head at depth 4").isEqualTo(4);
    assertThat(w.finalityStalled()).isFalse();
    // The chain stops producing blocks: the final head stands still past the expected 30 s.
    clock.advance(Duration.ofSeconds(31));
    w.pollOnce();
    assertThat(w.finalityStalled()).isTrue();
    anvil.mine(1);
    w.pollOnce();
    assertThat(w.finalityStalled()).as("moves again").isFalse();
  }
}
