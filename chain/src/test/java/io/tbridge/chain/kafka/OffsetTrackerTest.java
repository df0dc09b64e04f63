package io.tbridge.chain.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  @Test
  void shouldCommitOnlyUpToTheOldestUnfinishedRecord() {
    OffsetTracker t = new OffsetTracker();
    assertThat(t.takeCommittable()).isEqualTo(-1);
    t.open(10);
    t.open(11);
    t.open(12);
    t.close(11);
    t.close(12);
    assertThat(t.committable()).isEqualTo(10);
    t.close(10);
    assertThat(t.takeCommittable()).isEqualTo(13);
    assertThat(t.takeCommittable()).as("nothing new to commit").isEqualTo(-1);
  }

  @Test
  void shouldRepeatACommitThatFailed() {
    OffsetTracker t = new OffsetTracker();
    t.open(0);
    t.close(0);
    assertThat(t.takeCommittable()).isEqualTo(1);
    t.resetCommitted();
    assertThat(t.takeCommittable()).isEqualTo(1);
  }

  @Test
  void producerAndConsumerConventionsShouldHoldWhateverExtrasSay() {
    KafkaSettings s =
        new KafkaSettings(
            "127.0.0.1:1",
            "node-1",
            "l",
            "s",
            "st",
            "rq",
            "rf",
            "g",
            java.time.Duration.ofSeconds(10),
            java.util.Map.of("acks", "0", "enable.auto.commit", "true"));
    assertThat(KafkaClients.producerConfig(s, "p")).containsEntry("acks", "all");
    assertThat(KafkaClients.consumerConfig(s, "c", "grp"))
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "grp")
        .containsEntry("client.id", "node-1-c");
  }
}
