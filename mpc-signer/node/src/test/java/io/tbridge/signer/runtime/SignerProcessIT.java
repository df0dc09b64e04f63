package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KdfParams;
import io.tbridge.signer.support.Locks;
import io.tbridge.signer.support.TopicTail;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.topology.TopologyFile;
import io.tbridge.testkit.FreePorts;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three signer nodes as real processes from the runner jar: a dealer-less key ceremony on first
 * start, a node killed with SIGKILL while a deposit is being signed, restarted from its own files:
 * it rejoins, abandons what it had open, and no nonce is ever used twice.
 */
class SignerProcessIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long A = 41337;
  private static final long B = 41338;
  private static Path dir;
  private static String prefix;
  private static TestAnvil anvilA;
  private static TestAnvil anvilB;
  private static BridgeFixture bridgeA;
  private static BridgeFixture bridgeB;
  private static final Map<Integer, Process> PROCS = new TreeMap<>();
  private static final Map<Integer, Integer> PORTS = new TreeMap<>();
  private static TopicTail signed;
  private static TopicTail status;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Path.of("target", "it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    Files.createDirectories(dir);
    prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + ".";
    anvilA = TestAnvil.start(A);
    anvilB = TestAnvil.start(B);
    // The group address is not known before the ceremony; this test reads signatures off Kafka.
    bridgeA = BridgeFixture.deploy(anvilA, Address.of(BridgeFixture.ADMIN.getAddress()));
    bridgeB = BridgeFixture.deploy(anvilB, Address.of(BridgeFixture.ADMIN.getAddress()));
    bridgeA.route(B, bridgeB.token());
    List<PartyEntry> parties = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      Files.writeString(dir.resolve("pass-" + p), "process test passphrase " + p + "\n");
      EncryptedFileKeyStore s =
          EncryptedFileKeyStore.initialise(
              dir.resolve("keys-" + p),
              "proc-test",
              p,
              ("process test passphrase " + p).toCharArray(),
              KdfParams.forTests(),
              RANDOM);
      parties.add(new PartyEntry(p, "operator-" + p, s.identity().publicIdentity()));
    }
    TopologyFile.save(new Topology("proc-test", 2, parties), dir.resolve("topology.json"));
    signed = new TopicTail(SharedKafka.bootstrapServers(), prefix + "signed");
    status = new TopicTail(SharedKafka.bootstrapServers(), prefix + "status");
    for (int p = 1; p <= 3; p++) {
      PORTS.put(p, FreePorts.loopback());
      writeConfig(p);
      PROCS.put(p, launch(p));
    }
    for (int p = 1; p <= 3; p++) {
      awaitReady(p, Duration.ofMinutes(4));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : PROCS.values()) {
      p.destroy();
    }
    for (Process p : PROCS.values()) {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (signed != null) {
      signed.close();
      status.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {bridgeA, bridgeB, anvilA, anvilB}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static void writeConfig(int p) throws Exception {
    String yaml =
        """
        signer:
          party: %d
          key-id: proc-test
          topology-file: %s
          key-store-dir: %s
          passphrase-file: %s
          state-file: %s
          security-level: test
          allow-test-security-level: true
          keygen-on-first-start: true
          ceremony-wait: 3m
          kafka:
            bootstrap-servers: %s
            locks-topic: %slocks
            signed-topic: %ssigned
            status-topic: %sstatus
            mpc-topic: %smpc
            consumer-group-prefix: %ssigner
          chains:
            chain-a:
              chain-id: %d
              bridge: "%s"
              endpoints: [ "%s" ]
              profile-file: %s
            chain-b:
              chain-id: %d
              bridge: "%s"
              endpoints: [ "%s" ]
              profile-file: %s
          policy:
            tokens:
              "%s":
                max-per-transfer: "1000000000000000000000"
                daily-cap: "100000000000000000000000"
          signing:
            round-deadline: 5s
            max-attempts: 6
            defer-retry: 300ms
            heartbeat-interval: 300ms
            live-window: 2s
        """
            .formatted(
                p,
                dir.resolve("topology.json"),
                dir.resolve("keys-" + p),
                dir.resolve("pass-" + p),
                dir.resolve("state-" + p + ".db"),
                SharedKafka.bootstrapServers(),
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                A,
                bridgeA.bridge().toLowerHex(),
                anvilA.url(),
                profile(),
                B,
                bridgeB.bridge().toLowerHex(),
                anvilB.url(),
                profile(),
                bridgeB.token().toLowerHex());
    Files.writeString(dir.resolve("signer-" + p + ".yaml"), yaml);
  }

  static Path profile() throws Exception {
    Path f = dir.resolve("fast.properties");
    if (!Files.exists(f)) {
      Files.writeString(
          f, "name=test-3\nfinality=confirmations\nconfirmations=3\nblock-time-ms=1000\n");
    }
    return f;
  }

  static Process launch(int p) throws Exception {
    Path jar =
        Files.list(Path.of("target"))
            .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
            .findFirst()
            .orElseThrow();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dquarkus.http.port=" + PORTS.get(p),
            "-Dquarkus.http.host=127.0.0.1",
            "-jar",
            jar.toAbsolutePath().toString());
    pb.environment()
        .put("QUARKUS_CONFIG_LOCATIONS", dir.resolve("signer-" + p + ".yaml").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(dir.resolve("signer-" + p + ".log").toFile()));
    return pb.start();
  }

  static void awaitReady(int p, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (!PROCS.get(p).isAlive()) {
        throw new AssertionError(
            "signer " + p + " exited: " + Files.readString(dir.resolve("signer-" + p + ".log")));
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORTS.get(p) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new AssertionError("signer " + p + " not ready within " + timeout);
  }

  static LockEvent lockAndPublish(long amount) {
    LockEvent lock =
        Locks.lock(
            anvilA, bridgeA, BigInteger.valueOf(amount), Address.of("0x" + "c3".repeat(20)), B);
    anvilA.mine(4);
    Locks.publish(SharedKafka.bootstrapServers(), prefix + "locks", lock);
    return lock;
  }

  static List<SignedRelease> signedFor(LockEvent lock, Duration timeout) throws Exception {
    return Locks.signedFor(signed, lock.depositId(), 1, timeout);
  }

  @Test
  void aNodeKilledMidSessionRestartsRejoinsAndNothingIsSignedTwiceWithOneNonce() throws Exception {
    LockEvent first = lockAndPublish(11);
    // Kill party 3 (SIGKILL) as soon as a signing session for the deposit starts anywhere.
    StatusEventCodec sc = new StatusEventCodec();
    status.await(
        r ->
            sc.decode(r.value())
                .value()
                .map(
                    e ->
                        e.depositId().equals(first.depositId())
                            && e.stage() == DepositStage.SIGNING)
                .orElse(false),
        1,
        Duration.ofSeconds(60));
    PROCS.get(3).destroyForcibly().waitFor();
    List<SignedRelease> s1 = signedFor(first, Duration.ofSeconds(120));
    assertThat(s1).as("the two survivors sign").isNotEmpty();
    Address group = s1.get(0).signature().recoverSigner(s1.get(0).digest()).orElseThrow();

    PROCS.put(3, launch(3));
    awaitReady(3, Duration.ofMinutes(1));
    assertThat(Files.readString(dir.resolve("signer-3.log"))).contains("signing for key proc-test");

    LockEvent second = lockAndPublish(12);
    List<SignedRelease> s2 = signedFor(second, Duration.ofSeconds(120));
    assertThat(s2).isNotEmpty();
    SignedReleaseCodec codec = new SignedReleaseCodec();
    Set<BigInteger> rs = new HashSet<>();
    Map<Hash32, Set<BigInteger>> byDigest =
        new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
    for (var r : signed.records()) {
      SignedRelease s = codec.decode(r.value()).value().orElseThrow();
      assertThat(s.signature().recoverSigner(s.digest())).contains(group);
      byDigest.computeIfAbsent(s.digest(), k -> new HashSet<>()).add(s.signature().r());
    }
    byDigest.values().forEach(rs::addAll);
    assertThat(rs)
        .as("no r shared between different signatures")
        .hasSize(byDigest.values().stream().mapToInt(Set::size).sum());
  }
}
