package io.tbridge.relayer.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.chain.testing.TestSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.support.GroupKey;
import io.tbridge.relayer.support.RecordingListener;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

class ReleaseSubmitterTest {

  static final long SRC = 31337;
  static final long DST = 31338;
  static final Address SRC_BRIDGE = Address.of("0x5000000000000000000000000000000000000005");
  static final GroupKey GROUP =
      new GroupKey("0x3333333333333333333333333333333333333333333333333333333333333333");
  static final TestSigner RELAYER =
      TestSigner.of("0x2222222222222222222222222222222222222222222222222222222222222222");
  static final Address ALICE = Address.of("0x00000000000000000000000000000000000a11ce");
  static final Address BOB = Address.of("0x0000000000000000000000000000000000000b0b");

  @TempDir Path dir;

  private TestAnvil anvil;
  private BridgeFixture dst;
  private JsonRpcProxy proxy;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingListener listener = new RecordingListener();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final AtomicInteger done = new AtomicInteger();
  private ReleaseSubmitter submitter;

  @BeforeEach
  void setUp() throws Exception {
    anvil = TestAnvil.start(DST);
    dst = BridgeFixture.deploy(anvil, GROUP.address());
    dst.trust(SRC, SRC_BRIDGE);
    dst.fundBridge(BigInteger.TEN.pow(21));
    BridgeFixture.fund(anvil, RELAYER.address());
    proxy = new JsonRpcProxy(anvil.url());
    submitter = submitter(proxy.url());
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    dst.close();
    anvil.close();
  }

  static SubmitSettings settings(Address bridge) {
    return new SubmitSettings(
        "dst",
        ChainId.of(DST),
        bridge,
        BigInteger.valueOf(500_000_000_000L),
        BigInteger.valueOf(5_000_000_000L),
        BigInteger.valueOf(1_000_000),
        5,
        50.0,
        20,
        Duration.ofSeconds(30),
        15,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        3);
  }

  private ReleaseSubmitter submitter(URI url) {
    return submitter(url, Chains.reader(DST, 1, url));
  }

  private ReleaseSubmitter submitter(URI sendUrl, QuorumReader reads) {
    return new ReleaseSubmitter(
        settings(dst.bridge()),
        Chains.eth(sendUrl),
        reads,
        new FilePendingStore(dir, ChainId.of(DST), RELAYER.address()),
        RELAYER,
        listener,
        metrics,
        clock);
  }

  private Release release(long nonce, Address to, long amount) {
    return GroupKey.release(SRC, SRC_BRIDGE, nonce, dst.token(), to, amount);
  }

  private SubmitJob job(SignedRelease signed) {
    byte[] value = new SignedReleaseCodec().encode(signed);
    return new SubmitJob(signed, signed.key().bytes(), value, done::incrementAndGet);
  }

  private SubmitJob job(Release r) {
    return job(GROUP.sign(DST, dst.bridge(), r));
  }

  private long sentTransactions() {
    return new EthRpc(Chains.eth(anvil.url()).jsonRpc())
        .transactionCount(RELAYER.address(), BlockRef.LATEST)
        .longValueExact();
  }

  private void tickUntilIdle() {
    for (int i = 0; i < 20 && submitter.unfinished() > 0; i++) {
      submitter.tick();
    }
  }

