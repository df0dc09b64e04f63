package io.tbridge.relayer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.core.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relayer.deployment-file}: the chains' bridges from the output of ./tbridge deploy. */
class DeploymentFileTest {

  /** The bridge both chains of the shipped devnet config name. */
  private static final String YAML_BRIDGE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  private static final String DEPLOYED_A = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

  @TempDir Path dir;

  /** The shipped devnet config, chain-a's bridge left out when asked, with these extra lines. */
  private RelayerConfig load(boolean bridgeA, Path deploymentFile) throws Exception {
    String yaml = Files.readString(Path.of("..", "config", "relayer", "devnet.yaml"));
    if (!bridgeA) {
      yaml = yaml.replaceFirst("\n      bridge: \"" + YAML_BRIDGE + "\"", "");
    }
    if (deploymentFile != null) {
      yaml = yaml.replace("relayer:\n", "relayer:\n  deployment-file: " + deploymentFile + "\n");
    }
    Path file = dir.resolve("relayer.yaml");
    Files.writeString(file, yaml);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new YamlConfigSource(file.toUri().toURL()))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(RelayerConfig.class)
            .build();
    return config.getConfigMapping(RelayerConfig.class);
  }

  private Path deployment(boolean verified, ChainRecord... chains) {
    Path f = dir.resolve("deployment.json");
    new Deployment(Deployment.FORMAT, verified, YAML_BRIDGE, List.of(chains)).write(f);
    return f;
  }

  private static ChainRecord chain(String name, long chainId, String bridge) {
    return new ChainRecord(name, chainId, "http://127.0.0.1:8545", bridge, 7, Map.of());
  }

  @Test
  void aChainWithoutBridgeShouldTakeTheDeployedOneAndTheSameAddressInAnyCaseShouldAgree()
      throws Exception {
    Path f =
        deployment(
            true,
            chain("chain-a", 31337, DEPLOYED_A),
            chain("chain-b", 31338, YAML_BRIDGE.toLowerCase(java.util.Locale.ROOT)));
    RelayerConfig c = load(false, f);
    Map<String, Address> bridges = Settings.bridges(c);
    assertThat(bridges.get("chain-a")).isEqualTo(Address.of(DEPLOYED_A));
    assertThat(bridges.get("chain-b")).isEqualTo(Address.of(YAML_BRIDGE));
    RelayerConfig.Chain a = c.chains().get("chain-a");
    assertThat(
            Settings.watch("chain-a", a, bridges.get("chain-a"), a.watch().orElseThrow()).bridge())
        .isEqualTo(Address.of(DEPLOYED_A));
  }

  @Test
  void aYamlBridgeThatDiffersFromTheDeployedOneShouldBeRefusedNamingBoth() throws Exception {
    Path f = deployment(true, chain("chain-a", 31337, DEPLOYED_A));
    assertThatThrownBy(() -> Settings.bridges(load(true, f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chain chain-a: relayer.chains.chain-a.bridge " + YAML_BRIDGE)
        .hasMessageContaining(DEPLOYED_A)
        .hasMessageContaining(f.toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void aChainIdThatDiffersFromTheFileShouldBeRefusedNamingBoth() throws Exception {
    Path f = deployment(true, chain("chain-a", 31339, DEPLOYED_A));
    assertThatThrownBy(() -> Settings.bridges(load(false, f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chain chain-a: relayer.chains.chain-a.chain-id is 31337")
        .hasMessageContaining("records chain id 31339")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aChainMissingFromTheFileWithoutYamlBridgeShouldBeRefused() throws Exception {
    Path f = deployment(true, chain("chain-b", 31338, YAML_BRIDGE));
    assertThatThrownBy(() -> Settings.bridges(load(false, f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chain chain-a: "
                + f
                + " records no chain named chain-a (it records [chain-b]) and"
                + " relayer.chains.chain-a.bridge is not set");
    // A chain the file does not know keeps its YAML bridge.
    assertThat(Settings.bridges(load(true, f)).get("chain-a")).isEqualTo(Address.of(YAML_BRIDGE));
  }

  @Test
  void withoutDeploymentFileTheBridgeShouldStayRequired() throws Exception {
    assertThatThrownBy(() -> Settings.bridges(load(false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chain chain-a: relayer.chains.chain-a.bridge is required"
                + " (or set relayer.deployment-file)");
  }

  @Test
  void anUnusableFileShouldBeOneLineNamingTheFile() throws Exception {
    Path f = dir.resolve("deployment.json");
    Files.writeString(f, "{\"format\": \"tbridge-deployment/1\", \"chains\": [");
    assertUnusable(f, "relayer.deployment-file " + f + " is not a tbridge-deployment/1 file: ");
    Files.writeString(f, "{\"format\": \"tbridge-deployment/2\", \"chains\": []}");
    assertUnusable(f, "format is 'tbridge-deployment/2', expected tbridge-deployment/1");
    Files.writeString(
        f,
        Files.readString(deployment(true, chain("chain-a", 31337, DEPLOYED_A)))
            .replace(DEPLOYED_A, DEPLOYED_A.replace('E', 'e')));
    assertUnusable(f, "chain chain-a: bridge: address");
    deployment(false, chain("chain-a", 31337, DEPLOYED_A));
    assertUnusable(f, "did not finish (verified is false)");
    Path missing = dir.resolve("nope.json");
    assertUnusable(missing, "relayer.deployment-file " + missing + " does not exist");
  }

  private void assertUnusable(Path f, String expected) throws Exception {
    RelayerConfig c = load(false, f);
    assertThatThrownBy(() -> Settings.bridges(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relayer.deployment-file " + f)
        .hasMessageContaining(expected)
        .hasMessageNotContaining("\n");
  }
}
