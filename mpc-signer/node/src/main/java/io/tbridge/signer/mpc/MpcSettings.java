package io.tbridge.signer.mpc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The protocol transport's settings.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param topic the protocol topic ({@code bridge.mpc.v1})
 * @param clientId client id prefix (this node's name)
 * @param sendTimeout how long a send may wait for the broker
 * @param bufferPerSession messages kept for a session not yet open here
 * @param bufferTotal messages kept for all such sessions together
 * @param bufferTtl how long such messages are kept
 * @param extra extra Kafka client properties (TLS, SASL)
 */
public record MpcSettings(
    String bootstrapServers,
    String topic,
    String clientId,
    Duration sendTimeout,
    int bufferPerSession,
    int bufferTotal,
    Duration bufferTtl,
    Map<String, String> extra) {

  /** Validating constructor. */
  public MpcSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    Objects.requireNonNull(bufferTtl, "bufferTtl");
    if (bufferPerSession < 1 || bufferTotal < bufferPerSession) {
      throw new IllegalArgumentException("buffer limits must be positive, total ≥ per session");
    }
    extra = Map.copyOf(extra);
  }

  /** Defaults for a topic: 256 buffered messages per session, 16384 in all, kept 2 minutes. */
  public static MpcSettings of(
      String bootstrapServers, String topic, String clientId, Map<String, String> extra) {
    return new MpcSettings(
        bootstrapServers,
        topic,
        clientId,
        Duration.ofSeconds(30),
        256,
        16_384,
        Duration.ofMinutes(2),
        extra);
  }
}
