package io.tbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.chain.testing.TestSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.relayer.publish.KafkaPublisher;
import io.tbridge.relayer.submit.FilePendingStore;
import io.tbridge.relayer.submit.KafkaSubmitListener;
import io.tbridge.relayer.submit.ReleaseSubmitter;
import io.tbridge.relayer.submit.SignedReleaseConsumer;
import io.tbridge.relayer.submit.SubmitSettings;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.WatchSettings;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KdfParams;
import io.tbridge.signer.keys.KeyMaterial;
import io.tbridge.signer.policy.TokenLimit;
import io.tbridge.signer.runtime.NodeSettings;
import io.tbridge.signer.runtime.SignerNode;
import io.tbridge.signer.sign.BatchSettings;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.SecurityLevel;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole product on one machine: locks on chain A are watched and published by the relayer's
 * watcher, verified and co-signed 2-of-3 by three signer nodes (a dealer-less ceremony over Kafka
 * first, batching on), and the signed batch is submitted by the relayer's submitter as one {@code
 * releaseBatch} mined on chain B. Real anvil chains, a real Kafka broker, real threshold ECDSA.
 */
class BridgeEndToEndTest {
  private static final char[] PASS = "e2e passphrase".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ChainProfile FAST =
      ChainProfile.confirmations("test-3", 3, Duration.ofSeconds(1));
  private static final long A = 31337;
  private static final long B = 31338;
  private static final TestSigner RELAYER =
      TestSigner.of("0x3333333333333333333333333333333333333333333333333333333333333333");

