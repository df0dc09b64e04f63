package io.tbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseBatchTest {

  @Test
  void shouldBuildBatchFromLocksInOrder() {
    ReleaseBatch batch = ReleaseBatch.fromLocks(List.of(Samples.lock(2), Samples.lock(1)));

    assertThat(batch.dstChainId()).isEqualTo(ChainId.of(31338));
    assertThat(batch.depositIds())
        .containsExactly(Samples.lock(2).depositId(), Samples.lock(1).depositId());
  }

  @Test
  void shouldRejectEmptyBatch() {
    assertThatThrownBy(() -> ReleaseBatch.of(ChainId.of(5), List.of()))
        .hasMessageContaining("1 to");
    assertThatThrownBy(() -> ReleaseBatch.fromLocks(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectOversizedBatch() {
    List<LockEvent> locks = new ArrayList<>();
    for (int i = 1; i <= ReleaseBatch.MAX_RELEASES + 1; i++) {
      locks.add(Samples.lock(i));
    }
    assertThatThrownBy(() -> ReleaseBatch.fromLocks(locks)).hasMessageContaining("1 to 64");
  }

  @Test
  void shouldRejectDuplicateDepositInBatch() {
    Release release = Release.fromLock(Samples.lock(1));
    assertThatThrownBy(() -> ReleaseBatch.of(ChainId.of(31338), List.of(release, release)))
        .hasMessageContaining("appears twice");
  }

  @Test
  void shouldRejectLocksForDifferentDestinations() {
    LockEvent a = Samples.lock(1);
    LockEvent b = Samples.lock(2);
    LockEvent elsewhere =
        new LockEvent(
            b.sourceChainId(),
            b.sourceBridge(),
            b.txHash(),
            b.logIndex(),
            b.blockHash(),
            b.blockNumber(),
            ChainId.of(10),
            b.nonce(),
            b.srcToken(),
            b.dstToken(),
            b.sender(),
            b.recipient(),
            b.amount());
    assertThatThrownBy(() -> ReleaseBatch.fromLocks(List.of(a, elsewhere)))
        .hasMessageContaining("one chain");
  }

  @Test
  void shouldRejectReleaseFromTheDestinationChain() {
    Release release = Release.fromLock(Samples.lock(1));
    assertThatThrownBy(() -> ReleaseBatch.of(release.srcChainId(), List.of(release)))
        .hasMessageContaining("cannot be paid out");
  }

  @Test
  void shouldNotExposeMutableList() {
    List<Release> releases = new ArrayList<>(List.of(Release.fromLock(Samples.lock(1))));
    ReleaseBatch batch = ReleaseBatch.of(ChainId.of(31338), releases);
    releases.add(Release.fromLock(Samples.lock(2)));
    assertThat(batch.releases()).hasSize(1);
    assertThatThrownBy(() -> batch.releases().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
