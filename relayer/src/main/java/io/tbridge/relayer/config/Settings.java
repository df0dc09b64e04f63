package io.tbridge.relayer.config;

import io.tbridge.chain.deploy.DeployedBridges;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.finality.ChainProfiles;
import io.tbridge.relayer.submit.PrewarmSettings;
import io.tbridge.relayer.submit.SubmitSettings;
import io.tbridge.relayer.watch.WatchSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the typed configuration to the framework-free settings records of each component. */
public final class Settings {

  private Settings() {}

  /** Kafka settings. */
  public static KafkaSettings kafka(RelayerConfig c) {
    RelayerConfig.Kafka k = c.kafka();
    return new KafkaSettings(
        k.bootstrapServers(),
        c.instance(),
        k.locksTopic(),
        k.signedTopic(),
        k.statusTopic(),
        k.requestsTopic(),
        // Not read by the relayer: signed refunds are sent by whoever wants them paid.
        io.tbridge.core.wire.SignedRefundCodec.TOPIC,
        k.consumerGroup(),
        k.sendTimeout(),
        k.properties());
  }

  /** Resilience settings of a chain's endpoints. */
  public static ResilienceSettings resilience(RelayerConfig.Resilience r) {
    return new ResilienceSettings(
        r.maxAttempts(),
        r.retryWait(),
        r.failureRateThreshold(),
        r.slidingWindowSize(),
        r.openStateWait(),
        r.callsPerSecond(),
        r.rateLimitWait());
  }

  /** The finality profile of a watched chain: a custom file, else a shipped name. */
  public static ChainProfile profile(String chain, RelayerConfig.Watch w) {
    if (w.profileFile().isPresent()) {
      return ChainProfile.load(Path.of(w.profileFile().get()));
    }
    String name =
        w.profile()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "chain " + chain + ": set watch.profile or watch.profile-file"));
    return ChainProfiles.byName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "chain "
                        + chain
                        + ": unknown profile '"
                        + name
                        + "', shipped: "
                        + ChainProfiles.all().stream().map(ChainProfile::name).toList()));
  }

  /** Watcher settings of a chain. */
  public static WatchSettings watch(
      String chain, RelayerConfig.Chain c, Address bridge, RelayerConfig.Watch w) {
    ChainProfile profile = profile(chain, w);
    return new WatchSettings(
        chain,
        ChainId.of(c.chainId()),
        bridge,
        profile,
        w.startBlock(),
        w.maxRange(),
        w.pollInterval().orElse(profile.blockTime()));
  }

  /** Submitter settings of a chain. */
  public static SubmitSettings submit(
      String chain, RelayerConfig.Chain c, Address bridge, RelayerConfig.Submit s) {
    return new SubmitSettings(
        chain,
        ChainId.of(c.chainId()),
        bridge,
        new BigInteger(s.maxFeeCapWei()),
        new BigInteger(s.maxPriorityFeeWei()),
        new BigInteger(s.minPriorityFeeWei()),
        s.feeHistoryBlocks(),
        s.rewardPercentile(),
        s.gasLimitMarginPercent(),
        s.stuckAfter(),
        s.bumpPercent(),
        s.retryBase(),
        s.retryMax(),
        s.maxAttempts(),
        prewarm(chain, s));
  }

  private static PrewarmSettings prewarm(String chain, RelayerConfig.Submit s) {
    try {
      return new PrewarmSettings(s.prewarmEnabled(), s.prewarmLastNonces(), s.prewarmWords());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("chain " + chain + ": " + e.getMessage(), e);
    }
  }

  /**
   * The bridge of every configured chain by name, from its {@code bridge} or from {@code
   * relayer.deployment-file}, which is read once here so that every component sees the same
   * addresses. A mixed-case {@code bridge} must pass its EIP-55 checksum; any disagreement between
   * the two sources is one line.
   */
  public static Map<String, Address> bridges(RelayerConfig c) {
    DeployedBridges deployed = DeployedBridges.of("relayer.deployment-file", c.deploymentFile());
    Map<String, Address> bridges = new LinkedHashMap<>();
    c.chains()
        .forEach(
            (name, chain) ->
                bridges.put(
                    name,
                    deployed.bridge(
                        "relayer.chains." + name,
                        name,
                        ChainId.of(chain.chainId()),
                        chain.bridge())));
    return Map.copyOf(bridges);
  }
}
