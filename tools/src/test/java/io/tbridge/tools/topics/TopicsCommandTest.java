package io.tbridge.tools.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.DeadLetter;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.DecodeError;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.testkit.FreePorts;
import io.tbridge.tools.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tbridge topics} in process against the real broker: records written with the services'
 * own codecs on every bridge topic, plus a malformed one, come out decoded, one JSON object per
 * line; the malformed one is an error line and the dump goes on; nothing joins a consumer group.
 */
class TopicsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "tt" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private static final String LOCKS = PREFIX + ObservedLockCodec.TOPIC;
  private static final String SIGNED = PREFIX + SignedReleaseCodec.TOPIC;
  private static final String STATUS = PREFIX + StatusEventCodec.TOPIC;
  private static final String REFUNDS = PREFIX + io.tbridge.core.wire.SignedRefundCodec.TOPIC;
  private static final String LOCKS_DLQ = DeadLetterCodec.topicFor(LOCKS);
  private static final String SIGNED_DLQ = DeadLetterCodec.topicFor(SIGNED);
  private static final Address BRIDGE_A = Address.of("0x00000000000000000000000000000000000000a1");
  private static final Address BRIDGE_B = Address.of("0x00000000000000000000000000000000000000b2");
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
  private static final byte[] GARBAGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

  private static String bootstrap;
  private static LockEvent lock;
  private static SignedRelease signed;

  private record Result(int code, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.lines().toList()) {
        nodes.add(JSON.readTree(line));
      }
      return nodes;
    }
  }

  @BeforeAll
  static void publish() {
    bootstrap = SharedKafka.bootstrapServers();
    lock = lock(1, 1234);
    LockEvent second = lock(2, 99);
    ObservedLockCodec locks = new ObservedLockCodec();
    KafkaTopics.write(bootstrap, LOCKS, locks.key(lock), locks.encode(lock));
    KafkaTopics.write(bootstrap, LOCKS, new byte[] {7}, GARBAGE);
    KafkaTopics.write(bootstrap, LOCKS, locks.key(second), locks.encode(second));

    signed =
        new SignedRelease(
            new Eip712Domain(ChainId.of(2), BRIDGE_B),
            Release.fromLock(lock),
            Signature65.of(BigInteger.valueOf(11), BigInteger.valueOf(22), 27),
            new SignerSet(List.of(1, 3)));
    SignedReleaseCodec signedCodec = new SignedReleaseCodec();
    KafkaTopics.write(bootstrap, SIGNED, signedCodec.key(signed), signedCodec.encode(signed));

    var refund =
        new io.tbridge.core.wire.SignedRefund(
            new Eip712Domain(ChainId.of(1), BRIDGE_A),
            new io.tbridge.core.Refund(
                ChainId.of(2),
                BRIDGE_B,
                BigInteger.valueOf(1),
                lock.srcToken(),
                lock.sender(),
                BigInteger.valueOf(1230)),
            Signature65.of(BigInteger.valueOf(33), BigInteger.valueOf(44), 28),
            new SignerSet(List.of(2, 3)));
    var refundCodec = new io.tbridge.core.wire.SignedRefundCodec();
    KafkaTopics.write(bootstrap, REFUNDS, refundCodec.key(refund), refundCodec.encode(refund));

    StatusEvent status = StatusEvent.of(lock.depositId(), DepositStage.PUBLISHED, AT);
    StatusEventCodec statusCodec = new StatusEventCodec();
    KafkaTopics.write(bootstrap, STATUS, statusCodec.key(status), statusCodec.encode(status));

    DeadLetterCodec dlq = new DeadLetterCodec();
    DeadLetter lockLetter =
        DeadLetter.of(
            LOCKS,
            new byte[] {7},
            GARBAGE,
            DecodeError.of(RejectReason.MALFORMED, "not a valid protobuf message"),
            AT);
    KafkaTopics.write(bootstrap, LOCKS_DLQ, dlq.key(lockLetter), dlq.encode(lockLetter));
    // A signed release refused for a reason other than its bytes: the original still decodes.
    DeadLetter signedLetter =
        new DeadLetter(
            SIGNED,
            Optional.of(ByteString.copyFrom(signedCodec.key(signed))),
            ByteString.copyFrom(signedCodec.encode(signed)),
            RejectReason.INVALID,
            "bad signature",
            AT);
    KafkaTopics.write(bootstrap, SIGNED_DLQ, dlq.key(signedLetter), dlq.encode(signedLetter));
  }

  private static LockEvent lock(int nonce, int amount) {
    return new LockEvent(
        ChainId.of(1),
        BRIDGE_A,
        Hash32.of("0x" + "11".repeat(32)),
        nonce,
        Hash32.of("0x" + "22".repeat(32)),
        100 + nonce,
        ChainId.of(2),
        BigInteger.valueOf(nonce),
        Address.of("0x00000000000000000000000000000000000000c3"),
        Address.of("0x00000000000000000000000000000000000000d4"),
        Address.of("0x00000000000000000000000000000000000000e5"),
        Address.of("0x00000000000000000000000000000000000000f6"),
        BigInteger.valueOf(amount));
  }

  /** Runs {@code ./tbridge <args>} in process with standard output and error captured. */
  private static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static List<JsonNode> of(List<JsonNode> lines, String topic) {
    return lines.stream().filter(l -> l.get("topic").asText().equals(topic)).toList();
  }

  @Test
  void shouldDecodeEveryBridgeTopicAndReportTheMalformedRecordAndGoOn() throws Exception {
    Set<String> groupsBefore = groups();
    Result r =
        run("topics", "--bootstrap-servers", bootstrap, "--prefix", PREFIX, "--from-beginning");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = r.lines();
    assertThat(lines).hasSize(8);

    List<JsonNode> locks = of(lines, LOCKS);
    assertThat(locks).extracting(l -> l.get("offset").asLong()).containsExactly(0L, 1L, 2L);
    JsonNode first = locks.get(0);
    assertThat(first.get("partition").asInt()).isZero();
    assertThat(first.get("key").asText()).isEqualTo(lock.depositId().value().toHex());
    assertThat(Instant.parse(first.get("timestamp").asText())).isAfter(AT.minusSeconds(86_400));
    assertThat(first.get("value").get("amount").asText()).isEqualTo("1234");
    assertThat(first.get("value").get("sourceChainId").asLong()).isEqualTo(1);
    assertThat(first.get("value").get("sourceBridge").asText()).isEqualTo(BRIDGE_A.toChecksumHex());
    // The malformed record: one line with its offset and the decode error, no value.
    JsonNode bad = locks.get(1);
    assertThat(bad.get("error").asText()).isEqualTo("MALFORMED: not a valid protobuf message");
    assertThat(bad.has("value")).isFalse();
    assertThat(bad.get("key").asText()).isEqualTo("0x07");
    assertThat(locks.get(2).get("value").get("amount").asText()).isEqualTo("99");

    // A signed refund: everything a user needs to send refund(f, sig) to the source bridge.
    JsonNode refund = of(lines, REFUNDS).get(0);
    assertThat(refund.get("key").asText()).isEqualTo(lock.depositId().value().toHex());
    assertThat(refund.get("value").get("refund").get("amount").asText()).isEqualTo("1230");
    assertThat(refund.get("value").get("refund").get("to").asText())
        .isEqualTo(lock.sender().toChecksumHex());
    assertThat(refund.get("value").get("source").get("verifyingContract").asText())
        .isEqualTo(BRIDGE_A.toChecksumHex());

    JsonNode release = of(lines, SIGNED).get(0).get("value");
    assertThat(release.get("payload").get("type").asText()).isEqualTo("Release");
    assertThat(release.get("payload").get("amount").asText()).isEqualTo("1234");
    assertThat(release.get("destination").get("verifyingContract").asText())
        .isEqualTo(BRIDGE_B.toChecksumHex());
    assertThat(release.get("signature").get("v").asInt()).isEqualTo(27);
    assertThat(release.get("signers").get("parties").toString()).isEqualTo("[1,3]");

    JsonNode status = of(lines, STATUS).get(0).get("value");
    assertThat(status.get("stage").asText()).isEqualTo("PUBLISHED");
    assertThat(status.get("depositId").asText()).isEqualTo(lock.depositId().value().toHex());
    assertThat(status.get("at").asText()).isEqualTo(AT.toString());
    assertThat(status.get("txHash").isNull()).isTrue();

    JsonNode lockLetter = of(lines, LOCKS_DLQ).get(0);
    assertThat(lockLetter.get("value").get("reason").asText()).isEqualTo("MALFORMED");
    assertThat(lockLetter.get("value").get("originalValue").asText()).isEqualTo("0xffffff");
    assertThat(lockLetter.get("originalError").asText()).startsWith("MALFORMED");
    JsonNode signedLetter = of(lines, SIGNED_DLQ).get(0);
    assertThat(signedLetter.get("value").get("detail").asText()).isEqualTo("bad signature");
    assertThat(signedLetter.get("original").get("payload").get("amount").asText())
        .isEqualTo("1234");

    // Read without a group: no consumer group appeared, so no offsets were committed anywhere.
    assertThat(groups()).isEqualTo(groupsBefore);
  }

  @Test
  void shouldStopAfterMaxAndPrettyPrintForHumans() throws Exception {
    Result r =
        run(
            "topics",
            "--bootstrap-servers",
            bootstrap,
            "--topic",
            LOCKS,
            "--from-beginning",
            "--max",
            "2",
            "--pretty");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> nodes = JSON.readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll();
    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(1).get("error")).isNotNull();
    assertThat(r.out().lines().count()).isGreaterThan(2);
  }

  @Test
  void shouldFollowNewRecordsOnly() throws Exception {
    // Its own topic: the records it writes must not show up in the other tests' dumps.
    String topic = "follow" + PREFIX + StatusEventCodec.TOPIC;
    StatusEvent published = StatusEvent.of(lock.depositId(), DepositStage.PUBLISHED, AT);
    StatusEventCodec codec = new StatusEventCodec();
    KafkaTopics.write(bootstrap, topic, codec.key(published), codec.encode(published));
    CompletableFuture<Result> following =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "topics",
                    "--bootstrap-servers",
                    bootstrap,
                    "--topic",
                    topic,
                    "--follow",
                    "--max",
                    "1"));
    StatusEvent released = StatusEvent.of(lock.depositId(), DepositStage.RELEASED, AT);
    // Written until the follower (which starts at the end) has seen one: it may still be starting.
    for (int i = 0; i < 60 && !following.isDone(); i++) {
      KafkaTopics.write(bootstrap, topic, codec.key(released), codec.encode(released));
      Thread.sleep(500);
    }
    Result r = following.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = r.lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("value").get("stage").asText()).isEqualTo("RELEASED");
    assertThat(lines.get(0).get("offset").asLong()).isPositive();
  }

  @Test
  void shouldStopFollowingOnASignalWithoutAStackTrace() throws Exception {
    String topic = "signal" + PREFIX + StatusEventCodec.TOPIC;
    StatusEvent published = StatusEvent.of(lock.depositId(), DepositStage.PUBLISHED, AT);
    StatusEventCodec codec = new StatusEventCodec();
    KafkaTopics.write(bootstrap, topic, codec.key(published), codec.encode(published));
    // destroy() closes the process's pipes: its stderr goes to a file to be read afterwards.
    Path stderr = Files.createTempFile("topics-follow", ".err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "topics",
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                topic,
                "--from-beginning",
                "--follow")
            .redirectError(stderr.toFile())
            .start();
    try {
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                      .readLine();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      JsonNode line = JSON.readTree(first.get(60, TimeUnit.SECONDS));
      assertThat(line.get("value").get("stage").asText()).isEqualTo("PUBLISHED");
      assertThat(p.isAlive()).as("still following").isTrue();
      p.destroy(); // SIGTERM; Ctrl-C's SIGINT runs the same shutdown hook
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(stderr);
      assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(p.exitValue()).as(err).isEqualTo(143);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }

  @Test
  void shouldRefuseAnUnknownTopicNameInOneLine() {
    Result r =
        run("topics", "--bootstrap-servers", bootstrap, "--topic", PREFIX + "bridge.nothing.v1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("unknown topic " + PREFIX + "bridge.nothing.v1")
        .contains("bridge.locks.v1");
  }

  @Test
  void shouldRefuseAMissingTopicAndABadMaxInOneLine() {
    Result missing =
        run(
            "topics",
            "--bootstrap-servers",
            bootstrap,
            "--topic",
            "nobody." + ObservedLockCodec.TOPIC);
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).contains("topic nobody.bridge.locks.v1 does not exist");
    Result max = run("topics", "--bootstrap-servers", bootstrap, "--max", "0");
    assertThat(max.code()).isEqualTo(2);
    assertThat(max.err().strip()).isEqualTo("tbridge topics: --max must be at least 1, got 0");
  }

  @Test
  void shouldRefuseAMistypedOptionOrAMissingBrokerInOneLine() {
    for (String[] args :
        List.of(
            new String[] {"topics", "--bootstrap-servers", bootstrap, "--form-beginning"},
            new String[] {"topics", "--topic", LOCKS},
            new String[] {"topics", "--bootstrap-servers", bootstrap, "--max", "many"})) {
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("tbridge: ").contains("(see --help)");
    }
  }

  @Test
  void shouldGiveUpOnAnUnreachableBrokerInOneLine() {
    String dead = "127.0.0.1:" + FreePorts.loopback();
    Result r = run("topics", "--bootstrap-servers", dead, "--timeout", "2s", "--from-beginning");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains("Kafka at " + dead + " did not answer within 2s");
  }

  private static Set<String> groups() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return Set.copyOf(
          admin.listConsumerGroups().all().get(20, TimeUnit.SECONDS).stream()
              .map(ConsumerGroupListing::groupId)
              .toList());
    }
  }
}
