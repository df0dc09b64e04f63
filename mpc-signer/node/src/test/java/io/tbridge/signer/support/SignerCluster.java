package io.tbridge.signer.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KdfParams;
import io.tbridge.signer.keys.KeyMaterial;
import io.tbridge.signer.policy.TokenLimit;
import io.tbridge.signer.runtime.NodeSettings;
import io.tbridge.signer.runtime.SignerNode;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * n signer nodes (t-of-n) on the shared real Kafka broker and two real anvil chains with the real
 * Bridge: keys from a dealer-less ceremony over Kafka (fixture safe primes), a route A → B, the
 * destination bridge funded. For tests and benchmarks of whole nodes.
 */
public final class SignerCluster implements AutoCloseable {

  /** Chain A's id (the source). */
  public static final long A = 31337;

  /** Chain B's id (the destination). */
  public static final long B = 31338;

  private static final char[] PASS = "cluster passphrase".toCharArray();

  /** Three confirmations, one-second blocks. */
  public static final ChainProfile FAST =
      ChainProfile.confirmations("test-3", 3, Duration.ofSeconds(1));

  private final SecureRandom random = new SecureRandom();
  private final Path dir;
  private final String bootstrap = SharedKafka.bootstrapServers();
  private final String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final SecurityLevel level;
  private final Topology topology;
  private final Address group;
  private final TestAnvil anvilA;
  private final TestAnvil anvilB;
  private final BridgeFixture bridgeA;
  private final BridgeFixture bridgeB;
  private final TopicTail signed;
  private final Map<Integer, SignerNode> nodes = new TreeMap<>();
  private final Map<Integer, SimpleMeterRegistry> registries = new TreeMap<>();

