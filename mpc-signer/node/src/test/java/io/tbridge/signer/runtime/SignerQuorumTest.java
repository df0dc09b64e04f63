package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.SingleRequest;
import io.tbridge.core.wire.SingleRequestCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.signer.sign.BatchSettings;
import io.tbridge.signer.support.Locks;
import io.tbridge.signer.support.SignerCluster;
import io.tbridge.signer.support.TopicTail;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolMessage;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three signer nodes (2-of-3) on one real Kafka broker and two real anvil chains with the real
 * Bridge: keys from a dealer-less ceremony over Kafka, locks verified on each node's own view,
 * releases signed and paid out on the destination chain.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignerQuorumTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Address ALICE = Address.of("0x" + "a1".repeat(20));
  private static final long A = SignerCluster.A;
  private static final long B = SignerCluster.B;

  private static SignerCluster cluster;
  private static String bootstrap;
  private static String prefix;
  private static Topology topology;
  private static TestAnvil anvilA;
  private static TestAnvil anvilB;
  private static BridgeFixture bridgeA;
  private static BridgeFixture bridgeB;
  private static Address group;
  private static final Map<Integer, SignerNode> NODES = new TreeMap<>();
  private static final Map<Integer, SimpleMeterRegistry> REGISTRIES = new TreeMap<>();
  private static TopicTail signed;
  private static TopicTail status;
  private static TopicTail dlq;

  static NodeSettings settings(int party, List<ChainView> chains) {
    return cluster.settings(party, chains, SignerCluster.timing(0, 2));
  }

  static List<ChainView> views() {
    return cluster.views();
  }

  static EncryptedFileKeyStore store(int party) {
    return cluster.store(party);
  }

  static SignerNode startNode(int party) {
    return startNode(party, settings(party, views()));
  }

  static SignerNode startNode(int party, NodeSettings settings) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    REGISTRIES.put(party, registry);
    return SignerNode.start(settings, store(party), registry, Clock.systemUTC(), RANDOM);
  }

  /** The settings of {@code party} with batching on and a presignature pool. */
  static NodeSettings batching(int party) {
    NodeSettings s = settings(party, views());
    NodeSettings.Timing t = s.timing();
    return new NodeSettings(
        s.party(),
        s.topology(),
        s.statePath(),
        s.level(),
        s.kafka(),
        s.mpcTopic(),
        s.groupPrefix(),
        s.chains(),
        s.tokens(),
        s.denylist(),
        new NodeSettings.Timing(
            t.roundDeadline(),
            t.maxAttempts(),
            t.deferRetry(),
            t.heartbeat(),
            t.liveWindow(),
            t.computeThreads(),
            new BatchSettings(Duration.ofMillis(500), 64, Duration.ofSeconds(30)),
            1,
            t.stockDepth()));
  }

  static double counter(int party, String name, String tag, String value) {
    var c = REGISTRIES.get(party).find(name).tag(tag, value).functionCounter();
    return c == null ? 0 : c.count();
  }

  @BeforeAll
  static void cluster() throws Exception {
    cluster = SignerCluster.start(SecurityLevel.TEST, 3, 2);
    bootstrap = cluster.bootstrap();
    prefix = cluster.prefix();
    topology = cluster.topology();
    group = cluster.group();
    anvilA = cluster.anvilA();
    anvilB = cluster.anvilB();
    bridgeA = cluster.bridgeA();
    bridgeB = cluster.bridgeB();
    signed = cluster.signed();
    status = new TopicTail(bootstrap, prefix + "status");
    dlq = new TopicTail(bootstrap, DeadLetterCodec.topicFor(prefix + "locks"));
    for (int p = 1; p <= 3; p++) {
      NODES.put(p, startNode(p));
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (NODES.get(1).liveParties().size() < 3 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    NODES.values().forEach(SignerNode::close);
    for (TopicTail t : new TopicTail[] {status, dlq}) {
      if (t != null) {
        t.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static LockEvent lock(BigInteger amount, Address recipient) {
    return Locks.lock(anvilA, bridgeA, amount, recipient, B);
  }

  static void publish(LockEvent hint) {
    Locks.publish(bootstrap, prefix + "locks", hint);
  }

  static List<SignedRelease> signedFor(DepositId id, int count, Duration timeout)
      throws InterruptedException {
    return Locks.signedFor(signed, id, count, timeout);
  }

  static List<StatusEvent> statusFor(DepositId id, DepositStage stage, int count, Duration timeout)
      throws InterruptedException {
    StatusEventCodec codec = new StatusEventCodec();
    return status
        .await(
            r ->
                codec
                    .decode(r.value())
                    .value()
                    .map(s -> s.depositId().equals(id) && s.stage() == stage)
                    .orElse(false),
            count,
            timeout)
        .stream()
        .map(r -> codec.decode(r.value()).value().orElseThrow())
        .toList();
  }

  static void release(SignedRelease s) throws Exception {
    Locks.release(bridgeB, s);
  }

  @Test
  @Order(1)
  @DisplayName(
      "a real lock is verified by each node, signed 2-of-3 and released on the destination chain")
  void aRealLockIsSignedAndReleased() throws Exception {
    Address bob = Address.of("0x" + "b0".repeat(20));
    LockEvent lock = lock(BigInteger.valueOf(1_000_000), bob);
    anvilA.mine(4);
    publish(lock);
    List<SignedRelease> s = signedFor(lock.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty();
    SignedRelease first = s.get(0);
    assertThat(first.payload()).isEqualTo(Release.fromLock(lock));
    assertThat(first.signature().recoverSigner(first.digest())).contains(group);
    assertThat(first.signers().parties()).hasSize(2);
    release(first);
    assertThat(bridgeB.balanceOf(bob)).isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(bridgeB.isReleased(A, bridgeA.bridge(), lock.nonce())).isTrue();
    assertThat(statusFor(lock.depositId(), DepositStage.SIGNED, 1, WAIT)).isNotEmpty();
    assertThat(statusFor(lock.depositId(), DepositStage.SIGNING, 3, WAIT)).hasSize(3);
  }

  @Test
  @Order(2)
  @DisplayName(
      "SECURITY 18: a lock message for a deposit that does not exist is refused by every node")
  void security18NonexistentDepositIsRefused() throws Exception {
    LockEvent real = lock(BigInteger.valueOf(5), ALICE);
    anvilA.mine(4);
    LockEvent forged =
        new LockEvent(
            real.sourceChainId(),
            real.sourceBridge(),
            Hash32.of("0x" + "de".repeat(32)),
            real.logIndex(),
            real.blockHash(),
            real.blockNumber(),
            real.dstChainId(),
            real.nonce().add(BigInteger.valueOf(1000)),
            real.srcToken(),
            real.dstToken(),
            real.sender(),
            ALICE,
            BigInteger.TEN.pow(20));
    publish(forged);
    List<StatusEvent> refused = statusFor(forged.depositId(), DepositStage.REFUSED, 3, WAIT);
    assertThat(refused)
        .hasSize(3)
        .allMatch(e -> e.detail().orElse("").contains("NO_SUCH_TRANSACTION"));
    assertThat(signedFor(forged.depositId(), 1, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  @Order(3)
  @DisplayName(
      "SECURITY 19: amount one unit off or recipient one byte off is refused; the true lock still signs")
  void security19OffByOneIsRefusedAndLosesNothing() throws Exception {
    LockEvent lock = lock(BigInteger.valueOf(777), ALICE);
    anvilA.mine(4);
    byte[] r = lock.recipient().bytes();
    r[19] ^= 1;
    LockEvent moreAmount =
        withAmountAndRecipient(lock, lock.amount().add(BigInteger.ONE), lock.recipient());
    LockEvent otherRecipient = withAmountAndRecipient(lock, lock.amount(), Address.of(r));
    publish(moreAmount);
    publish(otherRecipient);
    List<StatusEvent> refused = statusFor(lock.depositId(), DepositStage.REFUSED, 6, WAIT);
    assertThat(refused).hasSize(6).allMatch(e -> e.detail().orElse("").contains("FIELD_MISMATCH"));
    assertThat(refused)
        .anyMatch(e -> e.detail().get().contains("amount"))
        .anyMatch(e -> e.detail().get().contains("recipient"));
    assertThat(signedFor(lock.depositId(), 1, Duration.ofSeconds(2))).isEmpty();
    publish(lock);
    List<SignedRelease> s = signedFor(lock.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty().allMatch(x -> x.payload().equals(Release.fromLock(lock)));
  }

  @Test
  @Order(4)
  @DisplayName(
      "SECURITY 20: a lock not yet final on the signers' own view is deferred, then signed once final")
  void security20NotFinalIsDeferred() throws Exception {
    LockEvent lock = lock(BigInteger.valueOf(4242), ALICE);
    publish(lock);
    assertThat(signedFor(lock.depositId(), 1, Duration.ofSeconds(4)))
        .as("not final: nothing signed")
        .isEmpty();
    assertThat(statusFor(lock.depositId(), DepositStage.REFUSED, 1, Duration.ZERO)).isEmpty();
    anvilA.mine(4);
    assertThat(signedFor(lock.depositId(), 1, WAIT)).isNotEmpty();
  }

  @Test
  @Order(5)
  @DisplayName("SECURITY 25: a raw hash sent for signing is dead-lettered, never signed")
  void security25RawHashIsNeverSigned() throws Exception {
    byte[] digest = Hash32.of("0x" + "5e".repeat(32)).bytes();
    int before = signed.records().size();
    KafkaTopics.write(bootstrap, prefix + "locks", digest, digest);
    List<ConsumerRecord<byte[], byte[]>> dead =
        dlq.await(x -> java.util.Arrays.equals(x.key(), digest), 3, WAIT);
    assertThat(dead).hasSize(3);
    Thread.sleep(1000);
    assertThat(signed.records()).hasSize(before);
  }

  @Test
  @Order(6)
  @DisplayName("one node down: the other two still sign; restarted, it rejoins")
  void oneNodeDownTheOthersSign() throws Exception {
    NODES.remove(3).close();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (NODES.get(1).liveParties().contains(3) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    LockEvent lock = lock(BigInteger.valueOf(31), ALICE);
    anvilA.mine(4);
    publish(lock);
    List<SignedRelease> s = signedFor(lock.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty();
    assertThat(s.get(0).signers().parties()).containsExactly(1, 2);
    NODES.put(3, startNode(3));
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!NODES.get(1).liveParties().contains(3) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(NODES.get(1).liveParties()).containsExactly(1, 2, 3);
  }

  @Test
  @Order(7)
  @DisplayName("SECURITY 22: no r repeats across every signature the quorum produced")
  void security22NoRepeatedNonce() {
    assertNoRepeatedNonce();
  }

  @Test
  @Order(8)
  @DisplayName(
      "batching: locks end as one releaseBatch signed 2-of-3 and mined on the destination chain")
  void locksAreSignedAsOneBatchAndReleased() throws Exception {
    restartAll(SignerQuorumTest::batching);
    Address carol = Address.of("0x" + "c0".repeat(20));
    List<LockEvent> locks = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      locks.add(lock(BigInteger.valueOf(100 + i), carol));
    }
    anvilA.mine(4);
    locks.forEach(SignerQuorumTest::publish);
    Map<DepositId, SignedRelease> byDeposit = new java.util.LinkedHashMap<>();
    for (LockEvent l : locks) {
      byDeposit.put(l.depositId(), signedFor(l.depositId(), 1, WAIT).get(0));
    }
    List<SignedRelease> batches =
        byDeposit.values().stream()
            .filter(x -> x.payload() instanceof ReleaseBatch)
            .distinct()
            .toList();
    assertThat(batches).as("at least one batch").isNotEmpty();
    // The first proposal takes what its proposer had verified a window earlier, which may be one.
    assertThat(batches)
        .as("a batch carries several deposits")
        .anyMatch(b -> ((ReleaseBatch) b.payload()).releases().size() >= 2);
    for (SignedRelease b : batches) {
      assertThat(b.signature().recoverSigner(b.digest())).contains(group);
      List<Release> rs = ((ReleaseBatch) b.payload()).releases();
      assertThat(rs).allMatch(r -> locks.stream().anyMatch(l -> Release.fromLock(l).equals(r)));
      if (rs.stream().noneMatch(r -> isReleased(r))) {
        var receipt =
            bridgeB
                .contract()
                .releaseBatch(
                    rs.stream().map(SignerQuorumTest::abi).toList(), b.signature().toBytes())
                .send();
        assertThat(receipt.isStatusOK()).isTrue();
      }
    }
    for (LockEvent l : locks) {
      if (!bridgeB.isReleased(A, bridgeA.bridge(), l.nonce())) {
        release(byDeposit.get(l.depositId()));
      }
      assertThat(bridgeB.isReleased(A, bridgeA.bridge(), l.nonce())).isTrue();
    }
    assertThat(bridgeB.balanceOf(carol)).isEqualTo(BigInteger.valueOf(101 + 102 + 103 + 104 + 105));
    double hits = 0;
    for (int p = 1; p <= 3; p++) {
      var h = REGISTRIES.get(p).find("signer.pool.hits").functionCounter();
      hits += h == null ? 0 : h.count();
    }
    assertThat(hits).as("presignatures drew from the pool").isPositive();
  }

  @Test
  @Order(9)
  @DisplayName(
      "batching: a proposal naming a deposit a member did not verify is refused whole, naming it")
  void aProposalWithAnUnverifiedDepositIsRefusedWhole() throws Exception {
    LockEvent real = lock(BigInteger.valueOf(9), ALICE);
    anvilA.mine(4);
    publish(real);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((gauge(1, "signer.in.flight") < 1 || gauge(2, "signer.in.flight") < 1)
        && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    double before1 = counter(1, "signer.batches", "outcome", "refused");
    double before2 = counter(2, "signer.batches", "outcome", "refused");
    // Party 3's own identity proposes, in a window where it is the proposer: the real deposit and
    // one that nobody verified. Members 1 and 2 must refuse the whole proposal (after holding it
    // briefly for their own verification, which never comes).
    // A window of party 3's turn, three windows ahead (the nodes accept four): the real node 3
    // proposes in the windows of its turn in which it has deposits waiting, i.e. the first ones,
    // and a proposal for a window already taken would be ignored, not refused.
    int span = BatchSettings.DEFAULT_PROPOSER_SPAN;
    long now = System.currentTimeMillis() / 500;
    while (Math.floorMod(Math.floorDiv(now, span) + B, 3L) != 2
        || Math.floorMod(now, (long) span) > span - 4) {
      Thread.sleep(50);
      now = System.currentTimeMillis() / 500;
    }
    long w = now + 3;
    DepositId unknown = DepositId.of(Hash32.of("0x" + "77".repeat(32)));
    ControlMessage.BatchProposal proposal =
        new ControlMessage.BatchProposal(
            ChainId.of(B), w, List.of(real.depositId(), unknown), List.of(1, 2));
    SecureChannel as3 =
        new SecureChannel(store(3).identity(), 3, topology.publicIdentities(), RANDOM);
    KafkaTopics.write(
        bootstrap,
        prefix + "mpc",
        ControlMessage.NOTICES.bytes(),
        as3.seal(ProtocolMessage.broadcast(ControlMessage.NOTICES, 1, 3, proposal.encode())));
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((counter(1, "signer.batches", "outcome", "refused") <= before1
            || counter(2, "signer.batches", "outcome", "refused") <= before2)
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(counter(1, "signer.batches", "outcome", "refused")).isGreaterThan(before1);
    assertThat(counter(2, "signer.batches", "outcome", "refused")).isGreaterThan(before2);
    assertThat(signedFor(unknown, 1, Duration.ofSeconds(1))).isEmpty();
    // The real deposit loses nothing: it is signed by a later batch (or alone).
    List<SignedRelease> s = signedFor(real.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty();
    assertThat(s.get(0).payload().depositIds()).doesNotContain(unknown);
  }

  @Test
  @Order(10)
  @DisplayName(
      "a node whose own view of chain A lies about the lock refuses it; the other two sign the true"
          + " release")
  void aNodeWhoseChainViewLiesRefusesAndTheOthersSign() throws Exception {
    // Node 3 reads chain A through an endpoint that rewrites the Locked log's amount in receipts.
    try (JsonRpcProxy lying = new JsonRpcProxy(anvilA.url())) {
      lying.hook(
          new JsonRpcProxy.Hook() {
            @Override
            public JsonNode after(String method, JsonNode request, JsonNode reply) {
              if (!method.equals("eth_getTransactionReceipt") || !reply.path("result").isObject()) {
                return reply;
              }
              ObjectNode out = reply.deepCopy();
              for (JsonNode log : out.get("result").get("logs")) {
                // The last hex digit of the fourth data word: the amount (dstToken, sender,
                // recipient, amount, received, fee).
                String data = log.get("data").asText();
                int at = 2 + 64 * 4 - 1;
                if (data.length() < at + 1) {
                  continue;
                }
                char digit = data.charAt(at);
                ((ObjectNode) log)
                    .put(
                        "data",
                        data.substring(0, at)
                            + (digit == '0' ? '1' : '0')
                            + data.substring(at + 1));
              }
              return out;
            }
          });
      NodeSettings base = batching(3);
      List<ChainView> views = new ArrayList<>(base.chains());
      ChainView a = views.get(0);
      views.set(
          0,
          new ChainView(
              a.name(), a.chainId(), a.bridge(), a.profile(), Chains.reader(A, 1, lying.url())));
      NODES.remove(3).close();
      NODES.put(3, startNode(3, withChains(base, views)));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (NODES.get(1).liveParties().size() < 3 && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      LockEvent lock = lock(BigInteger.valueOf(55), ALICE);
      anvilA.mine(4);
      publish(lock);
      List<StatusEvent> refused = statusFor(lock.depositId(), DepositStage.REFUSED, 1, WAIT);
      assertThat(refused)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.detail().orElse(""))
                      .contains("signer 3")
                      .contains("FIELD_MISMATCH"));
      List<SignedRelease> s = signedFor(lock.depositId(), 1, Duration.ofSeconds(150));
      assertThat(s).isNotEmpty();
      assertThat(s.get(0).signers().parties()).containsExactly(1, 2);
      assertThat(s.get(0).payload().depositIds()).contains(lock.depositId());
      ReleasePayload payload = s.get(0).payload();
      List<Release> paid =
          payload instanceof ReleaseBatch b ? b.releases() : List.of((Release) payload);
      assertThat(paid).contains(Release.fromLock(lock));
    }
  }

  /** SECURITY 22 over every signature on the signed topic so far. */
  static void assertNoRepeatedNonce() {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    Map<BigInteger, Hash32> seen = new TreeMap<>();
    Set<Hash32> digests = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : signed.records()) {
      SignedRelease s = codec.decode(r.value()).value().orElseThrow();
      digests.add(s.digest());
      Hash32 prev = seen.putIfAbsent(s.signature().r(), s.digest());
      assertThat(prev == null || prev.equals(s.digest())).as("r reused across digests").isTrue();
    }
    assertThat(digests).hasSizeGreaterThanOrEqualTo(4);
    assertThat(seen.size())
        .as("one r per signature")
        .isEqualTo(
            signed.records().stream()
                .map(
                    x ->
                        new BigInteger(
                            1,
                            java.util.Arrays.copyOf(
                                codec.decode(x.value()).value().orElseThrow().signature().toBytes(),
                                32)))
                .distinct()
                .count());
  }

  @Test
  @Order(11)
  @DisplayName(
      "stock: presignatures made before the lock sign it, the committee agreeing on which one")
  void aStockedPresignatureSignsALock() throws Exception {
    restartAll(p -> settings(p, views()));
    awaitStock(List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3)));
    double before = stockHits();
    LockEvent lock = lock(BigInteger.valueOf(61), ALICE);
    anvilA.mine(4);
    publish(lock);
    List<SignedRelease> s = signedFor(lock.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty();
    assertThat(stockHits())
        .as("the picker and the member each used a stocked one")
        .isGreaterThanOrEqualTo(before + 2);
    release(s.get(0));
    assertThat(isReleased(Release.fromLock(lock))).isTrue();
  }

  @Test
  @Order(12)
  @DisplayName(
      "stock: a member that lost its stock at a restart fails that attempt at once; the next signs"
          + " with a fresh presignature, and no r repeats")
  void aMemberWithoutTheChosenPresignatureFailsTheAttemptAndTheNextSigns() throws Exception {
    awaitStock(List.of(List.of(1, 2), List.of(1, 3)));
    // A lock whose first committee has party 1 as its picker, which holds a stocked entry.
    LockEvent lock;
    List<Integer> first;
    do {
      lock = lock(BigInteger.valueOf(62), ALICE);
      first = firstCommittee(lock);
    } while (first.get(0) != 1);
    int member = first.get(1);
    NODES.remove(member).close();
    NODES.put(member, startNode(member, settings(member, views())));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (NODES.get(1).liveParties().size() < 3 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(NODES.get(1).stocked(first)).as("the picker still holds entries").isPositive();
    anvilA.mine(4);
    publish(lock);
    List<SignedRelease> s = signedFor(lock.depositId(), 1, WAIT);
    assertThat(s).isNotEmpty();
    assertThat(functionCounter(member, "signer.stock.missing")).isEqualTo(1);
    assertThat(counter(1, "signer.sessions", "check", "abandoned"))
        .as("the picker ended its session when the member gave up, not at its deadline")
        .isPositive();
    release(s.get(0));
    assertThat(isReleased(Release.fromLock(lock))).isTrue();
    assertNoRepeatedNonce();
  }

  static List<Integer> firstCommittee(LockEvent lock) {
    Hash32 digest =
        io.tbridge.core.eip712.BridgeEip712.digest(
            io.tbridge.core.eip712.Eip712Domain.of(ChainId.of(B), bridgeB.bridge()),
            Release.fromLock(lock));
    return io.tbridge.signer.mpc.CommitteeSelector.choose(
            io.tbridge.signer.sign.AttemptSeed.of(topology.keyId(), digest, 0),
            List.of(1, 2, 3),
            Set.of(),
            2)
        .orElseThrow();
  }

  @Test
  @Order(13)
  @DisplayName(
      "batching: the submitter's request for a single release of a batched deposit is signed alone,"
          + " once; unknown deposits and undecodable requests are ignored")
  void aRequestedSingleOfABatchedDepositIsSignedAloneOnce() throws Exception {
    restartAll(SignerQuorumTest::batching);
    Address dave = Address.of("0x" + "da".repeat(20));
    List<LockEvent> locks = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      locks.add(lock(BigInteger.valueOf(200 + i), dave));
    }
    anvilA.mine(4);
    locks.forEach(SignerQuorumTest::publish);
    LockEvent batched = null;
    for (LockEvent l : locks) {
      if (signedFor(l.depositId(), 1, WAIT).get(0).payload() instanceof ReleaseBatch) {
        batched = l;
      }
    }
    assertThat(batched).as("a deposit signed in a batch").isNotNull();
    DepositId id = batched.depositId();
    DepositId unknown = DepositId.of(Hash32.of("0x" + "78".repeat(32)));
    SingleRequestCodec codec = new SingleRequestCodec();
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    SingleRequest request = SingleRequest.of(id, ChainId.of(B), now, "SafeERC20FailedOperation");
    SingleRequest stranger = SingleRequest.of(unknown, ChainId.of(B), now, "CapExceeded");
    KafkaTopics.write(bootstrap, prefix + "requests", new byte[] {1}, new byte[] {7, 7, 7});
    KafkaTopics.write(bootstrap, prefix + "requests", codec.key(stranger), codec.encode(stranger));
    // Twice: a repeated request is taken up once.
    KafkaTopics.write(bootstrap, prefix + "requests", codec.key(request), codec.encode(request));
    KafkaTopics.write(bootstrap, prefix + "requests", codec.key(request), codec.encode(request));

    List<SignedRelease> singles = singlesFor(id, WAIT);
    assertThat(singles).as("a single release of the batched deposit").isNotEmpty();
    SignedRelease single = singles.get(0);
    assertThat(single.payload()).isEqualTo(Release.fromLock(batched));
    assertThat(single.signature().recoverSigner(single.digest())).contains(group);
    release(single);
    assertThat(bridgeB.isReleased(A, bridgeA.bridge(), batched.nonce())).isTrue();

    Thread.sleep(3_000); // long enough for a second session, were the repeat taken up
    // Each committee member publishes the one signature it helped make: one distinct signature.
    assertThat(
            singlesFor(id, Duration.ofSeconds(1)).stream().map(SignedRelease::signature).distinct())
        .hasSize(1);
    assertThat(signedFor(unknown, 1, Duration.ofSeconds(1))).isEmpty();
    assertNoRepeatedNonce();
  }

  @Test
  @Order(14)
  @DisplayName(
      "batching: a single release taken up but not yet signed when every node restarts is taken up"
          + " again after the restart and signed")
  void aTakenUpSingleSurvivesARestartOfEveryNode() throws Exception {
    // Each node reads chain A through its own proxy; while "down", the proxies fail the receipt of
    // the batched deposit, so its verification again (after the take-up) waits.
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<String> tx =
        new java.util.concurrent.atomic.AtomicReference<>("none");
    List<JsonRpcProxy> proxies = new ArrayList<>();
    List<java.util.concurrent.atomic.AtomicInteger> refusedCalls = new ArrayList<>();
    try {
      for (int p = 1; p <= 3; p++) {
        JsonRpcProxy proxy = new JsonRpcProxy(anvilA.url());
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        proxy.hook(
            new JsonRpcProxy.Hook() {
              @Override
              public JsonRpcProxy.Reply before(String method, JsonNode request) {
                if (down.get()
                    && method.equals("eth_getTransactionReceipt")
                    && request.toString().toLowerCase(java.util.Locale.ROOT).contains(tx.get())) {
                  calls.incrementAndGet();
                  return new JsonRpcProxy.Reply(503, "");
                }
                return null;
              }
            });
        proxies.add(proxy);
        refusedCalls.add(calls);
      }
      java.util.function.IntFunction<NodeSettings> proxied =
          p -> {
            NodeSettings base = batching(p);
            List<ChainView> views = new ArrayList<>(base.chains());
            ChainView a = views.get(0);
            views.set(
                0,
                new ChainView(
                    a.name(),
                    a.chainId(),
                    a.bridge(),
                    a.profile(),
                    Chains.reader(A, 1, proxies.get(p - 1).url())));
            return withChains(base, views);
          };
      restartAll(proxied);
      Address erin = Address.of("0x" + "e1".repeat(20));
      List<LockEvent> locks = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        locks.add(lock(BigInteger.valueOf(300 + i), erin));
      }
      anvilA.mine(4);
      locks.forEach(SignerQuorumTest::publish);
      LockEvent batched = null;
      for (LockEvent l : locks) {
        if (signedFor(l.depositId(), 1, WAIT).get(0).payload() instanceof ReleaseBatch) {
          batched = l;
        }
      }
      assertThat(batched).as("a deposit signed in a batch").isNotNull();
      DepositId id = batched.depositId();
      tx.set(batched.txHash().toHex().substring(2).toLowerCase(java.util.Locale.ROOT));
      down.set(true);
      SingleRequestCodec codec = new SingleRequestCodec();
      SingleRequest request =
          SingleRequest.of(
              id, ChainId.of(B), Instant.ofEpochMilli(System.currentTimeMillis()), "CapExceeded");
      KafkaTopics.write(bootstrap, prefix + "requests", codec.key(request), codec.encode(request));
      // Every node took the request up and waits for its own view of the lock.
      long until = System.nanoTime() + WAIT.toNanos();
      while (refusedCalls.stream().anyMatch(c -> c.get() == 0) && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      assertThat(refusedCalls).allSatisfy(c -> assertThat(c.get()).isPositive());
      restartAll(proxied);
      down.set(false);

      List<SignedRelease> singles = singlesFor(id, WAIT);
      assertThat(singles).as("the single release, signed after the restart").isNotEmpty();
      assertThat(singles.get(0).payload()).isEqualTo(Release.fromLock(batched));
      release(singles.get(0));
      assertThat(bridgeB.isReleased(A, bridgeA.bridge(), batched.nonce())).isTrue();
      assertNoRepeatedNonce();
    } finally {
      restartAll(SignerQuorumTest::batching);
      for (JsonRpcProxy proxy : proxies) {
        proxy.close();
      }
    }
  }

  /** Single (not batch) signed releases of {@code id} so far, waiting up to {@code timeout}. */
  static List<SignedRelease> singlesFor(DepositId id, Duration timeout)
      throws InterruptedException {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    return signed
        .await(
            r ->
                codec
                    .decode(r.value())
                    .value()
                    .map(x -> x.payload() instanceof Release one && one.depositId().equals(id))
                    .orElse(false),
            1,
            timeout)
        .stream()
        .map(r -> codec.decode(r.value()).value().orElseThrow())
        .toList();
  }

  static void awaitStock(List<List<Integer>> committees) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until
        && !committees.stream().allMatch(c -> NODES.get(c.get(0)).stocked(c) > 0)) {
      Thread.sleep(100);
    }
    for (List<Integer> c : committees) {
      assertThat(NODES.get(c.get(0)).stocked(c)).as("stock of " + c).isPositive();
    }
  }

  static double stockHits() {
    return functionCounter(1, "signer.stock.hits")
        + functionCounter(2, "signer.stock.hits")
        + functionCounter(3, "signer.stock.hits");
  }

  static double functionCounter(int party, String name) {
    var c = REGISTRIES.get(party).find(name).functionCounter();
    return c == null ? 0 : c.count();
  }

  static NodeSettings withChains(NodeSettings s, List<ChainView> chains) {
    return new NodeSettings(
        s.party(),
        s.topology(),
        s.statePath(),
        s.level(),
        s.kafka(),
        s.mpcTopic(),
        s.groupPrefix(),
        chains,
        s.tokens(),
        s.denylist(),
        s.timing());
  }

  static double gauge(int party, String name) {
    var g = REGISTRIES.get(party).find(name).gauge();
    return g == null ? 0 : g.value();
  }

  static void restartAll(java.util.function.IntFunction<NodeSettings> settings) throws Exception {
    for (int p = 1; p <= 3; p++) {
      NODES.remove(p).close();
    }
    for (int p = 1; p <= 3; p++) {
      NODES.put(p, startNode(p, settings.apply(p)));
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (NODES.get(1).liveParties().size() < 3 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  static boolean isReleased(Release r) {
    try {
      return bridgeB.isReleased(A, bridgeA.bridge(), r.nonce());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Bridge.Release abi(Release r) {
    return new Bridge.Release(
        r.srcChainId().toBigInteger(),
        r.srcBridge().toLowerHex(),
        r.nonce(),
        r.token().toLowerHex(),
        r.recipient().toLowerHex(),
        r.amount());
  }

  private static LockEvent withAmountAndRecipient(
      LockEvent l, BigInteger amount, Address recipient) {
    return new LockEvent(
        l.sourceChainId(),
        l.sourceBridge(),
        l.txHash(),
        l.logIndex(),
        l.blockHash(),
        l.blockNumber(),
        l.dstChainId(),
        l.nonce(),
        l.srcToken(),
        l.dstToken(),
        l.sender(),
        recipient,
        amount);
  }
}
