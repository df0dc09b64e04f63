package io.tbridge.relayer.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.publish.KafkaPublisher;
import io.tbridge.relayer.support.GroupKey;
import io.tbridge.relayer.support.MemoryPendingStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignedReleaseConsumerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  @DisplayName("SECURITY 14: a Kafka redelivery of the same signed release is sent once")
  void shouldSurviveARedeliveryOfTheSameSignedReleaseWithoutSendingTwice() {
    String bootstrap = SharedKafka.bootstrapServers();
    KafkaSettings kafka = KafkaTopics.settings(bootstrap);
    GroupKey group = ReleaseSubmitterTest.GROUP;
    try (TestAnvil anvil = TestAnvil.start(ReleaseSubmitterTest.DST);
        BridgeFixture dst = BridgeFixture.deploy(anvil, group.address());
        KafkaPublisher publisher = new KafkaPublisher(kafka, new SimpleMeterRegistry())) {
      dst.trust(ReleaseSubmitterTest.SRC, ReleaseSubmitterTest.SRC_BRIDGE);
      dst.fundBridge(BigInteger.TEN.pow(20));
      Address relayer = ReleaseSubmitterTest.RELAYER.address();
      BridgeFixture.fund(anvil, relayer);
      Address alice = ReleaseSubmitterTest.ALICE;
      Release r =
          GroupKey.release(
              ReleaseSubmitterTest.SRC, ReleaseSubmitterTest.SRC_BRIDGE, 1, dst.token(), alice, 42);
      SignedRelease signed = group.sign(ReleaseSubmitterTest.DST, dst.bridge(), r);
      SignedReleaseCodec codec = new SignedReleaseCodec();
      byte[] key = codec.key(signed);
      byte[] value = codec.encode(signed);

      KafkaTopics.write(bootstrap, kafka.signedTopic(), key, value);
      KafkaTopics.write(bootstrap, kafka.signedTopic(), key, value); // redelivered by a producer
      KafkaTopics.write(
          bootstrap, kafka.signedTopic(), key, "not protobuf".getBytes(StandardCharsets.UTF_8));

      runUntilIdle(kafka, dst, publisher, 3);
      assertThat(dst.balanceOf(alice)).isEqualTo(BigInteger.valueOf(42));

      // A restarted relayer sees the same record again (a producer retry after our commit).
      KafkaTopics.write(bootstrap, kafka.signedTopic(), key, value);
      runUntilIdle(kafka, dst, publisher, 1);
      assertThat(dst.balanceOf(alice)).isEqualTo(BigInteger.valueOf(42));
      long sent =
          Chains.eth(anvil.url()).transactionCount(relayer, BlockRef.LATEST).longValueExact();
      assertThat(sent).isEqualTo(1);

      var dlq = KafkaTopics.read(bootstrap, DeadLetterCodec.topicFor(kafka.signedTopic()), 1);
      assertThat(dlq).hasSize(1);
      var letter = new DeadLetterCodec().decode(dlq.get(0).value()).orElseThrow();
      assertThat(letter.reason()).isEqualTo(RejectReason.MALFORMED);
    }
  }

  private void runUntilIdle(
      KafkaSettings kafka, BridgeFixture dst, KafkaPublisher publisher, int records) {
    ReleaseSubmitter submitter =
        new ReleaseSubmitter(
            ReleaseSubmitterTest.settings(dst.bridge()),
            Chains.eth(dst.anvil().url()),
            Chains.reader(ReleaseSubmitterTest.DST, 1, dst.anvil().url()),
            new MemoryPendingStore(),
            ReleaseSubmitterTest.RELAYER,
            new KafkaSubmitListener(publisher, kafka.signedTopic(), clock),
            new SimpleMeterRegistry(),
            clock);
    try (SignedReleaseConsumer consumer =
        new SignedReleaseConsumer(
            kafka, Map.of(ChainId.of(ReleaseSubmitterTest.DST), submitter), publisher, clock)) {
      // Poll until the consumer got its partitions, read everything, and finished every job.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int idlePolls = 0;
      while (System.nanoTime() < deadline && idlePolls < 5) {
        consumer.pollOnce(Duration.ofMillis(300));
        idlePolls = consumer.unfinished() == 0 && records-- <= 0 ? idlePolls + 1 : 0;
      }
    }
  }
}