  private final List<AutoCloseable> closing = new ArrayList<>();
  private Path dir;
  private String prefix;
  private String bootstrap;
  private Topology topology;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  @DisplayName(
      "locks watched on A are signed by three nodes as one batch and mined on B by the relayer's"
          + " submitter")
  void locksTravelFromWatcherThroughSignersToOneReleaseBatch() throws Exception {
    dir = Files.createTempDirectory("e2e");
    bootstrap = SharedKafka.bootstrapServers();
    prefix = "e" + UUID.randomUUID().toString().substring(0, 8) + ".";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t :
          List.of(
              "locks",
              "signed",
              "status",
              "requests",
              "refunds",
              "mpc",
              "locks.dlq",
              "signed.dlq")) {
        topics.add(new NewTopic(prefix + t, 1, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    Address group = ceremony();

    TestAnvil anvilA = closeLater(TestAnvil.start(A));
    TestAnvil anvilB = closeLater(TestAnvil.start(B));
    BridgeFixture bridgeA = closeLater(BridgeFixture.deploy(anvilA, group));
    BridgeFixture bridgeB = closeLater(BridgeFixture.deploy(anvilB, group));
    bridgeA.route(B, bridgeB.token());
    bridgeB.trust(A, bridgeA.bridge());
    bridgeB.fundBridge(BigInteger.TEN.pow(24));
    Address relayer = RELAYER.address();
    BridgeFixture.fund(anvilB, relayer);

    List<ChainView> views =
        List.of(
            new ChainView(
                "chain-a",
                ChainId.of(A),
                bridgeA.bridge(),
                FAST,
                Chains.reader(A, 1, anvilA.url())),
            new ChainView(
                "chain-b",
                ChainId.of(B),
                bridgeB.bridge(),
                FAST,
                Chains.reader(B, 1, anvilB.url())));
    Map<Address, TokenLimit> tokens =
        Map.of(bridgeB.token(), new TokenLimit(BigInteger.TEN.pow(24), BigInteger.TEN.pow(26)));
    for (int p = 1; p <= 3; p++) {
      closeLater(
          SignerNode.start(
              settings(p, views, tokens),
              store(p),
              new SimpleMeterRegistry(),
              Clock.systemUTC(),
              RANDOM));
    }

    // The relayer: a watcher on A publishing locks, a submitter on B consuming signed releases.
    KafkaSettings relayerKafka = kafka("relayer", "relayer");
    KafkaPublisher publisher =
        closeLater(new KafkaPublisher(relayerKafka, new SimpleMeterRegistry()));
    ChainWatcher watcher =
        new ChainWatcher(
            new WatchSettings(
                "chain-a", ChainId.of(A), bridgeA.bridge(), FAST, 0, 1000, Duration.ofMillis(200)),
            Chains.reader(A, 1, anvilA.url()),
            new FileCheckpointStore(dir.resolve("checkpoints")),
            publisher,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    SimpleMeterRegistry submitMetrics = new SimpleMeterRegistry();
    ReleaseSubmitter submitter =
        new ReleaseSubmitter(
            submitSettings(bridgeB.bridge()),
            Chains.eth(anvilB.url()),
            Chains.reader(B, 1, anvilB.url()),
            new FilePendingStore(dir.resolve("pending"), ChainId.of(B), relayer),
            RELAYER,
            new KafkaSubmitListener(publisher, relayerKafka.signedTopic(), Clock.systemUTC()),
            submitMetrics,
            Clock.systemUTC());
    SignedReleaseConsumer signed =
        closeLater(
            new SignedReleaseConsumer(
                relayerKafka, Map.of(ChainId.of(B), submitter), publisher, Clock.systemUTC()));

    Address dave = Address.of("0x" + "d0".repeat(20));
    List<BigInteger> nonces = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String tx = bridgeA.lock(BigInteger.valueOf(1000 + i), dave, B).getTransactionHash();
      RpcLog log =
          Chains.eth(anvilA.url()).receiptLogs(Hash32.of(tx)).orElseThrow().logs().stream()
              .filter(l -> l.topics().get(0).equals(LockedEventDecoder.TOPIC))
              .findFirst()
              .orElseThrow();
      nonces.add(LockedEventDecoder.decode(ChainId.of(A), bridgeA.bridge(), log).nonce());
    }
    anvilA.mine(4);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && !allReleased(bridgeB, bridgeA.bridge(), nonces)) {
      watcher.pollOnce();
      signed.pollOnce(Duration.ofMillis(200));
      anvilB.mine(1);
    }
    assertThat(allReleased(bridgeB, bridgeA.bridge(), nonces))
        .as("every deposit released")
        .isTrue();
    assertThat(bridgeB.balanceOf(dave))
        .isEqualTo(BigInteger.valueOf(1001 + 1002 + 1003 + 1004 + 1005));

    // One relayer transaction paid out several deposits: a releaseBatch, not five releases.
    anvilB.mine(4);
    var readerB = Chains.reader(B, 1, anvilB.url());
    long finalB = readerB.finalHead(FAST).orElseThrow();
    List<RpcLog> released = readerB.logs(0, finalB, bridgeB.bridge(), BridgeAbi.RELEASED_TOPIC);
    Map<Hash32, Long> perTx =
        released.stream().collect(Collectors.groupingBy(RpcLog::txHash, Collectors.counting()));
    assertThat(released).hasSize(5);
    assertThat(perTx.values()).as("released per transaction").anyMatch(n -> n >= 2);
    long sent =
        Chains.eth(anvilB.url()).transactionCount(relayer, BlockRef.LATEST).longValueExact();
    assertThat(sent).as("relayer transactions on B").isLessThan(5);

    // A batch one member of which B cannot pay (over B's per-transfer cap, though A took it): the
    // submitter asks the signers for singles, the others are released, only that one waits.
    bridgeB.capPerTransfer(BigInteger.valueOf(5_000));
    Address erin = Address.of("0x" + "e0".repeat(20));
    List<BigInteger> small = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      small.add(lockNonce(anvilA, bridgeA, BigInteger.valueOf(2000 + i), erin));
    }
    BigInteger big = lockNonce(anvilA, bridgeA, BigInteger.valueOf(9_000), erin);
    anvilA.mine(4);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && !allReleased(bridgeB, bridgeA.bridge(), small)) {
      watcher.pollOnce();
      signed.pollOnce(Duration.ofMillis(200));
      anvilB.mine(1);
    }
    assertThat(allReleased(bridgeB, bridgeA.bridge(), small)).as("payable members").isTrue();
    assertThat(bridgeB.isReleased(A, bridgeA.bridge(), big)).as("the unpayable one").isFalse();
    assertThat(submitMetrics.find("relayer.batches.split").functionCounter().count())
        .as("batches split into singles")
        .isPositive();
    assertThat(bridgeB.balanceOf(erin)).isEqualTo(BigInteger.valueOf(2001 + 2002 + 2003));

