package io.tbridge.relayer.submit;

import static io.tbridge.relayer.submit.ReleaseSubmitterTest.ALICE;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.DST;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.GROUP;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.RELAYER;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.SRC;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.SRC_BRIDGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.support.GroupKey;
import io.tbridge.relayer.support.RecordingListener;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay-bitmap prewarming on a real Bridge: a word is 255 nonces (word 0 holds 0..254, word 1
 * 255..509, word 2 510..764); the default triggers on the last 32 nonces of a word.
 */
class ReplayPrewarmTest {

  /** The 4-byte selector of prewarmReplayWords, as the proxy sees it in eth_estimateGas. */
  static final String PREWARM_SELECTOR =
      "0x"
          + HexFormat.of()
              .formatHex(
                  BridgeAbi.prewarmReplayWordsCall(
                      ChainId.of(1), SRC_BRIDGE, BigInteger.ZERO, BigInteger.ZERO))
              .substring(0, 8);

  @TempDir Path dir;

  private TestAnvil anvil;
  private BridgeFixture dst;
  private JsonRpcProxy proxy;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingListener listener = new RecordingListener();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private EthRpc chain;

  @BeforeEach
  void setUp() throws Exception {
    anvil = TestAnvil.start(DST);
    dst = BridgeFixture.deploy(anvil, GROUP.address());
    dst.trust(SRC, SRC_BRIDGE);
    dst.fundBridge(BigInteger.TEN.pow(21));
    BridgeFixture.fund(anvil, RELAYER.address());
    proxy = new JsonRpcProxy(anvil.url());
    chain = Chains.eth(anvil.url());
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    dst.close();
    anvil.close();
  }

  private ReleaseSubmitter submitter(PrewarmSettings prewarm) {
    return new ReleaseSubmitter(
        ReleaseSubmitterTest.settings(dst.bridge()).withPrewarm(prewarm),
        Chains.eth(proxy.url()),
        Chains.reader(DST, 1, anvil.url()),
        new FilePendingStore(dir, ChainId.of(DST), RELAYER.address()),
        RELAYER,
        listener,
        metrics,
        clock);
  }

  private static Release release(BridgeFixture dst, long nonce) {
    return GroupKey.release(SRC, SRC_BRIDGE, nonce, dst.token(), ALICE, 1);
  }

  private SubmitJob job(long nonce) {
    SignedRelease signed = GROUP.sign(DST, dst.bridge(), release(dst, nonce));
    return new SubmitJob(
        signed, signed.key().bytes(), new SignedReleaseCodec().encode(signed), () -> {});
  }

  /** Releases {@code nonce} and ticks until nothing (release or prewarm) is in flight. */
  private void release(ReleaseSubmitter s, long nonce) {
    s.submit(job(nonce));
    for (int i = 0; i < 20 && (i == 0 || s.unfinished() > 0 || s.inFlight() > 0); i++) {
      s.tick();
    }
    assertThat(s.unfinished()).isZero();
    assertThat(s.inFlight()).isZero();
  }

  /** Gas used by the transaction that released deposit {@code nonce}. */
  private long gasOfRelease(long nonce) {
    var id = release(dst, nonce).depositId();
    var tx =
        listener.statuses().stream()
            .filter(e -> e.depositId().equals(id) && e.stage() == DepositStage.RELEASED)
            .findFirst()
            .orElseThrow()
            .txHash()
            .orElseThrow();
    return chain.receipt(tx).orElseThrow().gasUsed().longValueExact();
  }

  private long sent() {
    return chain.transactionCount(RELAYER.address(), BlockRef.LATEST).longValueExact();
  }

  private double prewarmGas() {
    return metrics.get("relayer.prewarm.gas.used").functionCounter().count();
  }

