package io.tbridge.signer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.channel.PartyIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  private static List<PartyIdentity> ids(int n) {
    List<PartyIdentity> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(PartyIdentity.generate(RANDOM));
    }
    return out;
  }

  private static Topology topology(int t, List<PartyIdentity> ids, String... operators) {
    List<PartyEntry> parties = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      parties.add(new PartyEntry(i + 1, operators[i], ids.get(i).publicIdentity()));
    }
    return new Topology("devnet-1", t, parties);
  }

  @Test
  void aValidTopologyShouldRoundTripAndListFingerprints() {
    List<PartyIdentity> ids = ids(3);
    Topology t = topology(2, ids, "acme", "globex", "initech");
    Path f = dir.resolve("topology.json");
    TopologyFile.save(t, f);
    Topology back = TopologyFile.load(f);
    assertThat(back.publicIdentities()).isEqualTo(t.publicIdentities());
    assertThat(back.committee().threshold()).isEqualTo(2);
    List<String> lines = TopologyCheck.validate(back, 2, ids.get(1));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .contains("operator=globex")
        .contains("(this node)")
        .matches(".*fingerprint=([0-9a-f]{4}:){7}[0-9a-f]{4}.*");
  }

  @Test
  void oneOperatorHoldingThresholdSharesShouldBeRefused() {
    List<PartyIdentity> ids = ids(3);
    assertThatThrownBy(
            () -> TopologyCheck.validate(topology(2, ids, "acme", "acme", "globex"), 1, ids.get(0)))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("operator acme holds 2 of 3 shares, threshold 2");
    List<PartyIdentity> five = ids(5);
    TopologyCheck.validate(topology(3, five, "a", "a", "b", "b", "c"), 1, five.get(0));
  }

  @Test
  void aMinorityThresholdShouldBeRefused() {
    List<PartyIdentity> ids = ids(4);
    assertThatThrownBy(
            () -> TopologyCheck.validate(topology(2, ids, "a", "b", "c", "d"), 1, ids.get(0)))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("below a majority (3)");
  }

  @Test
  void ownKeysThatDoNotMatchShouldBeRefused() {
    List<PartyIdentity> ids = ids(3);
    assertThatThrownBy(() -> TopologyCheck.validate(topology(2, ids, "a", "b", "c"), 1, ids.get(1)))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("do not match party 1");
    assertThatThrownBy(() -> TopologyCheck.validate(topology(2, ids, "a", "b", "c"), 9, ids.get(1)))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("party 9 is not in topology");
  }

  @Test
  void malformedFilesShouldNameTheField() throws Exception {
    Path f = dir.resolve("t.json");
    TopologyFile.save(topology(2, ids(3), "a", "b", "c"), f);
    String good = Files.readString(f);
    Files.writeString(f, good.replace("\"threshold\"", "\"treshold\""));
    assertThatThrownBy(() -> TopologyFile.load(f)).hasMessageContaining("unknown key 'treshold'");
    Files.writeString(f, good.replaceFirst("\"signingKey\" : \"0x..", "\"signingKey\" : \"0xzz"));
    assertThatThrownBy(() -> TopologyFile.load(f))
        .hasMessageContaining("party 1: signingKey must be 0x and 64 hex digits");
    Files.writeString(f, good.replace("\"index\" : 2", "\"index\" : 1"));
    assertThatThrownBy(() -> TopologyFile.load(f))
        .hasMessageContaining("party index 1 appears twice");
    assertThatThrownBy(() -> TopologyFile.load(dir.resolve("missing.json")))
        .hasMessageContaining("does not exist");
    Files.writeString(f, "{ not json");
    assertThatThrownBy(() -> TopologyFile.load(f))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("not valid JSON");
  }
}
