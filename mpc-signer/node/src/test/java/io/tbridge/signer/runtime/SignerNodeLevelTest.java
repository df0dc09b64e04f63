package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.signer.keys.KeyMaterial;
import io.tbridge.signer.keys.KeyShareStore;
import io.tbridge.signer.sign.BatchSettings;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.tss.channel.PartyIdentity;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node configured for one security level refuses key material made at another. */
class SignerNodeLevelTest {
  @TempDir Path dir;

  @Test
  void aProductionNodeShouldRefuseTestLevelKeyMaterialAtStart() throws Exception {
    SecureRandom random = new SecureRandom();
    List<PartyIdentity> identities = new ArrayList<>();
    List<PartyEntry> parties = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      PartyIdentity id = PartyIdentity.generate(random);
      identities.add(id);
      parties.add(new PartyEntry(p, "op-" + p, id.publicIdentity()));
    }
    Topology topology = new Topology("level-test", 2, parties);
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 5);
    KeyMaterial material = new KeyMaterial("level-test", keys.shares().get(1), keys.aux().get(1));
    KeyShareStore store =
        new KeyShareStore() {
          @Override
          public PartyIdentity identity() {
            return identities.get(0);
          }

          @Override
          public Optional<KeyMaterial> keyMaterial() {
            return Optional.of(material);
          }

          @Override
          public void storeKeyMaterial(KeyMaterial m) {
            throw new UnsupportedOperationException();
          }
        };
    NodeSettings settings =
        new NodeSettings(
            1,
            topology,
            dir.resolve("state.db"),
            SecurityLevel.PRODUCTION,
            new KafkaSettings(
                "127.0.0.1:1",
                "signer-1",
                "locks",
                "signed",
                "status",
                "requests",
                "refunds",
                "group",
                Duration.ofSeconds(1),
                Map.of()),
            "mpc",
            "signer",
            List.of(),
            Map.of(),
            Optional.empty(),
            new NodeSettings.Timing(
                Duration.ofSeconds(1),
                1,
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                1,
                BatchSettings.OFF,
                0,
                0));

    assertThatThrownBy(
            () ->
                SignerNode.start(
                    settings, store, new SimpleMeterRegistry(), Clock.systemUTC(), random))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("security level cggmp21-2048-test")
        .hasMessageContaining("configured for cggmp21-3072");
    // Refused before the state file is created or locked.
    org.assertj.core.api.Assertions.assertThat(Files.exists(dir.resolve("state.db"))).isFalse();
  }
}