  @Test
  void shouldPrewarmTheNextWordOnceSoItsFirstReleaseCostsLessThanOneIntoAColdWord() {
    ReleaseSubmitter s = submitter(PrewarmSettings.DEFAULT);
    release(s, 250); // in the last 32 nonces of word 0: word 1 is prewarmed
    assertThat(sent()).isEqualTo(2);
    assertThat(prewarmGas()).isPositive();
    release(s, 251); // word 1 was asked for already: no second prewarm
    assertThat(sent()).isEqualTo(3);

    release(s, 255); // first nonce of word 1, prewarmed
    release(s, 510); // first nonce of word 2, never used (510 is early in word 2: no trigger)
    assertThat(sent()).isEqualTo(5);
    long warm = gasOfRelease(255);
    long cold = gasOfRelease(510);
    // The zero-to-non-zero store of the word (22.1k instead of 2.9k) is off the release path.
    assertThat(cold - warm).as("cold %d, prewarmed %d", cold, warm).isGreaterThan(15_000);
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(4));
  }

  @Test
  void shouldSendNoPrewarmWhenOff() {
    ReleaseSubmitter s = submitter(PrewarmSettings.OFF);
    release(s, 250);
    release(s, 255);
    assertThat(sent()).isEqualTo(2);
    assertThat(prewarmGas()).isZero();
  }

  @Test
  void aPrewarmRevertingOnChainShouldNeitherStopReleasesNorLogMoreThanOneWarning() {
    // Every prewarm gets too little gas: it is mined, reverted (out of gas), and its nonce used.
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonNode after(String method, JsonNode request, JsonNode reply) {
            String data = request.path("params").path(0).path("data").asText();
            if (method.equals("eth_estimateGas") && data.startsWith(PREWARM_SELECTOR)) {
              return ((ObjectNode) reply.deepCopy()).put("result", "0x5800");
            }
            return reply;
          }
        });
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
    Logger log = Logger.getLogger(ReplayPrewarmer.class.getName());
    log.addHandler(capture);
    try {
      ReleaseSubmitter s = submitter(PrewarmSettings.DEFAULT);
      release(s, 250); // prewarm of word 1 reverts
      release(s, 255);
      release(s, 505); // last nonces of word 1: prewarm of word 2 reverts too
      release(s, 510);
      assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(4));
      assertThat(listener.statuses())
          .filteredOn(e -> e.stage() == DepositStage.RELEASED)
          .hasSize(4);
      // Four releases and two reverted prewarms, nonces 0..5 without a gap.
      assertThat(sent()).isEqualTo(6);
      assertThat(chain.transactionCount(RELAYER.address(), BlockRef.PENDING).longValueExact())
          .isEqualTo(6);
      assertThat(prewarmGas()).isPositive();
      List<String> warns =
          logged.stream()
              .filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
              .map(r -> r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage())
              .toList();
      assertThat(warns)
          .singleElement()
          .asString()
          .contains("chain=dst prewarm of source 31337/")
          .contains("nonces 255..509 failed")
          .contains("mined reverted");
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void aLostPrewarmShouldBeResumedAfterARestartAndNotHoldUpTheNextRelease() {
    // The prewarm's send never reaches the node (both attempts dropped); then the relayer restarts.
    // Left untracked, its nonce would be a gap every later release waits behind.
    AtomicInteger drop = new AtomicInteger(2);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            String raw = request.path("params").path(0).asText();
            if (method.equals("eth_sendRawTransaction")
                && raw.contains(PREWARM_SELECTOR.substring(2))
                && drop.getAndDecrement() > 0) {
              return new JsonRpcProxy.Reply(502, "");
            }
            return null;
          }
        });
    ReleaseSubmitter before = submitter(PrewarmSettings.DEFAULT);
    before.submit(job(250));
    before.tick();
    assertThat(before.inFlight()).isEqualTo(2);
    assertThat(sent()).isEqualTo(1);

    ReleaseSubmitter after = submitter(PrewarmSettings.DEFAULT);
    assertThat(after.inFlight()).isEqualTo(2);
    // Nonce 2, behind the lost prewarm's nonce 1; word 1 is not asked for a second time.
    after.submit(job(251));
    after.tick();
    clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < 20 && (after.unfinished() > 0 || after.inFlight() > 0); i++) {
      after.tick(); // the prewarm is re-sent under its own nonce with higher fees
      anvil.mine(1);
    }
    assertThat(after.unfinished()).isZero();
    assertThat(after.inFlight()).isZero();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.TWO);
    assertThat(sent()).isEqualTo(3);
    assertThat(prewarmGas()).isPositive();
    assertThat(metrics.get("relayer.replacements").functionCounter().count()).isPositive();
  }

  @Test
  void aPrewarmRevertingInSimulationShouldSpendNoNonceAndLeaveReleasesAlone() {
    // A bridge that refuses the call (e.g. one deployed before prewarmReplayWords existed).
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            String data = request.path("params").path(0).path("data").asText();
            if (method.equals("eth_estimateGas") && data.startsWith(PREWARM_SELECTOR)) {
              return JsonRpcProxy.error(request, 3, "execution reverted");
            }
            return null;
          }
        });
    ReleaseSubmitter s = submitter(PrewarmSettings.DEFAULT);
    release(s, 250);
    release(s, 255);
    release(s, 505);
    // Three releases, nonces 0..2: the refused prewarms took none.
    assertThat(sent()).isEqualTo(3);
    assertThat(chain.transactionCount(RELAYER.address(), BlockRef.PENDING).longValueExact())
        .isEqualTo(3);
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(3));
    assertThat(prewarmGas()).isZero();
  }
}
