package io.tbridge.core.finality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChainProfileTest {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @Test
  void finalizedTagProfileShouldFollowTheTagOnly() {
    ChainProfile p = ChainProfile.finalizedTag("x", ONE_SECOND);
    assertThat(p.finalHead(ChainHead.of(100, 96))).hasValue(96);
    assertThat(p.isFinal(96, ChainHead.of(100, 96))).isTrue();
    assertThat(p.isFinal(97, ChainHead.of(100, 96))).isFalse();
  }

  @Test
  void finalizedTagProfileShouldTreatAMissingTagAsNothingFinal() {
    ChainProfile p = ChainProfile.finalizedTag("x", ONE_SECOND);
    assertThat(p.finalHead(ChainHead.latestOnly(1_000))).isEmpty();
    assertThat(p.isFinal(0, ChainHead.latestOnly(1_000))).isFalse();
  }

  @Test
  void shouldNeverTrustAFinalizedTagAboveLatest() {
    ChainProfile p = ChainProfile.finalizedTag("x", ONE_SECOND);
    assertThat(p.finalHead(ChainHead.of(10, 50))).hasValue(10);
  }

  @Test
  void confirmationProfileShouldNeedThatManyBlocksOnTop() {
    ChainProfile p = ChainProfile.confirmations("x", 12, ONE_SECOND);
    assertThat(p.finalHead(ChainHead.latestOnly(100))).hasValue(88);
    assertThat(p.isFinal(88, ChainHead.latestOnly(100))).isTrue();
    assertThat(p.isFinal(89, ChainHead.latestOnly(100))).isFalse();
    assertThat(p.finalHead(ChainHead.latestOnly(11))).isEmpty();
    // A node's finalized tag does not make a confirmation-only chain final sooner.
    assertThat(p.finalHead(ChainHead.of(100, 99))).hasValue(88);
  }

  @Test
  void bothProfileShouldTakeTheStricterSignal() {
    ChainProfile p = ChainProfile.both("x", 10, ONE_SECOND);
    assertThat(p.finalHead(ChainHead.of(100, 95))).hasValue(90);
    assertThat(p.finalHead(ChainHead.of(100, 80))).hasValue(80);
    assertThat(p.finalHead(ChainHead.latestOnly(100))).isEmpty();
  }

  @Test
  void shouldRejectDepthThatContradictsTheMode() {
    assertThatThrownBy(() -> ChainProfile.confirmations("x", 0, ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confirmations >= 1");
    assertThatThrownBy(() -> new ChainProfile("x", FinalityMode.FINALIZED_TAG, 5, ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ignores depth");
    assertThatThrownBy(() -> ChainProfile.finalizedTag("Bad Name", ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChainProfile.finalizedTag("x", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectUnknownKeysAndModes() {
    assertThatThrownBy(
            () ->
                ChainProfile.read(
                    new StringReader(
                        "name=x\nfinality=confirmations\nconfirmation=12\nblock-time-ms=1\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown chain profile key 'confirmation'");
    assertThatThrownBy(
            () -> ChainProfile.read(new StringReader("name=x\nfinality=soon\nblock-time-ms=1\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown finality mode 'soon'");
  }

  @Test
  void shouldRoundTripThroughProperties() {
    for (ChainProfile p : ChainProfiles.all()) {
      assertThat(ChainProfile.fromProperties(p.toProperties())).isEqualTo(p);
    }
  }

  @Test
  void shippedProfileFilesShouldMatchTheBuiltInProfiles() throws IOException {
    Path dir = Path.of("..", "config", "profiles");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
    }
    assertThat(files).hasSameSizeAs(ChainProfiles.all());
    for (Path f : files) {
      ChainProfile loaded = ChainProfile.load(f);
      assertThat(f.getFileName().toString()).isEqualTo(loaded.name() + ".properties");
      assertThat(ChainProfiles.byName(loaded.name())).hasValue(loaded);
    }
  }
}
