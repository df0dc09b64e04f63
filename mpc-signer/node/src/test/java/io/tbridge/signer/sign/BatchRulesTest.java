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
  void theProposerRotatesOverEveryPartyWindowByWindowAndDependsOnTheChain() {
    List<Integer> parties = List.of(3, 1, 2);
    Map<Integer, Integer> turns = new HashMap<>();
    for (long w = 1000; w < 1030; w++) {
      int p = BatchSigning.proposer(parties, ChainId.of(31338), w);
      turns.merge(p, 1, Integer::sum);
      assertThat(BatchSigning.proposer(parties, ChainId.of(31338), w + 1)).isNotEqualTo(p);
    }
    assertThat(turns).containsOnlyKeys(1, 2, 3).allSatisfy((p, n) -> assertThat(n).isEqualTo(10));
    assertThat(BatchSigning.proposer(parties, ChainId.of(31338), 5))
        .isNotEqualTo(BatchSigning.proposer(parties, ChainId.of(31337), 5));
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
