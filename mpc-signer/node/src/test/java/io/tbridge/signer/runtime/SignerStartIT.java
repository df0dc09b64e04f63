package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KdfParams;
import io.tbridge.signer.keys.KeyMaterial;
import io.tbridge.signer.mpc.Liveness;
import io.tbridge.signer.mpc.MpcSettings;
import io.tbridge.signer.mpc.MpcTransport;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.topology.TopologyFile;
import io.tbridge.testkit.FreePorts;
import io.tbridge.testkit.KafkaBroker;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.fixtures.AuxInfoFixture;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.testing.KeygenFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One signer node as a real process, started before any Kafka broker listens at its address: one
 * WARN, readiness DOWN naming Kafka, liveness UP, then ready without a restart once a broker comes
 * up there. The same process proves the override order (system property over environment over the
 * file). Key material comes from the in-process fixtures, so no ceremony runs; party 2 of the
 * 2-of-3 topology is only a heartbeat from this JVM, enough for the node's live-party quorum.
 */
class SignerStartIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long CHAIN = 41341;
  private static final String KEY_ID = "start-test";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dir;
  private static String prefix;
  private static TestAnvil anvil;
  private static BridgeFixture bridge;
  private static Topology topology;
  private static EncryptedFileKeyStore partner;

  @BeforeAll
  static void start() throws Exception {
    dir = Path.of("target", "it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    Files.createDirectories(dir);
    prefix = "s" + UUID.randomUUID().toString().substring(0, 8) + ".";
    anvil = TestAnvil.start(CHAIN);
    bridge = BridgeFixture.deploy(anvil, Address.of(BridgeFixture.ADMIN.getAddress()));
    List<PartyEntry> parties = new ArrayList<>();
    List<EncryptedFileKeyStore> stores = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      EncryptedFileKeyStore s =
          EncryptedFileKeyStore.initialise(
              dir.resolve("keys-" + p),
              KEY_ID,
              p,
              ("start test passphrase " + p).toCharArray(),
              KdfParams.forTests(),
              RANDOM);
      stores.add(s);
      parties.add(new PartyEntry(p, "operator-" + p, s.identity().publicIdentity()));
    }
    topology = new Topology(KEY_ID, 2, parties);
    TopologyFile.save(topology, dir.resolve("topology.json"));
    var shares = KeygenFixture.generate(topology.committee(), 11);
    var aux = AuxInfoFixture.direct(topology.committee(), SecurityLevel.TEST, 11);
    stores.get(0).storeKeyMaterial(new KeyMaterial(KEY_ID, shares.get(1), aux.get(1)));
    Files.writeString(dir.resolve("pass-1"), "start test passphrase 1\n");
    partner = stores.get(1);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {bridge, anvil}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The operator's file: a dead Kafka address and a protocol topic nobody else uses. */
  private static Path config() throws Exception {
    Path profile = dir.resolve("fast.properties");
    Files.writeString(
        profile, "name=test-3\nfinality=confirmations\nconfirmations=3\nblock-time-ms=1000\n");
    // The bridge comes from the deploy output only, as an operator would run it after deploying.
    Path deployment = dir.resolve("deployment.json");
    new Deployment(
            Deployment.FORMAT,
            true,
            BridgeFixture.ADMIN.getAddress(),
            List.of(
                new ChainRecord(
                    "chain-a",
                    CHAIN,
                    anvil.url().toString(),
                    bridge.bridge().toChecksumHex(),
                    0,
                    Map.of("TT", bridge.token().toChecksumHex()))))
        .write(deployment);
    String yaml =
        """
        signer:
          deployment-file: %s
          party: 1
          key-id: %s
          topology-file: %s
          key-store-dir: %s
          passphrase-file: %s
          state-file: %s
          security-level: test
          allow-test-security-level: true
          kafka:
            bootstrap-servers: 127.0.0.1:1
            locks-topic: %slocks
            signed-topic: %ssigned
            status-topic: %sstatus
            mpc-topic: %smpc-from-file
            consumer-group-prefix: %ssigner
          chains:
            chain-a:
              chain-id: %d
              endpoints: [ "%s" ]
              profile-file: %s
          policy:
            tokens:
              "%s":
                max-per-transfer: "1000"
                daily-cap: "100000"
          signing:
            heartbeat-interval: 300ms
            live-window: 2s
            pool-depth: 0
            batch-window: 0s
        """
            .formatted(
                deployment,
                KEY_ID,
                dir.resolve("topology.json"),
                dir.resolve("keys-1"),
                dir.resolve("pass-1"),
                dir.resolve("state-1.db"),
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                CHAIN,
                anvil.url(),
                profile,
                bridge.token().toLowerHex());
    Path f = dir.resolve("signer.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static Process launch(
      String name, int port, List<String> jvmArgs, Map<String, String> env) throws Exception {
    Path jar =
        Files.list(Path.of("target"))
            .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
            .findFirst()
            .orElseThrow();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    return pb.start();
  }

  private static String log(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".log"));
  }

  private record Health(int status, String body) {}

  private static Health health(int port, String which) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/" + which))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Health(r.statusCode(), r.body());
  }

  /** Polls readiness until {@code done} holds; the process must stay alive meanwhile. */
  private static Health awaitReadiness(
      Process p, String name, int port, Predicate<Health> done, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    Health last = null;
    while (System.nanoTime() < until) {
      assertThat(p.isAlive()).as("signer exited: %s", log(name)).isTrue();
      try {
        last = health(port, "ready");
        if (done.test(last)) {
          return last;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new AssertionError("readiness never got there; last " + last + "\n" + log(name));
  }

  private static List<String> warnings(String out) {
    return out.lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
  }

  /** The node's own Kafka warnings. */
  private static List<String> own(String out) {
    return warnings(out).stream().filter(l -> l.contains("KafkaWatch")).toList();
  }

  @Test
  void overridesBeatTheFileAndKafkaDownAtStartIsOneWarningUntilABrokerComesUpThere()
      throws Exception {
    int kafkaPort = FreePorts.loopback();
    String kafka = "127.0.0.1:" + kafkaPort;
    int port = FreePorts.loopback();
    // The file says 127.0.0.1:1, the environment 127.0.0.1:2: only the system property's address
    // ever gets a broker. The protocol topic comes from the environment only; party 2 beats there.
    Process p =
        launch(
            "kafka-down",
            port,
            List.of(
                "-Dquarkus.config.locations=" + config(),
                "-Dsigner.kafka.bootstrap-servers=" + kafka),
            Map.of(
                "SIGNER_KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:2",
                "SIGNER_KAFKA_MPC_TOPIC",
                prefix + "mpc"));
    KafkaBroker broker = null;
    MpcTransport transport = null;
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try {
      Health down =
          awaitReadiness(
              p, "kafka-down", port, h -> h.body().contains("Kafka"), Duration.ofMinutes(1));
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body()).contains("waiting for Kafka at " + kafka);
      Health live = health(port, "live");
      assertThat(live.status()).as(live.body()).isEqualTo(200);
      assertThat(live.body()).contains("waiting for Kafka at " + kafka);
      // Several retry periods pass while nothing listens: still one line, no stack trace.
      long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < quiet) {
        assertThat(health(port, "ready").status()).isEqualTo(503);
        Thread.sleep(500);
      }
      String waiting = log("kafka-down");
      assertThat(warnings(waiting)).as(waiting).hasSize(1);
      assertThat(warnings(waiting).get(0)).contains("Kafka at " + kafka);
      assertThat(waiting).doesNotContain("\tat ").doesNotContain("127.0.0.1:2");

      broker = KafkaBroker.startOn(kafkaPort);
      transport =
          new MpcTransport(
              MpcSettings.of(kafka, prefix + "mpc", "partner-2", Map.of()),
              new SecureChannel(partner.identity(), 2, topology.publicIdentities(), RANDOM),
              Clock.systemUTC());
      new Liveness(
          transport, Clock.systemUTC(), Duration.ofMillis(300), Duration.ofSeconds(2), timers);
      // Ready needs Kafka both ways and party 2 heard on the environment's protocol topic.
      Health ready =
          awaitReadiness(p, "kafka-down", port, h -> h.status() == 200, Duration.ofMinutes(2));
      assertThat(ready.body().replaceAll("\\s", ""))
          .contains("\"liveParties\":2")
          .contains("\"kafka\":\"reachable\"");
      String out = log("kafka-down");
      assertThat(out)
          .contains("Kafka at " + kafka + " answers")
          .contains("kafka=" + kafka)
          .contains("mpc-topic=" + prefix + "mpc ")
          .contains("deployment-file=" + dir.resolve("deployment.json"));
      assertThat(warnings(out)).as(out).hasSize(1);
      assertThat(out).doesNotContain("\tat ");

      // Kafka lost while running: readiness DOWN naming it, liveness UP, one more WARN of the
      // node's own; the clients may warn once as the broker goes, but never once per reconnect.
      broker.close();
      broker = null;
      // Party 2's heartbeats stop with the broker too, so readiness may first go down for too few
      // live parties: wait for the Kafka cause itself.
      Health lost =
          awaitReadiness(
              p,
              "kafka-down",
              port,
              h -> h.status() == 503 && h.body().contains("own messages do not come back"),
              Duration.ofSeconds(30));
      assertThat(lost.body()).contains("own messages do not come back from Kafka at " + kafka);
      assertThat(health(port, "live").status()).isEqualTo(200);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (own(log("kafka-down")).size() < 2 && System.nanoTime() < until) {
        Thread.sleep(300);
      }
      int seen = warnings(log("kafka-down")).size();
      Thread.sleep(3000); // three reconnect periods (1 s at most each) of every client
      String after = log("kafka-down");
      assertThat(own(after)).as(after).hasSize(2);
      assertThat(own(after).get(1))
          .contains("Kafka at " + kafka + " is unreachable (own messages have not come back");
      assertThat(warnings(after)).as(after).hasSize(seen);
      assertThat(after).doesNotContain("NetworkClient").doesNotContain("\tat ");
    } finally {
      p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      timers.shutdownNow();
      if (transport != null) {
        transport.close();
      }
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  void aBridgeThatDisagreesWithTheDeploymentFileIsOneLine() throws Exception {
    String other = "0x00000000000000000000000000000000000000b1";
    Process p =
        launch(
            "conflict",
            FreePorts.loopback(),
            List.of(
                "-Dquarkus.config.locations=" + config(),
                "-Dsigner.chains.chain-a.bridge=" + other),
            Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = log("conflict");
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out)
        .contains(
            "signer node cannot start: chain chain-a: signer.chains.chain-a.bridge "
                + Address.of(other).toChecksumHex()
                + " differs from bridge "
                + bridge.bridge().toChecksumHex())
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingConfigFileIsOneLineNamingThePath() throws Exception {
    Path missing = dir.resolve("signr.yaml");
    Process p =
        launch(
            "missing",
            FreePorts.loopback(),
            List.of("-Dquarkus.config.locations=" + missing),
            Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = log("missing").strip();
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out.lines()).hasSize(1);
    assertThat(out).contains(missing.toString()).contains("does not exist");
  }
}
