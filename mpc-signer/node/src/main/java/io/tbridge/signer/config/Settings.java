package io.tbridge.signer.config;

import io.tbridge.chain.deploy.DeployedBridges;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.finality.ChainProfiles;
import io.tbridge.signer.policy.TokenLimit;
import io.tbridge.signer.runtime.NodeSettings;
import io.tbridge.signer.sign.BatchSettings;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.tss.paillier.SecurityLevel;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Maps the typed configuration to the node's settings. Every problem is a {@link ConfigException}
 * whose message is one line naming the key and the cause.
 */
public final class Settings {

  private Settings() {}

  /** A configuration problem, named by its key. */
  public static final class ConfigException extends RuntimeException {
    /** A problem described by {@code message}. */
    public ConfigException(String message) {
      super(message);
    }
  }

  /**
   * The security level named by {@code signer.security-level}: the checked production level, or the
   * test level only with {@code signer.allow-test-security-level: true}.
   */
  public static SecurityLevel level(SignerConfig c) {
    return switch (c.securityLevel()) {
      case "production" -> SecurityLevel.production();
      case "test" -> {
        if (!c.allowTestSecurityLevel()) {
          throw new ConfigException(
              "signer.security-level test (2048-bit Paillier) is for devnets and tests only and"
                  + " is refused unless signer.allow-test-security-level is true");
        }
        yield SecurityLevel.TEST;
      }
      default ->
          throw new ConfigException(
              "signer.security-level must be production or test, not " + c.securityLevel());
    };
  }

  /** The passphrase: the first line of {@code signer.passphrase-file}. */
  public static char[] passphrase(SignerConfig c) {
    Path f = Path.of(c.passphraseFile());
    try {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new ConfigException("signer.passphrase-file " + f + " is empty");
      }
      return lines.get(0).toCharArray();
    } catch (NoSuchFileException e) {
      throw new ConfigException("signer.passphrase-file " + f + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(
          "signer.passphrase-file " + f + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * The node's settings; chain endpoints are wrapped per endpoint and read through {@code pool}.
   */
  public static NodeSettings node(SignerConfig c, Topology topology, ExecutorService pool) {
    SignerConfig.Kafka k = c.kafka();
    KafkaSettings kafka =
        new KafkaSettings(
            k.bootstrapServers(),
            "signer-" + c.party(),
            k.locksTopic(),
            k.signedTopic(),
            k.statusTopic(),
            k.requestsTopic(),
            k.refundsTopic(),
            k.consumerGroupPrefix() + "-" + c.party(),
            k.sendTimeout(),
            k.properties());
    DeployedBridges deployed;
    try {
      deployed = DeployedBridges.of("signer.deployment-file", c.deploymentFile());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    List<ChainView> chains = new ArrayList<>();
    c.chains()
        .forEach(
            (name, ch) -> chains.add(chain(name, ch, deployed, pool, c.signing().rpcStaleAfter())));
    Map<Address, TokenLimit> tokens = new HashMap<>();
    c.policy()
        .tokens()
        .forEach(
            (addr, limit) -> {
              try {
                tokens.put(
                    Address.of(addr),
                    new TokenLimit(
                        new BigInteger(limit.maxPerTransfer()), new BigInteger(limit.dailyCap())));
              } catch (IllegalArgumentException e) {
                throw new ConfigException("signer.policy.tokens." + addr + ": " + e.getMessage());
              }
            });
    SignerConfig.Signing s = c.signing();
    try {
      return new NodeSettings(
          c.party(),
          topology,
          Path.of(c.stateFile()),
          level(c),
          kafka,
          k.mpcTopic(),
          k.consumerGroupPrefix(),
          chains,
          tokens,
          c.policy().denylistFile().map(Path::of),
          new NodeSettings.Timing(
              s.roundDeadline(),
              s.maxAttempts(),
              s.deferRetry(),
              s.heartbeatInterval(),
              s.liveWindow(),
              s.computeThreads(),
              new BatchSettings(
                  s.batchWindow(), s.batchMaxSize(), s.batchSoloAfter(), s.batchProposerSpan()),
              s.poolDepth(),
              s.stockDepth()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("signer.signing: " + e.getMessage());
    }
  }

  private static ChainView chain(
      String name,
      SignerConfig.Chain ch,
      DeployedBridges deployed,
      ExecutorService pool,
      java.time.Duration staleAfter) {
    String key = "signer.chains." + name;
    Address bridge;
    try {
      bridge = deployed.bridge(key, name, ChainId.of(ch.chainId()), ch.bridge());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (ch.quorum() < 1 || ch.quorum() > ch.endpoints().size()) {
      throw new ConfigException(
          key
              + ".quorum "
              + ch.quorum()
              + " does not fit "
              + ch.endpoints().size()
              + " endpoint(s)");
    }
    ResilienceSettings rs =
        new ResilienceSettings(
            3, Duration.ofMillis(200), 50, 20, Duration.ofSeconds(30), 25, Duration.ofSeconds(5));
    List<EthRpc> endpoints = new ArrayList<>();
    for (String url : ch.endpoints()) {
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ".endpoints: not a URL");
      }
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new ConfigException(
            key + ".endpoints: " + u.getScheme() + "://… is not an http(s) URL with a host");
      }
      endpoints.add(
          new EthRpc(new ResilientJsonRpc(new HttpJsonRpc(u, ch.rpcTimeout()), name, rs)));
    }
    return new ChainView(
        name,
        ChainId.of(ch.chainId()),
        bridge,
        profile(key, ch),
        new QuorumReader(
            ChainId.of(ch.chainId()),
            endpoints,
            ch.quorum(),
            pool,
            new io.tbridge.chain.rpc.ChainHealth(name, java.time.Clock.systemUTC(), staleAfter)));
  }

  private static ChainProfile profile(String key, SignerConfig.Chain ch) {
    if (ch.profileFile().isPresent()) {
      return ChainProfile.load(Path.of(ch.profileFile().get()));
    }
    String name =
        ch.profile().orElseThrow(() -> new ConfigException(key + ": set profile or profile-file"));
    return ChainProfiles.byName(name)
        .orElseThrow(
            () ->
                new ConfigException(
                    key
                        + ".profile: unknown profile '"
                        + name
                        + "', shipped: "
                        + ChainProfiles.all().stream().map(ChainProfile::name).toList()));
  }
}
