package io.tbridge.relayer.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.chain.testing.TestSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.publish.KafkaPublisher;
import io.tbridge.relayer.submit.ReleaseSubmitter;
import io.tbridge.relayer.submit.SubmitJob;
import io.tbridge.relayer.support.GroupKey;
import io.tbridge.relayer.support.RecordingListener;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import io.tbridge.relayer.watch.WatchSettings;
import io.tbridge.testkit.KafkaBroker;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.web3j.crypto.Credentials;

/**
 * Relayer throughput on this machine: watcher ingest (locks from anvil to Kafka) and submitter
 * throughput (releases mined on anvil, single and batched). Not a test: run it by hand with
 *
 * <pre>
 * mvn -B -ntp -pl relayer test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tbridge.relayer.bench.RelayerBench [-Dexec.args="locks releases"]
 * </pre>
 */
public final class RelayerBench {

  private static final long SRC = 51001;
  private static final long DST = 51002;
  private static final Address SRC_BRIDGE =
      Address.of("0x5000000000000000000000000000000000000005");

  private RelayerBench() {}

  /** Runs both benchmarks and prints one line per result. */
  public static void main(String[] args) throws Exception {
    int locks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int releases = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    try (KafkaBroker kafka = KafkaBroker.start()) {
      watcherIngest(kafka, locks);
    }
    submitter(releases, 1);
    submitter(releases, 50);
  }

  private static void watcherIngest(KafkaBroker kafka, int n) throws Exception {
    KafkaSettings settings = KafkaTopics.settings(kafka.bootstrapServers());
    Path dir = Files.createTempDirectory("tbridge-bench-");
    var pool = Executors.newFixedThreadPool(2);
    try (TestAnvil anvil = TestAnvil.start(SRC);
        BridgeFixture src =
            BridgeFixture.deploy(
                anvil,
                Address.of(
                    Credentials.create(
                            "0x7777777777777777777777777777777777777777777777777777777777777777")
                        .getAddress()));
        KafkaPublisher publisher = new KafkaPublisher(settings, new SimpleMeterRegistry())) {
      src.route(DST, Address.of("0x00000000000000000000000000000000000000cc"));
      Address recipient = Address.of("0x00000000000000000000000000000000000000bb");
      // One lock per block (automine): the watcher reads n blocks with one log each.
      for (int i = 0; i < n; i++) {
        src.lock(BigInteger.valueOf(1000 + i), recipient, DST);
      }
      anvil.mine(2);
      ChainWatcher w =
          new ChainWatcher(
              new WatchSettings(
                  "bench",
                  ChainId.of(SRC),
                  src.bridge(),
                  ChainProfile.confirmations("bench", 1, Duration.ofSeconds(1)),
                  0,
                  2000,
                  Duration.ofSeconds(1)),
              Chains.reader(SRC, 1, pool, anvil.url()),
              new FileCheckpointStore(dir),
              publisher,
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      long t0 = System.nanoTime();
      while (w.pollOnce() == PollOutcome.PROGRESSED) {
        // drain
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "watcher ingest: %d locks anvil->Kafka in %.2f s = %.0f locks/s%n", n, s, n / s);
    } finally {
      pool.shutdownNow();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void submitter(int n, int batchSize) throws Exception {
    GroupKey group =
        new GroupKey("0x8888888888888888888888888888888888888888888888888888888888888888");
    TestSigner relayer =
        TestSigner.of("0x9999999999999999999999999999999999999999999999999999999999999999");
    try (TestAnvil anvil = TestAnvil.start(DST);
        BridgeFixture dst = BridgeFixture.deploy(anvil, group.address())) {
      dst.trust(SRC, SRC_BRIDGE);
      dst.fundBridge(BigInteger.TEN.pow(24));
      BridgeFixture.fund(anvil, relayer.address());
      ReleaseSubmitter submitter =
          new ReleaseSubmitter(
              new io.tbridge.relayer.submit.SubmitSettings(
                  "bench",
                  ChainId.of(DST),
                  dst.bridge(),
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
                  3),
              Chains.eth(anvil.url()),
              Chains.reader(DST, 1, anvil.url()),
              new io.tbridge.relayer.support.MemoryPendingStore(),
              relayer,
              new RecordingListener(),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      SignedReleaseCodec codec = new SignedReleaseCodec();
      List<Release> pending = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        pending.add(
            GroupKey.release(
                SRC,
                SRC_BRIDGE,
                i,
                dst.token(),
                Address.of(String.format("0x%040x", 0x100000 + i)),
                1));
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i += batchSize) {
        List<Release> chunk = pending.subList(i, Math.min(n, i + batchSize));
        ReleasePayload p = batchSize == 1 ? chunk.get(0) : GroupKey.batch(DST, chunk);
        SignedRelease s = group.sign(DST, dst.bridge(), p);
        submitter.submit(new SubmitJob(s, codec.key(s), codec.encode(s), () -> {}));
      }
      while (submitter.unfinished() > 0) {
        submitter.tick();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "submitter (%s): %d releases mined on anvil in %.2f s = %.1f releases/s%n",
          batchSize == 1 ? "single" : "batches of " + batchSize, n, s, n / s);
    }
  }
}
