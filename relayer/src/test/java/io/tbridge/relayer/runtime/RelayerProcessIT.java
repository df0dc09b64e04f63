package io.tbridge.relayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.testkit.FreePorts;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner jar as a real process: how it reads its configuration, starts and stops. */
class RelayerProcessIT {
  private static final long DST = 41102;
  private static final String SENDER_KEY =
      "0x6666666666666666666666666666666666666666666666666666666666666666";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dir;
  private static TestAnvil chain;
  private static BridgeFixture bridge;

  @BeforeAll
  static void start() throws Exception {
    dir = Path.of("target", "it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    Files.createDirectories(dir);
    chain = TestAnvil.start(DST);
    bridge = BridgeFixture.deploy(chain, Address.of(BridgeFixture.ADMIN.getAddress()));
    Files.writeString(dir.resolve("sender.key"), SENDER_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {bridge, chain}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** A file whose Kafka address is a dead port: only an override can make Kafka answer. */
  private static Path config(String name) throws Exception {
    return config(name, chain.url().toString(), dir.resolve("sender.key").toString());
  }

  private static Path config(String name, String endpoint, String keyFile) throws Exception {
    String yaml =
        """
        relayer:
          instance: from-file
          checkpoint-dir: %s
          kafka:
            bootstrap-servers: 127.0.0.1:1
            consumer-group: %s
          chains:
            dst:
              chain-id: %d
              bridge: "%s"
              endpoints: [ "%s" ]
              submit:
                sender-key-file: %s
        """
            .formatted(
                dir.resolve(name + "-checkpoints"),
                "it-" + UUID.randomUUID(),
                DST,
                bridge.bridge().toLowerHex(),
                endpoint,
                keyFile);
    Path f = dir.resolve(name + ".yaml");
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
    cmd.add("-Xmx256m");
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

  private static void awaitReady(Process p, String name, int port) throws Exception {
    long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < until) {
      assertThat(p.isAlive()).as("relayer exited: %s", log(name)).isTrue();
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
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
    throw new AssertionError("relayer not ready: " + log(name));
  }

  @Test
  void environmentAndSystemPropertiesOverrideTheFileAndSigtermIsQuiet() throws Exception {
    Path file = config("override");
    int port = FreePorts.loopback();
    Process p =
        launch(
            "override",
            port,
            List.of("-Dquarkus.config.locations=" + file, "-Drelayer.instance=from-sysprop"),
            Map.of("RELAYER_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers()));
    try {
      // Ready means Kafka answered: the environment's broker, not the file's dead port.
      awaitReady(p, "override", port);
      assertThat(log("override"))
          .contains("relayer instance=from-sysprop")
          .contains("kafka=" + SharedKafka.bootstrapServers());
      // A second instance on the same checkpoint directory refuses before it starts anything.
      Process second =
          launch(
              "second",
              FreePorts.loopback(),
              List.of("-Dquarkus.config.locations=" + file),
              Map.of("RELAYER_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers()));
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String refused = log("second");
      assertThat(second.exitValue()).as(refused).isEqualTo(2);
      assertThat(refused)
          .contains("is in use by another process")
          .contains(dir.resolve("override-checkpoints").toString())
          .doesNotContain("submitting from")
          .doesNotContain("\tat ");
      // The submitter's consumer has joined its group; a clean SIGTERM leaves it quietly.
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = log("override");
      assertThat(out).doesNotContain("ERROR").doesNotContain("InterruptException");
      // 143 = 128 + SIGTERM: the JVM's status after a signal-triggered, completed shutdown.
      assertThat(p.exitValue()).as(out).isEqualTo(143);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aMissingConfigFileIsOneLineNamingThePath() throws Exception {
    Path missing = dir.resolve("devnet.yml");
    Process p =
        launch(
            "missing",
            FreePorts.loopback(),
            List.of("-Dquarkus.config.locations=" + missing),
            Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    String out = log("missing").strip();
    assertThat(out.lines()).hasSize(1);
    assertThat(out).contains(missing.toString()).contains("does not exist");
  }

  @Test
  void aMissingKeyFileIsOneLineNamingTheKeyAndTheChain() throws Exception {
    Path file = config("nokey", chain.url().toString(), dir.resolve("no-such.key").toString());
    String out = refusal("nokey", file);
    assertThat(out)
        .contains("relayer.chains.dst.submit.sender-key-file (chain dst)")
        .contains(dir.resolve("no-such.key") + " does not exist");
  }

  @Test
  void anEndpointWithoutSchemeIsOneLineNamingTheKeyAndTheChain() throws Exception {
    Path file = config("noscheme", "localhost:8545", dir.resolve("sender.key").toString());
    String out = refusal("noscheme", file);
    assertThat(out)
        .contains(
            "relayer.chains.dst.endpoints[0] (chain dst) must start with http:// or https://");
  }

  @Test
  void aDeploymentFileOfAnotherChainIdIsOneLineNamingBothIds() throws Exception {
    Path deployment = dir.resolve("deployment.json");
    new Deployment(
            Deployment.FORMAT,
            true,
            BridgeFixture.ADMIN.getAddress(),
            List.of(
                new ChainRecord(
                    "dst",
                    DST + 7,
                    chain.url().toString(),
                    bridge.bridge().toChecksumHex(),
                    0,
                    Map.of())))
        .write(deployment);
    Path file = config("chainid");
    Files.writeString(
        file,
        Files.readString(file)
            .replace("relayer:\n", "relayer:\n  deployment-file: " + deployment + "\n"));
    String out = refusal("chainid", file);
    assertThat(out)
        .contains(
            "relayer cannot start: chain dst: relayer.chains.dst.chain-id is "
                + DST
                + " but "
                + deployment
                + " records chain id "
                + (DST + 7)
                + " for it");
  }

  /**
   * Locks already on chain when the relayer starts are published by its start-up rescan, and the
   * counter the service exports counts every one of them (they used to be counted on Quarkus'
   * composite registry before its Prometheus registry was attached, and lost).
   */
  @Test
  void locksPublishedByTheStartUpRescanAreCountedInTheExportedMetrics() throws Exception {
    int locks = 4;
    bridge.route(DST + 1, Address.of("0x00000000000000000000000000000000000d0001"));
    for (int i = 1; i <= locks; i++) {
      bridge.lock(
          BigInteger.valueOf(100L * i), Address.of(BridgeFixture.ADMIN.getAddress()), DST + 1);
    }
    chain.mine(3);
    String topics = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Path profile = dir.resolve("depth-1.properties");
    Files.writeString(
        profile, "name=test-depth-1\nfinality=confirmations\nconfirmations=1\nblock-time-ms=100\n");
    String yaml =
        """
        relayer:
          instance: rescan
          checkpoint-dir: %s
          submit: false
          kafka:
            bootstrap-servers: %s
            locks-topic: %sbridge.locks.v1
            signed-topic: %sbridge.signed.v1
            status-topic: %sbridge.status.v1
            consumer-group: %ssubmitter
          chains:
            src:
              chain-id: %d
              bridge: "%s"
              endpoints: [ "%s" ]
              watch:
                profile-file: %s
                poll-interval: 100ms
                rescan-from-block: 1
        """
            .formatted(
                dir.resolve("rescan-checkpoints"),
                SharedKafka.bootstrapServers(),
                topics,
                topics,
                topics,
                topics,
                DST,
                bridge.bridge().toLowerHex(),
                chain.url(),
                profile);
    Path file = dir.resolve("rescan.yaml");
    Files.writeString(file, yaml);
    int port = FreePorts.loopback();
    Process p = launch("rescan", port, List.of("-Dquarkus.config.locations=" + file), Map.of());
    try {
      assertThat(
              KafkaTopics.read(SharedKafka.bootstrapServers(), topics + "bridge.locks.v1", locks))
          .as(log("rescan"))
          .hasSize(locks);
      awaitReady(p, "rescan", port);
      // The counter moves right after Kafka acknowledged the range: wait for it, with a deadline.
      double published = -1;
      for (int i = 0; i < 50 && published < locks; i++) {
        published = publishedCount(port);
        Thread.sleep(200);
      }
      assertThat(published).as(log("rescan")).isEqualTo(locks);
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  /** {@code relayer_locks_published_total{chain="src"}} as scraped, or -1 when absent. */
  private static double publishedCount(int port) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m =
        Pattern.compile("(?m)^relayer_locks_published_total\\{chain=\"src\"[^}]*\\} (\\S+)$")
            .matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Starts a relayer that must refuse: exit status 2 and no stack trace. */
  private static String refusal(String name, Path file) throws Exception {
    Process p =
        launch(
            name,
            FreePorts.loopback(),
            List.of("-Dquarkus.config.locations=" + file),
            Map.of("RELAYER_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = log(name);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(out.lines().filter(l -> l.contains("ERROR"))).hasSize(1);
    return out;
  }
}
