package io.tbridge.signer.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.ChainId;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchRulesTest {

  @Test
  void theProposerKeepsItsTurnForSpanWindowsThenRotatesOverEveryPartyAndDependsOnTheChain() {
    List<Integer> parties = List.of(3, 1, 2);
    int span = 4;
    Map<Integer, Integer> turns = new HashMap<>();
    for (long w = 1000; w < 1000 + 3 * span * 10; w++) {
      int p = BatchSigning.proposer(parties, ChainId.of(31338), w, span);
      turns.merge(p, 1, Integer::sum);
      int next = BatchSigning.proposer(parties, ChainId.of(31338), w + 1, span);
      if ((w + 1) % span == 0) {
        assertThat(next).as("a new turn, another party").isNotEqualTo(p);
      } else {
        assertThat(next).as("within a turn, the same party").isEqualTo(p);
      }
    }
    assertThat(turns)
        .containsOnlyKeys(1, 2, 3)
        .allSatisfy((p, n) -> assertThat(n).isEqualTo(10 * span));
    assertThat(BatchSigning.proposer(parties, ChainId.of(31338), 5, 1))
        .isNotEqualTo(BatchSigning.proposer(parties, ChainId.of(31337), 5, 1));
    assertThat(BatchSigning.proposer(parties, ChainId.of(31338), -1, span))
        .as("negative windows (clock before 1970) still map to a party")
        .isIn(1, 2, 3);
  }

  @Test
  void settingsRefuseWhatCannotWork() {
    assertThat(BatchSettings.OFF.enabled()).isFalse();
    assertThat(new BatchSettings(Duration.ofMillis(500), 64, Duration.ofSeconds(10)).enabled())
        .isTrue();
    assertThatThrownBy(() -> new BatchSettings(Duration.ofMillis(500), 65, Duration.ofSeconds(10)))
        .hasMessageContaining("max-size");
    assertThatThrownBy(() -> new BatchSettings(Duration.ofMillis(500), 0, Duration.ofSeconds(10)))
        .hasMessageContaining("max-size");
    assertThatThrownBy(() -> new BatchSettings(Duration.ofSeconds(1), 8, Duration.ofSeconds(1)))
        .hasMessageContaining("two windows");
    assertThatThrownBy(() -> new BatchSettings(Duration.ofMillis(-1), 8, Duration.ofSeconds(1)))
        .hasMessageContaining("negative");
    assertThatThrownBy(
            () -> new BatchSettings(Duration.ofMillis(500), 8, Duration.ofSeconds(10), 0))
        .hasMessageContaining("proposer-span");
    assertThat(new BatchSettings(Duration.ofMillis(500), 8, Duration.ofSeconds(10)).proposerSpan())
        .isEqualTo(BatchSettings.DEFAULT_PROPOSER_SPAN);
  }

  @Test
  void thePoolCoversEveryCounterpartyInCommitteesOfT() {
    List<List<Integer>> c = PresignPool.likelyCommittees(2, List.of(1, 2, 3, 4, 5), 3);
    Set<Integer> covered = new HashSet<>();
    for (List<Integer> committee : c) {
      assertThat(committee).hasSize(3).contains(2).isSorted();
      covered.addAll(committee);
    }
    assertThat(covered).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(PresignPool.likelyCommittees(1, List.of(1, 2, 3), 2))
        .containsExactly(List.of(1, 2), List.of(1, 3));
  }
}