  @Test
  void shouldReleaseASingleAndABatchedRelease() {
    submitter.submit(job(release(1, ALICE, 100)));
    submitter.submit(
        job(
            GROUP.sign(
                DST,
                dst.bridge(),
                GroupKey.batch(DST, List.of(release(2, ALICE, 5), release(3, BOB, 7))))));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(105));
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.valueOf(7));
    assertThat(done.get()).isEqualTo(2);
    assertThat(sentTransactions()).isEqualTo(2);
    assertThat(listener.statuses())
        .filteredOn(s -> s.stage() == DepositStage.RELEASED)
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.txHash()).isPresent());
    assertThat(metrics.get("relayer.gas.used").functionCounter().count()).isPositive();
  }

  @Test
  @DisplayName(
      "a batch with a member already released (front-run by a single) is sent and pays the rest"
          + " once")
  void batchWithAMemberAlreadyReleasedShouldBeSentForTheRest() {
    submitter.submit(job(release(2, ALICE, 5)));
    tickUntilIdle();
    assertThat(dst.isReleased(SRC, SRC_BRIDGE, BigInteger.TWO)).isTrue();

    submitter.submit(
        job(
            GROUP.sign(
                DST,
                dst.bridge(),
                GroupKey.batch(
                    DST, List.of(release(2, ALICE, 5), release(3, BOB, 7), release(4, BOB, 1))))));
    tickUntilIdle();

    assertThat(dst.balanceOf(ALICE))
        .as("front-run member paid once")
        .isEqualTo(BigInteger.valueOf(5));
    assertThat(dst.balanceOf(BOB)).as("the other members paid").isEqualTo(BigInteger.valueOf(8));
    assertThat(sentTransactions()).as("the single and the batch").isEqualTo(2);
    assertThat(done.get()).isEqualTo(2);
    assertThat(listener.dead()).isEmpty();
    assertThat(dst.isReleased(SRC, SRC_BRIDGE, BigInteger.valueOf(4))).isTrue();
  }

  @Test
  @DisplayName(
      "SECURITY 14: the same deposit seen again (redelivery, rescan, letter case) is released once")
  void sameDepositSeenAgainShouldBeReleasedOnce() {
    // SECURITY 14: redelivery, rescan, and the same deposit written with other letter case.
    Release r = release(9, ALICE, 50);
    Release sameUpperCase =
        new Release(
            ChainId.of(SRC),
            Address.of(SRC_BRIDGE.toLowerHex().toUpperCase().replace("0X", "0x")),
            BigInteger.valueOf(9),
            Address.of(dst.token().toChecksumHex()),
            Address.of(ALICE.toLowerHex().toUpperCase().replace("0X", "0x")),
            BigInteger.valueOf(50));
    assertThat(sameUpperCase.depositId())
        .isEqualTo(r.depositId())
        .isEqualTo(
            io.tbridge.core.DepositId.of(
                Hash32.of(r.depositId().value().toHex().toUpperCase().replace("0X", "0x"))));
    submitter.submit(job(r));
    submitter.submit(job(r));
    submitter.submit(job(sameUpperCase));
    tickUntilIdle();
    // A later rescan delivers it once more, to a freshly started submitter.
    submitter = submitter(proxy.url());
    submitter.submit(job(r));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(50));
    assertThat(sentTransactions()).isEqualTo(1);
    assertThat(done.get()).isEqualTo(4);
  }

  @Test
  @DisplayName("SECURITY 16: submission fails after a nonce was taken: no nonce gap")
  void submissionFailingAfterANonceWasTakenShouldLeaveNoNonceGap() {
    // SECURITY 16, first half: the node refuses the first send after the nonce was taken.
    AtomicInteger refuse = new AtomicInteger(1);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (method.equals("eth_sendRawTransaction") && refuse.getAndDecrement() > 0) {
              return JsonRpcProxy.error(request, -32000, "insufficient funds for gas * price");
            }
            return null;
          }
        });
    submitter.submit(job(release(1, ALICE, 1)));
    submitter.submit(job(release(2, BOB, 2)));
    submitter.tick();
    submitter.tick();
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.TWO);
    assertThat(sentTransactions()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.ONE);
    // Two transactions mined with nonces 0 and 1: nothing in the pool, nothing missing.
    assertThat(sentTransactions()).isEqualTo(2);
    assertThat(submitter.unfinished()).isZero();
  }

  @Test
  @DisplayName("SECURITY 16: a lost send keeps its nonce and is re-sent with a fee bump")
  void sendWithUnknownOutcomeShouldBeResentAndFillTheNonce() {
    // SECURITY 16: the first send is lost on the way (the node never saw it); the next release
    // takes the next nonce and waits behind it until the lost one is re-sent with a fee bump.
    // Two drops: the RPC layer retries a retriable send once (re-sending a signed transaction is
    // harmless), so both attempts of the first send must be lost.
    AtomicInteger drop = new AtomicInteger(2);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (method.equals("eth_sendRawTransaction") && drop.getAndDecrement() > 0) {
              return new JsonRpcProxy.Reply(502, "");
            }
            return null;
          }
        });
    submitter.submit(job(release(1, ALICE, 1)));
    submitter.submit(job(release(2, BOB, 2)));
    submitter.tick();
    assertThat(submitter.inFlight()).isEqualTo(2);
    assertThat(sentTransactions()).isZero();
    clock.advance(Duration.ofSeconds(31));
    submitter.tick(); // the lost nonce 0 is re-sent with higher fees
    anvil.mine(1);
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.ONE);
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.TWO);
    assertThat(sentTransactions()).isEqualTo(2);
    assertThat(metrics.get("relayer.replacements").functionCounter().count()).isPositive();
  }

  @Test
  @DisplayName("SECURITY 16: a stuck transaction is replaced with a fee bump")
  void stuckTransactionShouldBeReplacedWithAFeeBumpAndMined() {
    // SECURITY 16, second half: a fee that the base fee has overtaken.
    anvil.call("evm_setAutomine", false);
    submitter.submit(job(release(1, ALICE, 3)));
    submitter.tick();
    assertThat(submitter.inFlight()).isEqualTo(1);
    // The base fee jumps far above what the transaction offers: it cannot be included.
    anvil.call("anvil_setNextBlockBaseFeePerGas", "0x" + Long.toHexString(200_000_000_000L));
    anvil.call("evm_mine");
    submitter.tick();
    assertThat(dst.balanceOf(ALICE)).isZero();
    clock.advance(Duration.ofSeconds(31));
    submitter.tick(); // replacement with fees from the new fee history
    anvil.call("evm_mine");
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(3));
    assertThat(metrics.get("relayer.replacements").functionCounter().count()).isEqualTo(1.0);
    assertThat(sentTransactions()).isEqualTo(1);
  }

  @Test
  @DisplayName("SECURITY 17: reverting releases fail alone and do not block the queue")
  void revertingReleasesShouldFailAloneAndNotBlockTheQueue() {
    // SECURITY 17: cap exceeded (retried later), a bad signature (dead letter), a good one mined.
    dst.capPerTransfer(BigInteger.valueOf(1_000));
    Release tooBig = release(1, ALICE, 5_000);
    Release good = release(2, BOB, 10);
    Release forged = release(3, BOB, 20);
    SignedRelease forgedSigned =
        new GroupKey("0x4444444444444444444444444444444444444444444444444444444444444444")
            .sign(DST, dst.bridge(), forged);
    submitter.submit(job(tooBig));
    submitter.submit(job(forgedSigned));
    submitter.submit(job(good));
    tickUntilIdle();
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.TEN);
    assertThat(listener.dead())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.detail()).contains("SignerMismatch");
              assertThat(d.job().release()).isEqualTo(forgedSigned);
            });
    assertThat(submitter.unfinished()).isEqualTo(1);
    // Only simulations reverted: no nonce was spent on the failures.
    assertThat(sentTransactions()).isEqualTo(1);

    dst.capPerTransfer(BridgeFixture.MAX_PER_TRANSFER);
    clock.advance(Duration.ofMinutes(5));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(5_000));
    assertThat(submitter.unfinished()).isZero();
  }

  @Test
  @DisplayName("a batch one member of which cannot be paid asks for singles; only that one waits")
  void batchWithAnUnpayableMemberShouldFallBackToSingleReleases() {
    dst.capPerTransfer(BigInteger.valueOf(1_000));
    Release a = release(1, ALICE, 10);
    Release tooBig = release(2, BOB, 5_000);
    Release c = release(3, BOB, 20);
    SignedRelease batch = GROUP.sign(DST, dst.bridge(), GroupKey.batch(DST, List.of(a, tooBig, c)));
    submitter.submit(job(batch));
    tickUntilIdle();

    // The batch is let go (its record can be committed), nothing was sent, nothing dead-lettered.
    assertThat(done.get()).isEqualTo(1);
    assertThat(submitter.unfinished()).isZero();
    assertThat(sentTransactions()).isZero();
    assertThat(listener.dead()).isEmpty();
    assertThat(listener.requests())
        .extracting(io.tbridge.core.wire.SingleRequest::depositId)
        .containsExactly(a.depositId(), tooBig.depositId(), c.depositId());
    assertThat(listener.requests())
        .allSatisfy(
            r -> {
              assertThat(r.dstChainId()).isEqualTo(ChainId.of(DST));
              assertThat(r.reason()).isEqualTo("CapExceeded");
            });
    assertThat(listener.statuses())
        .filteredOn(st -> st.stage() == DepositStage.SIGNING)
        .hasSize(3)
        .allSatisfy(st -> assertThat(st.detail().orElseThrow()).contains("single release"));

    // The signers answer with singles: the payable ones are released, the other one waits alone.
    submitter.submit(job(a));
    submitter.submit(job(tooBig));
    submitter.submit(job(c));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.TEN);
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.valueOf(20));
    assertThat(submitter.unfinished()).isEqualTo(1);
    assertThat(listener.requests()).hasSize(3);
  }

  @Test
  @DisplayName(
      "a batch one member of which the token refuses with its own error (not the bridge's) asks for"
          + " singles")
  void batchWhoseTokenRefusesAMemberWithItsOwnErrorShouldFallBackToSingleReleases()
      throws Exception {
    // The destination token becomes a blocklist token (same ERC-20 storage) that refuses BOB with
    // its own custom error, as USDC/USDT-like tokens do with theirs.
    JsonNode artifact =
        new ObjectMapper()
            .readTree(Path.of("../contracts/out/BlocklistToken.sol/BlocklistToken.json").toFile());
    String token = dst.token().toLowerHex();
    anvil.call("anvil_setCode", token, artifact.get("deployedBytecode").get("object").asText());
    byte[] key = new byte[64];
    System.arraycopy(BOB.toWord(), 0, key, 0, 32);
    key[63] = 5; // slot of `blocked`, after ERC20's five
    String slot = "0x" + java.util.HexFormat.of().formatHex(Hash.sha3(key));
    anvil.call("anvil_setStorageAt", token, slot, "0x" + "00".repeat(31) + "01");
    Release a = release(1, ALICE, 10);
    Release refused = release(2, BOB, 20);
    submitter.submit(job(GROUP.sign(DST, dst.bridge(), GroupKey.batch(DST, List.of(a, refused)))));
    tickUntilIdle();

    assertThat(listener.requests())
        .extracting(io.tbridge.core.wire.SingleRequest::depositId)
        .containsExactly(a.depositId(), refused.depositId());
    assertThat(done.get()).isEqualTo(1);
    assertThat(sentTransactions()).isZero();
    assertThat(listener.dead()).isEmpty();
  }

  @Test
  @DisplayName("a split asks no single for a member already paid out, and reports it released")
  void splitShouldSkipMembersAlreadyReleased() {
    dst.capPerTransfer(BigInteger.valueOf(1_000));
    Release a = release(1, ALICE, 10);
    Release tooBig = release(2, BOB, 5_000);
    Release c = release(3, BOB, 20);
    submitter.submit(job(a));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.TEN);
    submitter.submit(
        job(GROUP.sign(DST, dst.bridge(), GroupKey.batch(DST, List.of(a, tooBig, c)))));
    tickUntilIdle();

    assertThat(listener.requests())
        .extracting(io.tbridge.core.wire.SingleRequest::depositId)
        .containsExactly(tooBig.depositId(), c.depositId());
    assertThat(listener.statuses())
        .filteredOn(st -> st.depositId().equals(a.depositId()))
        .last()
        .satisfies(st -> assertThat(st.stage()).isEqualTo(DepositStage.RELEASED));
    assertThat(submitter.unfinished()).isZero();
  }

  @Test
  @DisplayName("a split whose requests cannot be published keeps the batch and retries")
  void splitWhoseRequestsAreNotDurableShouldKeepTheBatch() {
    dst.capPerTransfer(BigInteger.valueOf(1_000));
    SignedRelease batch =
        GROUP.sign(
            DST,
            dst.bridge(),
            GroupKey.batch(DST, List.of(release(1, ALICE, 10), release(2, BOB, 5_000))));
    listener.failNextRequests(1);
    submitter.submit(job(batch));
    tickUntilIdle();
    assertThat(listener.requests()).isEmpty();
    assertThat(done.get()).isZero();
    assertThat(submitter.unfinished()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    tickUntilIdle();
    assertThat(listener.requests()).hasSize(2);
    assertThat(done.get()).isEqualTo(1);
    assertThat(submitter.unfinished()).isZero();
  }

  @Test
  @DisplayName("a batch that is not the group's is dead-lettered whole, never split")
  void batchWithABadSignatureShouldNotBeSplit() {
    SignedRelease forged =
        new GroupKey("0x4444444444444444444444444444444444444444444444444444444444444444")
            .sign(
                DST,
                dst.bridge(),
                GroupKey.batch(DST, List.of(release(1, ALICE, 10), release(2, BOB, 20))));
    submitter.submit(job(forged));
    tickUntilIdle();
    assertThat(listener.requests()).isEmpty();
    assertThat(listener.dead())
        .singleElement()
        .satisfies(d -> assertThat(d.detail()).contains("SignerMismatch"));
  }

  @Test
  @DisplayName("SECURITY 17: a release reverting on chain is retried, no nonce gap")
  void releaseRevertingOnChainShouldBeRetriedWithoutANonceGap() throws Exception {
    // SECURITY 17: simulation passes, then the admin lowers the cap in the same block first.
    anvil.call("evm_setAutomine", false);
    submitter.submit(job(release(1, ALICE, 5_000)));
    submitter.tick();
    assertThat(submitter.inFlight()).isEqualTo(1);
    CompletableFuture<?> capDown =
        dst.contract()
            .setTokenCaps(
                dst.token().toLowerHex(), BigInteger.valueOf(1_000), BridgeFixture.MAX_PER_TRANSFER)
            .sendAsync();
    waitForPool(2);
    anvil.call("evm_mine");
    capDown.get();
    submitter.tick();
    assertThat(metrics.get("relayer.releases.reverted").functionCounter().count()).isEqualTo(1.0);
    assertThat(submitter.unfinished()).isEqualTo(1);
    assertThat(sentTransactions()).isEqualTo(1);

    anvil.call("evm_setAutomine", true);
    dst.capPerTransfer(BridgeFixture.MAX_PER_TRANSFER);
    submitter.submit(job(release(2, BOB, 1)));
    clock.advance(Duration.ofMinutes(5));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(5_000));
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.ONE);
    assertThat(sentTransactions()).isEqualTo(3);
  }

  @Test
  void alreadyReleasedDepositShouldBeSkippedWithoutSending() {
    submitter.submit(job(release(4, ALICE, 8)));
    tickUntilIdle();
    long before = sentTransactions();
    ReleaseSubmitter fresh = submitter(proxy.url());
    fresh.submit(job(release(4, ALICE, 8)));
    fresh.tick();
    assertThat(fresh.unfinished()).isZero();
    assertThat(sentTransactions()).isEqualTo(before);
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(8));
  }

  @Test
  @DisplayName("a lying endpoint claiming isReleased cannot make a release be skipped")
  void lyingEndpointClaimingReleasedShouldNotMakeAReleaseBeSkipped() throws Exception {
    JsonRpcProxy honest = new JsonRpcProxy(anvil.url());
    try (honest) {
      // The first (sending) endpoint answers every eth_call with "true".
      proxy.hook(
          new JsonRpcProxy.Hook() {
            @Override
            public JsonNode after(String method, JsonNode request, JsonNode reply) {
              if (method.equals("eth_call") && reply.has("result")) {
                ((ObjectNode) reply).put("result", "0x" + "0".repeat(63) + "1");
              }
              return reply;
            }
          });
      submitter = submitter(proxy.url(), Chains.reader(DST, 2, proxy.url(), honest.url()));
      submitter.submit(job(release(1, ALICE, 100)));
      tickUntilIdle();
      assertThat(done.get()).isZero();
      assertThat(submitter.unfinished()).isEqualTo(1);
      assertThat(listener.statuses()).noneMatch(st -> st.stage() == DepositStage.RELEASED);
      assertThat(metrics.get("relayer.submit.read.disagreements").functionCounter().count())
          .isPositive();

      // The operator removes the lie: the release goes through.
      proxy.hook(new JsonRpcProxy.Hook() {});
      clock.advance(Duration.ofMinutes(10));
      tickUntilIdle();
      assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(100));
      assertThat(done.get()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a simulated AlreadyReleased revert from one endpoint is not trusted alone")
  void fabricatedAlreadyReleasedRevertShouldNotFinishARelease() {
    String selector = Hash.sha3String("AlreadyReleased(bytes32)").substring(0, 10);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (!method.equals("eth_estimateGas")) {
              return null;
            }
            ObjectNode r = new ObjectMapper().createObjectNode();
            r.put("jsonrpc", "2.0");
            r.set("id", request.get("id"));
            r.putObject("error")
                .put("code", 3)
                .put("message", "execution reverted")
                .put("data", selector + "11".repeat(32));
            return new JsonRpcProxy.Reply(200, r.toString());
          }
        });
    submitter = submitter(proxy.url(), Chains.reader(DST, 1, anvil.url()));
    submitter.submit(job(release(1, ALICE, 40)));
    tickUntilIdle();
    assertThat(done.get()).isZero();
    assertThat(submitter.unfinished()).isEqualTo(1);
    assertThat(listener.statuses()).noneMatch(st -> st.stage() == DepositStage.RELEASED);

    proxy.hook(new JsonRpcProxy.Hook() {});
    clock.advance(Duration.ofMinutes(10));
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(40));
    assertThat(done.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("after a restart, a transaction in flight is resumed, not sent again")
  void restartWithATransactionInFlightShouldResumeItInsteadOfSendingAgain() throws Exception {
    AtomicInteger sends = new AtomicInteger();
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (method.equals("eth_sendRawTransaction")) {
              sends.incrementAndGet();
            }
            return null;
          }
        });
    anvil.call("evm_setAutomine", false);
    Release r = release(1, ALICE, 7);
    submitter.submit(job(r));
    submitter.tick();
    assertThat(submitter.inFlight()).isEqualTo(1);
    assertThat(sends.get()).isEqualTo(1);

    // Crash and restart; Kafka redelivers the uncommitted record.
    submitter = submitter(proxy.url());
    assertThat(submitter.inFlight()).isEqualTo(1);
    submitter.submit(job(r));
    submitter.tick();
    submitter.tick();
    assertThat(sends.get()).isEqualTo(1);

    anvil.call("evm_mine");
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(7));
    assertThat(done.get()).isEqualTo(1);
    assertThat(sends.get()).isEqualTo(1);
    assertThat(sentTransactions()).isEqualTo(1);
    try (var files = Files.list(dir)) {
      assertThat(files).noneMatch(f -> f.toString().endsWith(".pending"));
    }
  }

  @Test
  @DisplayName("after a restart, a lost transaction in flight is re-sent with its own nonce")
  void restartWithALostTransactionShouldReplaceItUnderTheSameNonce() {
    // The send never reached the node (both attempts dropped), then the relayer restarts.
    AtomicInteger drop = new AtomicInteger(2);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            if (method.equals("eth_sendRawTransaction") && drop.getAndDecrement() > 0) {
              return new JsonRpcProxy.Reply(502, "");
            }
            return null;
          }
        });
    Release r = release(1, ALICE, 9);
    submitter.submit(job(r));
    submitter.tick();
    assertThat(sentTransactions()).isZero();

    submitter = submitter(proxy.url());
    submitter.submit(job(r));
    submitter.submit(job(release(2, BOB, 3)));
    clock.advance(Duration.ofSeconds(31));
    tickUntilIdle();
    anvil.mine(1);
    tickUntilIdle();
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(9));
    assertThat(dst.balanceOf(BOB)).isEqualTo(BigInteger.valueOf(3));
    assertThat(sentTransactions()).isEqualTo(2);
    assertThat(done.get()).isEqualTo(2);
  }

  private void waitForPool(int txs) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      JsonNode status = anvil.call("txpool_status");
      if (Long.decode(status.get("pending").asText()) >= txs) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("transactions did not reach the pool");
  }
}
