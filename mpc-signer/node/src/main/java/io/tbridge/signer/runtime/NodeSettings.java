package io.tbridge.signer.runtime;

import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.Address;
import io.tbridge.signer.policy.TokenLimit;
import io.tbridge.signer.sign.BatchSettings;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.tss.paillier.SecurityLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a signer node is built from, already parsed and checked (the Quarkus runtime maps its
 * configuration to this; tests build it directly).
 *
 * @param party this node's index
 * @param topology the key's parties
 * @param statePath the SQLite state file
 * @param level the Paillier security level of the key
 * @param kafka Kafka connection and topics (locks, signed, status)
 * @param mpcTopic the protocol topic
 * @param groupPrefix prefix of this node's consumer groups
 * @param chains this node's view of every chain
 * @param tokens policy: allowed destination tokens and their limits
 * @param denylist policy: the denylist file, if any
 * @param timing deadlines and intervals
 */
public record NodeSettings(
    int party,
    Topology topology,
    Path statePath,
    SecurityLevel level,
    KafkaSettings kafka,
    String mpcTopic,
    String groupPrefix,
    List<ChainView> chains,
    Map<Address, TokenLimit> tokens,
    Optional<Path> denylist,
    Timing timing) {

  /** Validating constructor. */
  public NodeSettings {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(statePath, "statePath");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(mpcTopic, "mpcTopic");
    Objects.requireNonNull(groupPrefix, "groupPrefix");
    chains = List.copyOf(chains);
    tokens = Map.copyOf(tokens);
    Objects.requireNonNull(denylist, "denylist");
    Objects.requireNonNull(timing, "timing");
  }

  /**
   * Deadlines and intervals.
   *
   * @param roundDeadline longest wait for one protocol round
   * @param maxAttempts attempts per deposit before parking
   * @param deferRetry pause before a deferred hint is checked again
   * @param heartbeat interval of heartbeats
   * @param liveWindow a party is live when heard within this window
   * @param computeThreads threads computing protocol rounds
   * @param batching how deposits are batched per destination chain
   * @param poolDepth presignatures' randomness kept ready per counterparty (0: no pool)
   * @param stockDepth joint presignatures kept ready per committee (0: none, all on demand)
   */
  public record Timing(
      Duration roundDeadline,
      int maxAttempts,
      Duration deferRetry,
      Duration heartbeat,
      Duration liveWindow,
      int computeThreads,
      BatchSettings batching,
      int poolDepth,
      int stockDepth) {
    /** Validating constructor. */
    public Timing {
      Objects.requireNonNull(roundDeadline, "roundDeadline");
      Objects.requireNonNull(deferRetry, "deferRetry");
      Objects.requireNonNull(heartbeat, "heartbeat");
      Objects.requireNonNull(liveWindow, "liveWindow");
      Objects.requireNonNull(batching, "batching");
      if (poolDepth < 0 || stockDepth < 0 || stockDepth > 64) {
        throw new IllegalArgumentException(
            "pool depth must not be negative; stock depth must be 0 to 64");
      }
      if (maxAttempts < 1 || computeThreads < 1) {
        throw new IllegalArgumentException("maxAttempts and computeThreads must be positive");
      }
      if (liveWindow.compareTo(heartbeat.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("the live window must span at least two heartbeats");
      }
    }
  }
}
