package io.tbridge.relayer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import io.tbridge.core.Address;
import io.tbridge.core.finality.ChainProfiles;
import io.tbridge.relayer.submit.PrewarmSettings;
import io.tbridge.relayer.submit.SubmitSettings;
import io.tbridge.relayer.watch.WatchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayerConfigTest {

  private static RelayerConfig load(Path yaml) throws Exception {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new YamlConfigSource(yaml.toUri().toURL()))
            // Quarkus' own converter, so "30s" and "500ms" read as they do in the application.
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(RelayerConfig.class)
            .build();
    return config.getConfigMapping(RelayerConfig.class);
  }

  @Test
  void shippedDevnetConfigShouldMapToValidSettings() throws Exception {
    RelayerConfig c = load(Path.of("..", "config", "relayer", "devnet.yaml"));
    assertThat(c.instance()).isEqualTo("relayer-devnet-1");
    assertThat(Settings.kafka(c).locksTopic()).isEqualTo("bridge.locks.v1");
    assertThat(c.chains()).containsOnlyKeys("chain-a", "chain-b");
    RelayerConfig.Chain a = c.chains().get("chain-a");
    Address bridge = Settings.bridges(c).get("chain-a");
    WatchSettings w = Settings.watch("chain-a", a, bridge, a.watch().orElseThrow());
    assertThat(w.profile()).isEqualTo(ChainProfiles.ANVIL_DEVNET);
    assertThat(w.pollInterval()).isEqualTo(Duration.ofMillis(500));
    SubmitSettings s = Settings.submit("chain-a", a, bridge, a.submit().orElseThrow());
    assertThat(s.bumpPercent()).isEqualTo(15);
    assertThat(s.prewarm()).isEqualTo(PrewarmSettings.DEFAULT);
    assertThat(Settings.resilience(a.resilience()).maxAttempts()).isEqualTo(3);
  }

  @Test
  void unknownProfileShouldBeRefusedWithTheShippedNames() throws Exception {
    RelayerConfig c = load(Path.of("..", "config", "relayer", "devnet.yaml"));
    RelayerConfig.Watch bad =
        new RelayerConfig.Watch() {
          @Override
          public java.util.Optional<String> profile() {
            return java.util.Optional.of("ethereum-pow");
          }

          @Override
          public java.util.Optional<String> profileFile() {
            return java.util.Optional.empty();
          }

          @Override
          public long startBlock() {
            return 0;
          }

          @Override
          public int maxRange() {
            return 10;
          }

          @Override
          public java.util.Optional<Duration> pollInterval() {
            return java.util.Optional.empty();
          }

          @Override
          public java.util.OptionalLong rescanFromBlock() {
            return java.util.OptionalLong.empty();
          }
        };
    assertThatThrownBy(() -> Settings.watch("x", c.chains().get("chain-a"), Address.ZERO, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown profile 'ethereum-pow'")
        .hasMessageContaining("ethereum-pos");
  }

  @Test
  void bridgeWithAWrongChecksumShouldBeRefusedNamingTheChain(@TempDir Path dir) throws Exception {
    String yaml =
        Files.readString(Path.of("..", "config", "relayer", "devnet.yaml"))
            .replace(
                "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                "0x5FbDB2315678afecb367f032d93F642f64180aA3");
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    RelayerConfig c = load(file);
    assertThatThrownBy(() -> Settings.bridges(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chain chain-a: relayer.chains.chain-a.bridge: ")
        .hasMessageContaining("EIP-55 checksum is wrong");
    // The same address in lower case is accepted as unchecksummed.
    Files.writeString(
        file,
        yaml.replace(
            "0x5FbDB2315678afecb367f032d93F642f64180aA3",
            "0x5fbdb2315678afecb367f032d93f642f64180aa3"));
    RelayerConfig lower = load(file);
    assertThat(Settings.bridges(lower).get("chain-a").toChecksumHex())
        .isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  }

  @Test
  void prewarmKeysShouldMapAndAnOutOfRangeValueBeOneLineNamingTheKey(@TempDir Path dir)
      throws Exception {
    String yaml = Files.readString(Path.of("..", "config", "relayer", "devnet.yaml"));
    String key = "        sender-key-file: data/devnet/relayer-chain-a.key\n";
    Path file = dir.resolve("prewarm.yaml");
    Files.writeString(
        file,
        yaml.replace(
            key,
            key
                + "        prewarm-enabled: false\n"
                + "        prewarm-last-nonces: 255\n"
                + "        prewarm-words: 64\n"));
    RelayerConfig c = load(file);
    RelayerConfig.Chain a = c.chains().get("chain-a");
    Address bridge = Settings.bridges(c).get("chain-a");
    assertThat(Settings.submit("chain-a", a, bridge, a.submit().orElseThrow()).prewarm())
        .isEqualTo(new PrewarmSettings(false, 255, 64));

    Files.writeString(file, yaml.replace(key, key + "        prewarm-words: 65\n"));
    RelayerConfig.Chain bad = load(file).chains().get("chain-a");
    assertThatThrownBy(() -> Settings.submit("chain-a", bad, bridge, bad.submit().orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain chain-a: submit.prewarm-words must be in [1, 64], got 65");
  }
}