    // Once B can pay it (the cap is raised), the one that waited is released alone.
    bridgeB.capPerTransfer(BridgeFixture.MAX_PER_TRANSFER);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && !bridgeB.isReleased(A, bridgeA.bridge(), big)) {
      watcher.pollOnce();
      signed.pollOnce(Duration.ofMillis(200));
      anvilB.mine(1);
    }
    assertThat(bridgeB.balanceOf(erin)).isEqualTo(BigInteger.valueOf(2001 + 2002 + 2003 + 9000));
  }

  private static BigInteger lockNonce(
      TestAnvil anvil, BridgeFixture bridge, BigInteger amount, Address recipient)
      throws Exception {
    String tx = bridge.lock(amount, recipient, B).getTransactionHash();
    RpcLog log =
        Chains.eth(anvil.url()).receiptLogs(Hash32.of(tx)).orElseThrow().logs().stream()
            .filter(l -> l.topics().get(0).equals(LockedEventDecoder.TOPIC))
            .findFirst()
            .orElseThrow();
    return LockedEventDecoder.decode(ChainId.of(A), bridge.bridge(), log).nonce();
  }

  private static boolean allReleased(
      BridgeFixture dst, Address srcBridge, List<BigInteger> nonces) {
    return nonces.stream().allMatch(n -> dst.isReleased(A, srcBridge, n));
  }

  private Address ceremony() throws Exception {
    List<PartyEntry> parties = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      EncryptedFileKeyStore s =
          EncryptedFileKeyStore.initialise(
              dir.resolve("keys-" + p), "e2e", p, PASS.clone(), KdfParams.forTests(), RANDOM);
      parties.add(new PartyEntry(p, "operator-" + p, s.identity().publicIdentity()));
    }
    topology = new Topology("e2e", 2, parties);
    List<CompletableFuture<KeyMaterial>> runs = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      int party = p;
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return SignerNode.ceremony(
                      settings(party, List.of(), Map.of()),
                      store(party),
                      () -> SafePrimeFixtures.paillierKey(SecurityLevel.TEST, 3 + party),
                      "e2e-ceremony",
                      Duration.ofSeconds(60),
                      Clock.systemUTC(),
                      RANDOM);
                } catch (Exception e) {
                  throw new IllegalStateException(e.getMessage(), e);
                }
              }));
    }
    KeyMaterial m = runs.get(0).get(5, TimeUnit.MINUTES);
    runs.get(1).get(1, TimeUnit.MINUTES);
    runs.get(2).get(1, TimeUnit.MINUTES);
    return Address.of(m.share().ethereumAddress().bytes());
  }

  private EncryptedFileKeyStore store(int party) {
    return EncryptedFileKeyStore.open(
        dir.resolve("keys-" + party), "e2e", party, PASS.clone(), true, RANDOM);
  }

  private KafkaSettings kafka(String client, String group) {
    return new KafkaSettings(
        bootstrap,
        client,
        prefix + "locks",
        prefix + "signed",
        prefix + "status",
        prefix + "requests",
        prefix + "refunds",
        prefix + group,
        Duration.ofSeconds(20),
        Map.of());
  }

  private NodeSettings settings(
      int party, List<ChainView> chains, Map<Address, TokenLimit> tokens) {
    return new NodeSettings(
        party,
        topology,
        dir.resolve("state-" + party + ".db"),
        SecurityLevel.TEST,
        kafka("signer-" + party, "unused"),
        prefix + "mpc",
        prefix + "signer",
        chains,
        tokens,
        Optional.empty(),
        new NodeSettings.Timing(
            Duration.ofSeconds(10),
            4,
            Duration.ofMillis(300),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            2,
            new BatchSettings(Duration.ofMillis(500), 64, Duration.ofSeconds(60)),
            1,
            2));
  }

  private static SubmitSettings submitSettings(Address bridge) {
    return new SubmitSettings(
        "chain-b",
        ChainId.of(B),
        bridge,
        BigInteger.valueOf(500_000_000_000L),
        BigInteger.valueOf(5_000_000_000L),
        BigInteger.valueOf(1_000_000),
        5,
        50.0,
        20,
        Duration.ofSeconds(30),
        15,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        5);
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closing.add(c);
    return c;
  }
}