  private SignerCluster(SecurityLevel level, int n, int t) throws Exception {
    this.level = level;
    this.dir = Files.createTempDirectory("signer-cluster");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name :
          List.of("locks", "signed", "status", "requests", "refunds", "mpc", "locks.dlq")) {
        topics.add(new NewTopic(prefix + name, 1, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    List<PartyEntry> parties = new ArrayList<>();
    for (int p = 1; p <= n; p++) {
      EncryptedFileKeyStore s =
          EncryptedFileKeyStore.initialise(
              dir.resolve("keys-" + p), "cluster", p, PASS.clone(), KdfParams.forTests(), random);
      parties.add(new PartyEntry(p, "operator-" + p, s.identity().publicIdentity()));
    }
    topology = new Topology("cluster", t, parties);
    List<CompletableFuture<KeyMaterial>> ceremony = new ArrayList<>();
    for (int p = 1; p <= n; p++) {
      int party = p;
      ceremony.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return SignerNode.ceremony(
                      settings(party, List.of(), timing(0, 0)),
                      store(party),
                      () -> SafePrimeFixtures.paillierKey(level, party),
                      "cluster-ceremony",
                      Duration.ofMinutes(10),
                      Clock.systemUTC(),
                      random);
                } catch (Exception e) {
                  throw new IllegalStateException(e.getMessage(), e);
                }
              }));
    }
    KeyMaterial first = ceremony.get(0).get(15, TimeUnit.MINUTES);
    for (CompletableFuture<KeyMaterial> c : ceremony) {
      c.get(5, TimeUnit.MINUTES);
    }
    group = Address.of(first.share().ethereumAddress().bytes());
    anvilA = TestAnvil.start(A);
    anvilB = TestAnvil.start(B);
    bridgeA = BridgeFixture.deploy(anvilA, group);
    bridgeB = BridgeFixture.deploy(anvilB, group);
    bridgeA.route(B, bridgeB.token());
    bridgeB.trust(A, bridgeA.bridge());
    bridgeB.fundBridge(BigInteger.TEN.pow(24));
    signed = new TopicTail(bootstrap, prefix + "signed");
  }

  /** Runs the ceremony and sets up both chains. */
  public static SignerCluster start(SecurityLevel level, int n, int t) throws Exception {
    return new SignerCluster(level, n, t);
  }

  /** Timing for tests: short deadlines, no batching, the given pool and stock depths. */
  public static NodeSettings.Timing timing(int poolDepth, int stockDepth) {
    return new NodeSettings.Timing(
        Duration.ofSeconds(10),
        4,
        Duration.ofMillis(300),
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        2,
        io.tbridge.signer.sign.BatchSettings.OFF,
        poolDepth,
        stockDepth);
  }

  /** The settings of {@code party} over both chains with {@code timing}. */
  public NodeSettings settings(int party, NodeSettings.Timing timing) {
    return settings(party, views(), timing);
  }

  /** The settings of {@code party} over {@code chains} (its own view) with {@code timing}. */
  public NodeSettings settings(int party, List<ChainView> chains, NodeSettings.Timing timing) {
    return new NodeSettings(
        party,
        topology,
        dir.resolve("state-" + party + ".db"),
        level,
        new KafkaSettings(
            bootstrap,
            "signer-" + party,
            prefix + "locks",
            prefix + "signed",
            prefix + "status",
            prefix + "requests",
            prefix + "refunds",
            "unused",
            Duration.ofSeconds(20),
            Map.of()),
        prefix + "mpc",
        prefix + "signer",
        chains,
        bridgeB == null
            ? Map.of()
            : Map.of(
                bridgeB.token(), new TokenLimit(BigInteger.TEN.pow(24), BigInteger.TEN.pow(26))),
        Optional.empty(),
        timing);
  }

  /** A view of both chains through anvil's own endpoints. */
  public List<ChainView> views() {
    return List.of(
        new ChainView(
            "chain-a", ChainId.of(A), bridgeA.bridge(), FAST, Chains.reader(A, 1, anvilA.url())),
        new ChainView(
            "chain-b", ChainId.of(B), bridgeB.bridge(), FAST, Chains.reader(B, 1, anvilB.url())));
  }

  /** The key store of {@code party}, opened. */
  public EncryptedFileKeyStore store(int party) {
    return EncryptedFileKeyStore.open(
        dir.resolve("keys-" + party), "cluster", party, PASS.clone(), true, random);
  }

  /** Starts (or restarts) every node with {@code timing} and waits until all hear each other. */
  public void startAll(NodeSettings.Timing timing) throws InterruptedException {
    nodes.values().forEach(SignerNode::close);
    nodes.clear();
    for (PartyEntry p : topology.parties()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      registries.put(p.index(), registry);
      nodes.put(
          p.index(),
          SignerNode.start(
              settings(p.index(), timing), store(p.index()), registry, Clock.systemUTC(), random));
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (nodes.get(1).liveParties().size() < nodes.size() && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  /** The running node of {@code party}. */
  public SignerNode node(int party) {
    return nodes.get(party);
  }

  /** The meters of {@code party}'s running node. */
  public SimpleMeterRegistry registry(int party) {
    return registries.get(party);
  }

  /** Locks {@code amount} on chain A for {@code recipient} on chain B. */
  public LockEvent lock(BigInteger amount, Address recipient) {
    return Locks.lock(anvilA, bridgeA, amount, recipient, B);
  }

  /** Mines {@code blocks} on chain A. */
  public void mineA(int blocks) {
    anvilA.mine(blocks);
  }

  /** Publishes {@code hint} on the locks topic, as the relayer would. */
  public void publish(LockEvent hint) {
    Locks.publish(bootstrap, prefix + "locks", hint);
  }

  /** The signed-releases topic, read from its start. */
  public TopicTail signed() {
    return signed;
  }

  /** The broker's address. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The prefix of this cluster's topics ({@code locks}, {@code signed}, {@code status}, …). */
  public String prefix() {
    return prefix;
  }

  /** The group's Ethereum address. */
  public Address group() {
    return group;
  }

  /** Chain A. */
  public TestAnvil anvilA() {
    return anvilA;
  }

  /** Chain B. */
  public TestAnvil anvilB() {
    return anvilB;
  }

  /** The source bridge. */
  public BridgeFixture bridgeA() {
    return bridgeA;
  }

  /** The key's topology. */
  public Topology topology() {
    return topology;
  }

  /** The destination bridge. */
  public BridgeFixture bridgeB() {
    return bridgeB;
  }

  @Override
  public void close() throws Exception {
    nodes.values().forEach(SignerNode::close);
    signed.close();
    for (AutoCloseable c : new AutoCloseable[] {bridgeA, bridgeB, anvilA, anvilB}) {
      c.close();
    }
  }
}
