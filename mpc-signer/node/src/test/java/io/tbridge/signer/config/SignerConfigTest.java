package io.tbridge.signer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import io.tbridge.signer.runtime.NodeSettings;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.tss.channel.PartyIdentity;
import io.tbridge.tss.paillier.SecurityLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerConfigTest {
  private static final ExecutorService POOL = Executors.newCachedThreadPool();
  @TempDir Path dir;

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static SignerConfig load(Map<String, String> overrides) throws Exception {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(
                new YamlConfigSource(
                    Path.of("..", "..", "config", "signer", "devnet.yaml").toUri().toURL()))
            .withSources(new PropertiesConfigSource(overrides, "overrides", 500))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(SignerConfig.class)
            .build();
    return config.getConfigMapping(SignerConfig.class);
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

  @Test
  void theShippedDevnetConfigShouldMapToNodeSettings() throws Exception {
    SignerConfig c = load(Map.of());
    NodeSettings s = Settings.node(c, topology(), POOL);
    assertThat(s.party()).isEqualTo(1);
    assertThat(s.level()).isEqualTo(SecurityLevel.TEST);
    assertThat(s.chains())
        .extracting(v -> v.name())
        .containsExactlyInAnyOrder("chain-a", "chain-b");
    assertThat(s.tokens()).hasSize(1);
    assertThat(s.mpcTopic()).isEqualTo("bridge.mpc.v1");
    assertThat(s.timing().liveWindow()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badValuesShouldBeOneLineNamingTheKey() throws Exception {
    assertThatThrownBy(
            () ->
                Settings.node(
                    load(Map.of("signer.chains.chain-a.profile", "ethereum-pow")),
                    topology(),
                    POOL))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageContaining("signer.chains.chain-a.profile: unknown profile 'ethereum-pow'");
    assertThatThrownBy(
            () ->
                Settings.node(load(Map.of("signer.chains.chain-b.quorum", "2")), topology(), POOL))
        .hasMessageContaining("signer.chains.chain-b.quorum 2 does not fit 1 endpoint(s)");
    assertThatThrownBy(
            () ->
                Settings.node(
                    load(Map.of("signer.chains.chain-a.endpoints[0]", "127.0.0.1:8545")),
                    topology(),
                    POOL))
        .hasMessageContaining("signer.chains.chain-a.endpoints")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Settings.level(load(Map.of("signer.security-level", "medium"))))
        .hasMessageContaining("signer.security-level must be production or test");
  }

  @Test
  void theTestLevelShouldBeRefusedWithoutTheExplicitOptIn() throws Exception {
    assertThatThrownBy(
            () -> Settings.level(load(Map.of("signer.allow-test-security-level", "false"))))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageContaining("signer.security-level test")
        .hasMessageContaining("signer.allow-test-security-level")
        .hasMessageNotContaining("\n");
    assertThat(Settings.level(load(Map.of("signer.security-level", "production"))))
        .isSameAs(SecurityLevel.PRODUCTION);
  }

  @Test
  void thePassphraseFileShouldBeNamedWhenMissingOrEmpty() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(
            () -> Settings.passphrase(load(Map.of("signer.passphrase-file", missing.toString()))))
        .isInstanceOf(Settings.ConfigException.class)
        .hasMessageContaining("does not exist");
    Path empty = Files.writeString(dir.resolve("empty"), "");
    assertThatThrownBy(
            () -> Settings.passphrase(load(Map.of("signer.passphrase-file", empty.toString()))))
        .hasMessageContaining("is empty");
    Path ok = Files.writeString(dir.resolve("ok"), "a long enough passphrase\nignored\n");
    assertThat(
            new String(Settings.passphrase(load(Map.of("signer.passphrase-file", ok.toString())))))
        .isEqualTo("a long enough passphrase");
  }
}
