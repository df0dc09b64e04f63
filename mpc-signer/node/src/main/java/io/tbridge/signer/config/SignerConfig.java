package io.tbridge.signer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The signer node's configuration, prefix {@code signer}. See docs/operations.md for examples. */
@ConfigMapping(prefix = "signer")
public interface SignerConfig {

  /** This node's party index in the topology (1-based). */
  int party();

  /** The key this node holds a share of (the topology's {@code keyId}). */
  String keyId();

  /** The topology file: every party's index, operator and public identity keys. */
  String topologyFile();

  /** Directory of this party's encrypted key store (identity, key share, aux info). */
  String keyStoreDir();

  /**
   * File holding the key store passphrase (its first line). Prefer a tmpfs or a secret mount; never
   * put the passphrase itself in this configuration.
   */
  String passphraseFile();

  /** The SQLite file of durable signer state (agreements, consumed presignatures, parking). */
  @WithDefault("data/signer/state.db")
  String stateFile();

  /** {@code production} (3072-bit Paillier) or {@code test} (2048-bit; tests and devnet only). */
  @WithDefault("production")
  String securityLevel();

  /**
   * Must be {@code true} for {@code security-level: test} to be accepted (devnet and tests only);
   * otherwise the node refuses to start with the test level.
   */
  @WithDefault("false")
  boolean allowTestSecurityLevel();

  /**
   * Run the dealer-less key ceremony with the other parties on start when this key store holds no
   * key share yet (devnet first start); otherwise a missing share stops the node.
   */
  @WithDefault("false")
  boolean keygenOnFirstStart();

  /** How long a ceremony waits for every party of the topology to come up. */
  @WithDefault("10m")
  Duration ceremonyWait();

  /** Kafka connection and topics. */
  Kafka kafka();

  /**
   * The output of {@code ./tbridge deploy --out}: a chain whose {@code bridge} is not set takes the
   * bridge recorded there under its name; one that sets it must agree with the file.
   */
  Optional<String> deploymentFile();

  /** Chains by name: this node's own endpoints for each, and the bridge deployed there. */
  Map<String, Chain> chains();

  /** The node's own signing limits, independent of the contract's. */
  Policy policy();

  /** Session coordination: deadlines, attempts, liveness. */
  Signing signing();

  /** Kafka settings. */
  interface Kafka {

    /** Kafka {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /** Topic of observed final locks (input; a hint only). */
    @WithDefault("bridge.locks.v1")
    String locksTopic();

    /** Topic of sealed protocol messages between the signer nodes. */
    @WithDefault("bridge.mpc.v1")
    String mpcTopic();

    /** Topic of signed releases (output). */
    @WithDefault("bridge.signed.v1")
    String signedTopic();

    /** Topic of deposit lifecycle events. */
    @WithDefault("bridge.status.v1")
    String statusTopic();

    /**
     * Topic of the submitter's requests to the signers (input: the submitter asks for single
     * releases of a batch that cannot be paid whole).
     */
    @WithDefault("bridge.requests.v1")
    String requestsTopic();

    /** Topic of the group's signed refunds of deposits voided on their destination chain. */
    @WithDefault("bridge.refunds.v1")
    String refundsTopic();

    /** Prefix of this node's consumer groups; the party index is appended (never shared). */
    @WithDefault("tbridge-signer")
    String consumerGroupPrefix();

    /** How long a publication waits for acknowledgement by all in-sync replicas. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Extra Kafka client properties (TLS, SASL, ...), passed through verbatim. */
    Map<String, String> properties();
  }

  /** One chain as this node sees it. */
  interface Chain {

    /** EIP-155 chain id; every endpoint must report it. */
    long chainId();

    /**
     * The Bridge contract on this chain (the source bridge of its locks, the destination of
     * releases to it); required unless {@code signer.deployment-file} records the chain under this
     * name.
     */
    Optional<String> bridge();

    /** This node's own JSON-RPC endpoints (independent providers; never the relayer's). */
    List<String> endpoints();

    /** Endpoints that must answer identically; any disagreement halts verification. */
    @WithDefault("1")
    int quorum();

    /** Timeout of one JSON-RPC call. */
    @WithDefault("10s")
    Duration rpcTimeout();

    /**
     * A shipped finality profile: ethereum-pos, bsc, polygon-pos, op-stack, arbitrum, anvil-devnet.
     */
    Optional<String> profile();

    /** A custom finality profile file (properties); overrides {@code profile}. */
    Optional<String> profileFile();
  }

  /** Signing limits. */
  interface Policy {

    /** Limits per destination token address (only these tokens are signed: an allowlist). */
    Map<String, TokenLimit> tokens();

    /** File of denied sender/recipient addresses, one per line; reloaded when it changes. */
    Optional<String> denylistFile();
  }

  /** Limits of one token, in its destination units. */
  interface TokenLimit {

    /** Largest single release this node signs. */
    String maxPerTransfer();

    /** Most this node signs within any rolling 24 hours. */
    String dailyCap();
  }

  /** Coordination settings. */
  interface Signing {

    /** Longest wait for one protocol round before the attempt is abandoned. */
    @WithDefault("15s")
    Duration roundDeadline();

    /** Attempts per deposit before it is parked for an operator. */
    @WithDefault("5")
    int maxAttempts();

    /** Pause before a deferred lock (not yet final on this node's view) is checked again. */
    @WithDefault("2s")
    Duration deferRetry();

    /** Interval of this node's heartbeats. */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /** A party counts as live when heard from within this window. */
    @WithDefault("5s")
    Duration liveWindow();

    /** Threads that compute protocol rounds (at most the cores the node may use). */
    @WithDefault("2")
    int computeThreads();

    /** Length of one batch proposer window per destination chain; 0s signs every deposit alone. */
    @WithDefault("500ms")
    Duration batchWindow();

    /** Most deposits in one batch (1 to 64). */
    @WithDefault("64")
    int batchMaxSize();

    /** How long a verified deposit waits for a batch before it is signed alone. */
    @WithDefault("10s")
    Duration batchSoloAfter();

    /**
     * Consecutive batch windows one party proposes for a destination chain (1 to 1000): longer
     * turns cross less often, a dead proposer costs up to one turn.
     */
    @WithDefault("8")
    int batchProposerSpan();

    /** Presignatures whose proof randomness is kept ready per other party; 0 turns the pool off. */
    @WithDefault("2")
    int poolDepth();

    /**
     * Joint presignatures kept ready per committee this node belongs to (in memory only; lost at a
     * restart); 0 makes every presignature on demand. Set the same value on every node.
     */
    @WithDefault("2")
    int stockDepth();

    /** Readiness goes down for a chain whose own endpoint quorum has not answered for this long. */
    @WithDefault("30s")
    Duration rpcStaleAfter();
  }
}
