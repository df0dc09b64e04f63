package io.tbridge.chain.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Kafka connection and topic names.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param clientId client id prefix (the relayer's instance name)
 * @param locksTopic topic of observed locks
 * @param signedTopic topic of signed releases
 * @param statusTopic topic of lifecycle events
 * @param requestsTopic topic of the submitter's requests to the signers (single releases)
 * @param refundsTopic topic of signed refunds of deposits voided on their destination
 * @param consumerGroup consumer group of the submitter
 * @param sendTimeout how long a publish waits for acknowledgements
 * @param extra additional client properties (security settings and the like)
 */
public record KafkaSettings(
    String bootstrapServers,
    String clientId,
    String locksTopic,
    String signedTopic,
    String statusTopic,
    String requestsTopic,
    String refundsTopic,
    String consumerGroup,
    Duration sendTimeout,
    Map<String, String> extra) {

  /** Validates and copies. */
  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(locksTopic, "locksTopic");
    Objects.requireNonNull(signedTopic, "signedTopic");
    Objects.requireNonNull(statusTopic, "statusTopic");
    Objects.requireNonNull(requestsTopic, "requestsTopic");
    Objects.requireNonNull(refundsTopic, "refundsTopic");
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka bootstrap servers must be set");
    }
    extra = Map.copyOf(extra);
  }
}
