package io.tbridge.relayer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.relayer.watch.ChainWatcher;
import io.tbridge.relayer.watch.FileCheckpointStore;
import io.tbridge.relayer.watch.PollOutcome;
import io.tbridge.relayer.watch.WatchSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPublisherTest {

  @TempDir Path dir;

  @Test
  void shouldPublishFinalLocksKeyedByDepositIdInTheWireFormat() {
    KafkaSettings settings = KafkaTopics.settings(SharedKafka.bootstrapServers());
    var pool = Executors.newFixedThreadPool(2);
    try (TestAnvil anvil = TestAnvil.start(31337);
        BridgeFixture src =
            BridgeFixture.deploy(anvil, Address.of("0x00000000000000000000000000000000000000aa"));
        KafkaPublisher publisher = new KafkaPublisher(settings, new SimpleMeterRegistry())) {
      Address dstToken = Address.of("0x00000000000000000000000000000000000000cc");
      src.route(31338, dstToken);
      Address recipient = Address.of("0x00000000000000000000000000000000000000bb");
      for (int i = 1; i <= 3; i++) {
        src.lock(BigInteger.valueOf(i * 1000L), recipient, 31338);
      }
      anvil.mine(2);
      ChainWatcher w =
          new ChainWatcher(
              new WatchSettings(
                  "src",
                  ChainId.of(31337),
                  src.bridge(),
                  ChainProfile.confirmations("d", 1, Duration.ofSeconds(1)),
                  0,
                  1000,
                  Duration.ofSeconds(1)),
              Chains.reader(31337, 1, pool, anvil.url()),
              new FileCheckpointStore(dir),
              publisher,
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      assertThat(w.pollOnce()).isEqualTo(PollOutcome.PROGRESSED);

      var records = KafkaTopics.read(SharedKafka.bootstrapServers(), settings.locksTopic(), 3);
      assertThat(records).hasSize(3);
      ObservedLockCodec codec = new ObservedLockCodec();
      for (var r : records) {
        LockEvent lock = codec.decode(r.value()).orElseThrow();
        assertThat(r.key()).isEqualTo(lock.depositId().value().bytes());
        assertThat(lock.sourceBridge()).isEqualTo(src.bridge());
        assertThat(lock.dstToken()).isEqualTo(dstToken);
      }
      assertThat(records)
          .extracting(r -> codec.decode(r.value()).orElseThrow().amount())
          .containsExactly(
              BigInteger.valueOf(1000), BigInteger.valueOf(2000), BigInteger.valueOf(3000));
      var statuses = KafkaTopics.read(SharedKafka.bootstrapServers(), settings.statusTopic(), 6);
      var events =
          statuses.stream()
              .map(r -> new StatusEventCodec().decode(r.value()).orElseThrow())
              .toList();
      assertThat(events).hasSize(6);
      // Per deposit (one partition per key): FINAL with the source lock transaction, then
      // PUBLISHED.
      for (var r : records) {
        LockEvent lock = codec.decode(r.value()).orElseThrow();
        var mine = events.stream().filter(e -> e.depositId().equals(lock.depositId())).toList();
        assertThat(mine)
            .extracting(e -> e.stage())
            .containsExactly(DepositStage.FINAL, DepositStage.PUBLISHED);
        assertThat(mine.get(0).txHash()).contains(lock.txHash());
        assertThat(mine.get(0).chainId()).contains(ChainId.of(31337));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldPutADeadLetterOnTheOriginalTopicsDlq() {
    KafkaSettings settings = KafkaTopics.settings(SharedKafka.bootstrapServers());
    try (KafkaPublisher publisher = new KafkaPublisher(settings, new SimpleMeterRegistry())) {
      var error =
          io.tbridge.core.wire.DecodeError.of(
              io.tbridge.core.wire.RejectReason.MALFORMED, "not protobuf");
      publisher.deadLetter(
          io.tbridge.core.wire.DeadLetter.of(
              settings.signedTopic(),
              new byte[] {1},
              new byte[] {2, 3},
              error,
              java.time.Instant.ofEpochMilli(1_700_000_000_000L)));
      var records =
          KafkaTopics.read(
              SharedKafka.bootstrapServers(), DeadLetterCodec.topicFor(settings.signedTopic()), 1);
      assertThat(records).hasSize(1);
      var letter = new DeadLetterCodec().decode(records.get(0).value()).orElseThrow();
      assertThat(letter.detail()).isEqualTo("not protobuf");
      assertThat(letter.originalValue().toByteArray()).containsExactly(2, 3);
    }
  }
}
