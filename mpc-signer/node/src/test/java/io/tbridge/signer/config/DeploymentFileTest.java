package io.tbridge.signer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.core.Address;
import io.tbridge.signer.runtime.NodeSettings;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.tss.channel.PartyIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signer.deployment-file}: the chains' bridges from the output of ./tbridge deploy. */
class DeploymentFileTest {
  private static final ExecutorService POOL = Executors.newCachedThreadPool();

  /** The bridge both chains of the shipped devnet config name. */
  private static final String YAML_BRIDGE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  private static final String DEPLOYED_A = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";

  /** The token the shipped policy allows (its limits stay keyed by address). */
  private static final String POLICY_TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private NodeSettings node(boolean bridgeA, Path deploymentFile) throws Exception {
    String yaml = Files.readString(Path.of("..", "..", "config", "signer", "devnet.yaml"));
    if (!bridgeA) {
      yaml = yaml.replaceFirst("\n      bridge: \"" + YAML_BRIDGE + "\"", "");
    }
    if (deploymentFile != null) {
      yaml = yaml.replace("signer:\n", "signer:\n  deployment-file: " + deploymentFile + "\n");
    }
    Path file = dir.resolve("signer.yaml");
    Files.writeString(file, yaml);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new YamlConfigSource(file.toUri().toURL()))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(SignerConfig.class)
            .build();
    return Settings.node(config.getConfigMapping(SignerConfig.class), topology(), POOL);
  }

  private static Topology topology() {
    List<PartyEntry> parties = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      parties.add(
          new PartyEntry(
              p, "op-" + p, PartyIdentity.generate(new SecureRandom()).publicIdentity()));
    }
    return new Topology("devnet-1", 2, parties);
  }

  private Path deployment(boolean verified, ChainRecord... chains) {
    Path f = dir.resolve("deployment.json");
    new Deployment(Deployment.FORMAT, verified, YAML_BRIDGE, List.of(chains)).write(f);
    return f;
  }

  private static ChainRecord chain(String name, long chainId, String bridge) {
    return new ChainRecord(
        name, chainId, "http://127.0.0.1:8545", bridge, 7, Map.of("TT", POLICY_TOKEN));
  }

  private static Map<String, Address> bridges(NodeSettings s) {
    return s.chains().stream().collect(Collectors.toMap(ChainView::name, ChainView::bridge));
  }

  @Test
  void aChainWithoutBridgeShouldTakeTheDeployedOneAndTheSameAddressInAnyCaseShouldAgree()
      throws Exception {
    Path f =
        deployment(
            true,
            chain("chain-a", 31337, DEPLOYED_A),
            chain("chain-b", 31338, YAML_BRIDGE.toLowerCase(Locale.ROOT)));
    NodeSettings s = node(false, f);
    assertThat(bridges(s))
        .containsEntry("chain-a", Address.of(DEPLOYED_A))
        .containsEntry("chain-b", Address.of(YAML_BRIDGE));
    // The policy is untouched: still the YAML's limits by token address.
    assertThat(s.tokens()).containsOnlyKeys(Address.of(POLICY_TOKEN));
  }

  @Test
  void aYamlBridgeThatDiffersFromTheDeployedOneShouldBeRefusedNamingBoth() throws Exception {
    Path f = deployment(true, chain("chain-a", 31337, DEPLOYED_A));
    assertThatThrownBy(() -> node(true, f))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageStartingWith("chain chain-a: signer.chains.chain-a.bridge " + YAML_BRIDGE)
        .hasMessageContaining("differs from bridge " + DEPLOYED_A + " in " + f)
        .hasMessageNotContaining("\n");
  }

  @Test
  void aChainIdThatDiffersFromTheFileShouldBeRefusedNamingBoth() throws Exception {
    Path f = deployment(true, chain("chain-a", 1, DEPLOYED_A));
    assertThatThrownBy(() -> node(false, f))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessage(
            "chain chain-a: signer.chains.chain-a.chain-id is 31337 but "
                + f
                + " records chain id 1 for it");
  }

  @Test
  void aChainMissingFromTheFileWithoutYamlBridgeShouldBeRefused() throws Exception {
    Path f = deployment(true, chain("chain-b", 31338, YAML_BRIDGE));
    assertThatThrownBy(() -> node(false, f))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageStartingWith("chain chain-a: " + f + " records no chain named chain-a")
        .hasMessageEndingWith("signer.chains.chain-a.bridge is not set");
  }

  @Test
  void withoutDeploymentFileTheBridgeShouldStayRequired() throws Exception {
    assertThatThrownBy(() -> node(false, null))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessage(
            "chain chain-a: signer.chains.chain-a.bridge is required"
                + " (or set signer.deployment-file)");
  }

  @Test
  void anUnusableFileShouldBeOneLineNamingTheFile() throws Exception {
    Path f = dir.resolve("deployment.json");
    Files.writeString(f, "not json");
    assertThatThrownBy(() -> node(false, f))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageStartingWith(
            "signer.deployment-file " + f + " is not a tbridge-deployment/1 file: ")
        .hasMessageNotContaining("\n");
    Files.writeString(f, "{\"format\": \"tbridge-deployment/0\"}");
    assertThatThrownBy(() -> node(false, f))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageContaining("signer.deployment-file " + f)
        .hasMessageContaining("format is 'tbridge-deployment/0'");
  }
}
