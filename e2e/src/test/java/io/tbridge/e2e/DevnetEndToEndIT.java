package io.tbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.devnet.DevChain;
import io.tbridge.devnet.Devnet;
import io.tbridge.devnet.Progress;
import io.tbridge.devnet.Transfer;
import io.tbridge.devnet.Wallet;
import io.tbridge.testkit.ProjectPaths;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product as the devnet runs it — two anvil chains, a Kafka broker, three signer nodes and a
 * relayer, each its own process, the key from the nodes' own ceremony — under the faults an
 * operator meets. Every check reads the chains' own events ({@code Locked} on the source, {@code
 * Released} on the destination), never the services' bookkeeping.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevnetEndToEndIT {
  private static final BigInteger ONE = BigInteger.TEN.pow(18);
  private static final Duration RELEASE_WAIT = Duration.ofMinutes(3);
  private static Devnet devnet;
  private static Path dir;

  @BeforeAll
  static void start() {
    Path root = ProjectPaths.repoRoot();
    dir =
        Path.of("target", "devnet-it-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    devnet =
        Devnet.start(
            new Devnet.Options(dir, root, false, new Progress(System.out, Clock.systemUTC())));
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  @Order(1)
  void fiftyLocksBothWaysAreReleasedExactlyOnceThroughRedeliveryAndARelayerRestart() {
    try (Wallet a = devnet.wallet("chain-a", 0);
        Wallet b = devnet.wallet("chain-b", 1)) {
      a.approveBridge(ONE.multiply(BigInteger.valueOf(1000)));
      List<LockEvent> out = new ArrayList<>(a.lockMany(13, ONE, Devnet.CHAIN_B, b.address()));
      // The relayer is stopped and started again while these are on their way.
      devnet.relayer().stop();
      out.addAll(a.lockMany(12, ONE, Devnet.CHAIN_B, b.address()));
      devnet.relayer().restart();
      devnet.relayer().awaitReady(Duration.ofMinutes(2), line -> {});
      awaitReleased(out);

      b.approveBridge(ONE.multiply(BigInteger.valueOf(1000)));
      List<LockEvent> back =
          b.lockMany(25, ONE.divide(BigInteger.TWO), Devnet.CHAIN_A, a.address());
      awaitReleased(back);
      // Every lock message once more, as a broker or a relayer rescan may deliver it again.
      int redelivered = redeliverLocks();
      assertThat(redelivered).isGreaterThanOrEqualTo(50);
      ServiceSleep.of(Duration.ofSeconds(15));
      assertExactlyOnce();
      assertThat(b.balance())
          .isEqualTo(
              ONE.multiply(BigInteger.valueOf(25))
                  .subtract(ONE.divide(BigInteger.TWO).multiply(BigInteger.valueOf(25))));
    }
  }

  @Test
  @Order(2)
  void aSignerKilledMidRunLosesNothingAndNoNonceIsUsedTwice() {
    try (Wallet a = devnet.wallet("chain-a", 2);
        Wallet b = devnet.wallet("chain-b", 2)) {
      BigInteger before = b.balance();
      a.approveBridge(ONE.multiply(BigInteger.valueOf(1000)));
      List<LockEvent> locks = new ArrayList<>(a.lockMany(5, ONE, Devnet.CHAIN_B, b.address()));
      devnet.signer(3).kill();
      locks.addAll(a.lockMany(5, ONE, Devnet.CHAIN_B, b.address()));
      awaitReleased(locks);
      devnet.signer(3).restart();
      devnet.signer(3).awaitReady(Duration.ofMinutes(2), line -> {});
      List<LockEvent> after = a.lockMany(3, ONE, Devnet.CHAIN_B, b.address());
      awaitReleased(after);
      assertExactlyOnce();
      assertThat(b.balance()).isEqualTo(before.add(ONE.multiply(BigInteger.valueOf(13))));
      assertNoNonceReused();
    }
  }

  @Test
  @Order(3)
  void withTwoSignersDownNothingIsReleasedAndAllIsWhenOneReturns() {
    try (Wallet a = devnet.wallet("chain-a", 3);
        Wallet b = devnet.wallet("chain-b", 3)) {
      BigInteger before = b.balance();
      a.approveBridge(ONE.multiply(BigInteger.valueOf(1000)));
      devnet.signer(2).kill();
      devnet.signer(3).kill();
      try {
        twoDownThenOneBack(a, b, before);
      } finally {
        for (int p : new int[] {2, 3}) {
          if (!devnet.signer(p).isAlive()) {
            devnet.signer(p).restart();
            devnet.signer(p).awaitReady(Duration.ofMinutes(2), line -> {});
          }
        }
      }
    }
  }

  private static void twoDownThenOneBack(Wallet a, Wallet b, BigInteger before) {
    List<LockEvent> locks = a.lockMany(3, ONE, Devnet.CHAIN_B, b.address());
    ServiceSleep.of(Duration.ofSeconds(20));
    for (LockEvent l : locks) {
      assertThat(devnet.transfers().get(l.depositId()).flatMap(Transfer::releasedAt))
          .as("released with one signer of 2 needed")
          .isEmpty();
    }
    // One node back makes two of three: the quorum signs what waited, nothing lost.
    devnet.signer(2).restart();
    devnet.signer(2).awaitReady(Duration.ofMinutes(2), line -> {});
    awaitReleased(locks);
    assertExactlyOnce();
    assertThat(b.balance()).isEqualTo(before.add(ONE.multiply(BigInteger.valueOf(3))));
  }

  @Test
  @Order(4)
  void aLockReorgedAwayBeforeFinalityIsNeverReleased() {
    try (Wallet a = devnet.wallet("chain-a", 0);
        Wallet b = devnet.wallet("chain-b", 0)) {
      BigInteger before = b.balance();
      LockEvent gone = a.lock(ONE.multiply(BigInteger.valueOf(7)), Devnet.CHAIN_B, b.address());
      var chainA = devnet.anvil("chain-a");
      long depth = chainA.blockNumber() - gone.blockNumber() + 1;
      assertThat(chainA.finalizedBlock().getNumber().longValueExact())
          .as("the lock must not be final yet for this test to mean anything")
          .isLessThan(gone.blockNumber());
      chainA.reorg((int) depth);
      a.resyncNonce();
      LockEvent kept = a.lock(ONE.multiply(BigInteger.valueOf(3)), Devnet.CHAIN_B, b.address());
      // The chain handed the same bridge nonce (so the same deposit id) to the lock made after
      // the reorg: only what is final decides what that deposit pays.
      assertThat(kept.depositId()).isEqualTo(gone.depositId());
      assertThat(kept.txHash()).isNotEqualTo(gone.txHash());
      Transfer t =
          devnet
              .transfers()
              .await(kept.depositId(), x -> x.releasedAt().isPresent(), RELEASE_WAIT, "release");
      assertThat(t.lock().txHash()).isEqualTo(kept.txHash());
      assertThat(t.lock().amount()).isEqualTo(ONE.multiply(BigInteger.valueOf(3)));
      ServiceSleep.of(Duration.ofSeconds(5));
      assertThat(b.balance())
          .as("the reorged 7 TST never paid")
          .isEqualTo(before.add(ONE.multiply(BigInteger.valueOf(3))));
      assertExactlyOnce();
    }
  }

  @Test
  @Order(5)
  void aForgedLockMessageIsRefusedByEverySignerAndNeverReleased() throws Exception {
    DevChain a = devnet.chain("chain-a");
    try (Wallet real = devnet.wallet("chain-a", 1);
        Wallet b = devnet.wallet("chain-b", 1)) {
      BigInteger before = b.balance();
      // A lock the chain never saw: a fresh transaction hash and a nonce far ahead.
      LockEvent forged =
          new LockEvent(
              ChainId.of(a.chainId()),
              Address.ofChecksummed(a.bridge()),
              Hash32.of("0x" + "ab".repeat(32)),
              0,
              Hash32.of("0x" + "cd".repeat(32)),
              devnet.anvil("chain-a").blockNumber() - 6,
              ChainId.of(Devnet.CHAIN_B),
              BigInteger.valueOf(1_000_000),
              Address.ofChecksummed(a.token()),
              Address.ofChecksummed(devnet.chain("chain-b").token()),
              real.address(),
              b.address(),
              ONE.multiply(BigInteger.valueOf(500)));
      ObservedLockCodec codec = new ObservedLockCodec();
      try (KafkaProducer<byte[], byte[]> p = producer()) {
        p.send(
                new ProducerRecord<>(
                    ObservedLockCodec.TOPIC, codec.key(forged), codec.encode(forged)))
            .get();
      }
      awaitRefusals(forged.depositId(), Devnet.PARTIES);
      // A real lock sent after it is released: the forged one had its chance and never will.
      real.approveBridge(ONE);
      LockEvent after = real.lock(ONE, Devnet.CHAIN_B, b.address());
      awaitReleased(List.of(after));
      ServiceSleep.of(Duration.ofSeconds(5));
      assertThat(b.balance()).as("only the real lock paid").isEqualTo(before.add(ONE));
      assertExactlyOnce();
    }
  }

  @Test
  @Order(6)
  void aLauncherKilledWithSigkillLeavesNoProcessBehindAndASecondStartReusesTheKeys()
      throws Exception {
    String group = devnet.groupAddress();
    devnet.close();
    devnet = null;
    Path root = ProjectPaths.repoRoot();
    Path out = dir.resolve("launcher.out");
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                root.resolve("devnet-launcher/target/devnet.jar").toString(),
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      long until = System.nanoTime() + Duration.ofMinutes(6).toNanos();
      while (!Files.readString(out).contains("Ctrl-C stops everything")) {
        assertThat(launcher.isAlive()).as(Files.readString(out)).isTrue();
        assertThat(System.nanoTime()).as("launcher not ready").isLessThan(until);
        ServiceSleep.of(Duration.ofSeconds(2));
      }
      String log = Files.readString(out);
      assertThat(log).contains("with their stored key shares").contains(group);
      List<ProcessHandle> children = launcher.descendants().toList();
      // chains, broker, three signers, relayer: each a watchdog and its process
      assertThat(children.size()).isGreaterThanOrEqualTo(12);
      launcher.destroyForcibly().waitFor();
      long gone = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
        ServiceSleep.of(Duration.ofMillis(500));
      }
      assertThat(children.stream().filter(ProcessHandle::isAlive).map(ph -> ph.info().command()))
          .as("left behind by a SIGKILLed launcher")
          .isEmpty();
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  private static void awaitReleased(List<LockEvent> locks) {
    for (LockEvent l : locks) {
      devnet
          .transfers()
          .await(
              l.depositId(),
              t -> t.releasedAt().isPresent(),
              RELEASE_WAIT,
              "release of " + l.depositId());
    }
  }

  /** Every lock on either chain is released once at most; no release lacks its lock. */
  private static void assertExactlyOnce() {
    List<Transfer> all = devnet.transfers().snapshot();
    assertThat(all)
        .allSatisfy(
            t -> assertThat(t.releases()).as(t.depositId().toString()).isLessThanOrEqualTo(1));
    // A release is seen at the head, its lock once final here: give the log a moment to pair them.
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!devnet.transfers().releasesWithoutLock().isEmpty() && System.nanoTime() < until) {
      ServiceSleep.of(Duration.ofMillis(500));
    }
    assertThat(devnet.transfers().releasesWithoutLock()).as("releases without a lock").isEmpty();
  }

  private static void assertNoNonceReused() {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    Map<Hash32, Set<BigInteger>> rByDigest = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll("bridge.signed.v1")) {
      SignedRelease s = codec.decode(r.value()).value().orElseThrow();
      assertThat(s.signature().recoverSigner(s.digest()).map(Address::toChecksumHex))
          .contains(Address.ofChecksummed(devnet.groupAddress()).toChecksumHex());
      rByDigest.computeIfAbsent(s.digest(), k -> new HashSet<>()).add(s.signature().r());
    }
    Set<BigInteger> all = new HashSet<>();
    int count = 0;
    for (Set<BigInteger> rs : rByDigest.values()) {
      all.addAll(rs);
      count += rs.size();
    }
    assertThat(count).isPositive();
    assertThat(all).as("an r value shared by two different digests").hasSize(count);
  }

  private static void awaitRefusals(DepositId id, int signers) {
    StatusEventCodec codec = new StatusEventCodec();
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    Set<String> refusedBy = new HashSet<>();
    while (System.nanoTime() < until) {
      for (ConsumerRecord<byte[], byte[]> r : readAll(StatusEventCodec.TOPIC)) {
        codec
            .decode(r.value())
            .value()
            .filter(e -> e.depositId().equals(id) && e.stage() == DepositStage.REFUSED)
            .flatMap(StatusEvent::detail)
            .ifPresent(d -> refusedBy.add(d.substring(0, d.indexOf(':'))));
      }
      if (refusedBy.size() >= signers) {
        return;
      }
      ServiceSleep.of(Duration.ofSeconds(1));
    }
    throw new AssertionError("refused by " + refusedBy + " only");
  }

  private static int redeliverLocks() {
    List<ConsumerRecord<byte[], byte[]>> all = readAll(ObservedLockCodec.TOPIC);
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (ConsumerRecord<byte[], byte[]> r : all) {
        p.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
      }
      p.flush();
    }
    return all.size();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", devnet.kafka());
    p.put("acks", "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", devnet.kafka());
    p.put("enable.auto.commit", "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  /** Waiting for a fact that cannot be observed directly (that something did not happen). */
  private static final class ServiceSleep {
    static void of(Duration d) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }
}
