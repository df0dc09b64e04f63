package io.tbridge.relayer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The relayer's configuration, prefix {@code relayer}. See docs/operations.md for examples. */
@ConfigMapping(prefix = "relayer")
public interface RelayerConfig {

  /** Name of this relayer instance; prefixes Kafka client ids and appears in logs. */
  @WithDefault("relayer")
  String instance();

  /** Directory for durable checkpoints, halt markers and pending release transactions. */
  @WithDefault("data/checkpoints")
  String checkpointDir();

  /** Whether this instance watches source chains and publishes locks. */
  @WithDefault("true")
  boolean watch();

  /** Whether this instance consumes signed releases and submits them. */
  @WithDefault("true")
  boolean submit();

  /** Readiness turns DOWN when a watched chain lags its newest block by more than this. */
  @WithDefault("1000")
  long maxLagBlocks();

  /** Readiness and liveness thresholds. */
  Health health();

  /** Kafka connection and topics. */
  Kafka kafka();

  /**
   * The output of {@code ./tbridge deploy --out}: a chain whose {@code bridge} is not set takes the
   * bridge recorded there under its name; one that sets it must agree with the file.
   */
  Optional<String> deploymentFile();

  /** Chains by name (used in logs and metrics); each may be watched, submitted to, or both. */
  Map<String, Chain> chains();

  /** Health thresholds. */
  interface Health {

    /**
     * Readiness turns DOWN for a watched chain whose endpoint quorum has not answered this long.
     */
    @WithDefault("30s")
    Duration rpcStaleAfter();

    /**
     * Liveness turns DOWN when one poll of a worker (watcher or submitter) runs longer than this.
     */
    @WithDefault("5m")
    Duration pollDeadline();
  }

  /** Kafka settings. */
  interface Kafka {

    /** Kafka {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /** Topic of observed final locks. */
    @WithDefault("bridge.locks.v1")
    String locksTopic();

    /** Topic of signed releases (single or batch). */
    @WithDefault("bridge.signed.v1")
    String signedTopic();

    /** Topic of deposit lifecycle events. */
    @WithDefault("bridge.status.v1")
    String statusTopic();

    /**
     * Topic of the submitter's requests to the signers (output: the submitter asks the signers for
     * single releases of a batch that cannot be paid whole).
     */
    @WithDefault("bridge.requests.v1")
    String requestsTopic();

    /** Consumer group of the submitters (all replicas share it). */
    @WithDefault("tbridge-relayer-submitter")
    String consumerGroup();

    /** How long a publication waits for acknowledgement by all in-sync replicas. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Extra Kafka client properties (TLS, SASL, ...), passed through verbatim. */
    Map<String, String> properties();
  }

  /** One chain. */
  interface Chain {

    /** EIP-155 chain id; every endpoint must report it or it is never used. */
    long chainId();

    /**
     * The Bridge contract on this chain; required unless {@code relayer.deployment-file} records
     * the chain under this name.
     */
    Optional<String> bridge();

    /** JSON-RPC endpoints (http or https); independent providers are best. */
    List<String> endpoints();

    /** Endpoints that must answer identically (logs, headers, isReleased before a skip). */
    @WithDefault("1")
    int quorum();

    /** Timeout of one JSON-RPC call. */
    @WithDefault("10s")
    Duration rpcTimeout();

    /** Resilience4j settings applied to each endpoint. */
    Resilience resilience();

    /** Watcher settings; absent = this chain is not watched. */
    Optional<Watch> watch();

    /** Submitter settings; absent = releases are not submitted to this chain. */
    Optional<Submit> submit();
  }

  /** Resilience4j per endpoint. */
  interface Resilience {

    /** Calls per request including the first; only retriable errors are retried. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry; doubles per attempt. */
    @WithDefault("200ms")
    Duration retryWait();

    /** Failure percentage that opens the endpoint's circuit breaker. */
    @WithDefault("50")
    float failureRateThreshold();

    /** Calls the circuit breaker looks at. */
    @WithDefault("20")
    int slidingWindowSize();

    /** How long an open breaker refuses calls before probing. */
    @WithDefault("30s")
    Duration openStateWait();

    /** Calls per second allowed to the endpoint. */
    @WithDefault("25")
    int callsPerSecond();

    /** How long a call may wait for a rate-limit permit. */
    @WithDefault("5s")
    Duration rateLimitWait();
  }

  /** Watching a source chain. */
  interface Watch {

    /**
     * A shipped chain profile: ethereum-pos, bsc, polygon-pos, op-stack, arbitrum, anvil-devnet.
     */
    Optional<String> profile();

    /** A custom chain profile file (properties); overrides {@code profile}. */
    Optional<String> profileFile();

    /** First block to scan when there is no checkpoint (the bridge's deployment block). */
    @WithDefault("0")
    long startBlock();

    /** Most blocks per eth_getLogs call; refused ranges are split automatically. */
    @WithDefault("2000")
    int maxRange();

    /** Pause between polls once caught up; defaults to the profile's block time. */
    Optional<Duration> pollInterval();

    /**
     * Rescan from this block once: resets the checkpoint and rebinds it to the configured bridge
     * and profile (applied once per value; see operations.md "Checkpoint binding and rescan").
     */
    OptionalLong rescanFromBlock();
  }

  /** Submitting releases to a destination chain. */
  interface Submit {

    /** File holding the hex private key of the account that pays for release transactions. */
    String senderKeyFile();

    /** Highest max fee per gas ever offered, in wei. */
    @WithDefault("200000000000")
    String maxFeeCapWei();

    /** Highest priority fee per gas, in wei. */
    @WithDefault("5000000000")
    String maxPriorityFeeWei();

    /** Lowest priority fee per gas, in wei. */
    @WithDefault("1000000")
    String minPriorityFeeWei();

    /** Blocks of eth_feeHistory to look at. */
    @WithDefault("10")
    int feeHistoryBlocks();

    /** Reward percentile of eth_feeHistory used for the tip. */
    @WithDefault("50")
    double rewardPercentile();

    /** Percent added to the gas estimate. */
    @WithDefault("25")
    int gasLimitMarginPercent();

    /** Time without a receipt before a transaction is replaced with higher fees. */
    @WithDefault("60s")
    Duration stuckAfter();

    /** Minimum raise of both fees per replacement, percent (nodes require at least 10). */
    @WithDefault("15")
    int bumpPercent();

    /** First backoff of a release that reverted for a reason that may pass (pause, caps). */
    @WithDefault("30s")
    Duration retryBase();

    /** Longest backoff. */
    @WithDefault("15m")
    Duration retryMax();

    /** Attempts of a release with an unknown revert reason before it is dead-lettered. */
    @WithDefault("10")
    int maxAttempts();

    /** Prewarm replay-bitmap words ahead of releases (Bridge prewarmReplayWords), off the path. */
    @WithDefault("true")
    boolean prewarmEnabled();

    /** A release within this many nonces of its bitmap word's end (255 each) triggers it. */
    @WithDefault("32")
    int prewarmLastNonces();

    /** Bitmap words (255 nonces each) prewarmed ahead per trigger, 1 to 64. */
    @WithDefault("1")
    int prewarmWords();
  }
}
