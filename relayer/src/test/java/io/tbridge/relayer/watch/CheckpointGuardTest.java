package io.tbridge.relayer.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.relayer.support.RecordingSink;
import io.tbridge.relayer.watch.CheckpointGuard.BindingMismatchException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointGuardTest {

  private static final long SRC = 31337;
  private static final long DST = 31338;
  private static final ChainProfile DEPTH_1 =
      ChainProfile.confirmations("test-depth-1", 1, Duration.ofSeconds(1));

  @TempDir Path dir;

  private TestAnvil anvil;
  private BridgeFixture src;

  @BeforeEach
  void startChain() {
    anvil = TestAnvil.start(SRC);
    src = BridgeFixture.deploy(anvil, Address.of("0x00000000000000000000000000000000000000aa"));
    src.route(DST, Address.of("0x00000000000000000000000000000000000000cc"));
  }

  @AfterEach
  void stop() {
    src.close();
    anvil.close();
  }

  private WatchSettings settings(Address bridge, ChainProfile profile) {
    return new WatchSettings(
        "src", ChainId.of(SRC), bridge, profile, 0, 100, Duration.ofSeconds(1));
  }

  private static void drain(ChainWatcher w) {
    for (int i = 0; i < 1_000; i++) {
      if (w.pollOnce() != PollOutcome.PROGRESSED) {
        return;
      }
    }
    throw new AssertionError("watcher never caught up");
  }

  private ChainWatcher watcher(WatchSettings s, CheckpointStore store, RecordingSink sink) {
    return new ChainWatcher(
        s,
        Chains.reader(SRC, 1, anvil.url()),
        store,
        sink,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  @Test
  void shouldNotSkipARealLockAfterTheBridgeAddressIsCorrected() {
    src.lock(BigInteger.TEN, Address.of("0x00000000000000000000000000000000000000bb"), DST);
    anvil.mine(3);
    FileCheckpointStore store = new FileCheckpointStore(dir);
    RecordingSink sink = new RecordingSink();

    // The seen fault: started with a wrong bridge address (here the token), the watcher finds no
    // Locked logs and moves its checkpoint past the real lock.
    WatchSettings wrong = settings(src.token(), DEPTH_1);
    CheckpointGuard.prepare(wrong, OptionalLong.empty(), store);
    drain(watcher(wrong, store, sink));
    assertThat(sink.published()).isEmpty();
    long skippedTo = store.load(ChainId.of(SRC)).orElseThrow().block();
    assertThat(skippedTo).isGreaterThan(0);

    // Corrected address: refused, naming the chain, both bindings and the rescan key.
    WatchSettings right = settings(src.bridge(), DEPTH_1);
    assertThatThrownBy(() -> CheckpointGuard.prepare(right, OptionalLong.empty(), store))
        .isInstanceOf(BindingMismatchException.class)
        .hasMessageStartingWith("chain src: checkpoint at block " + skippedTo)
        .hasMessageContaining("bridge " + src.token())
        .hasMessageContaining("bridge " + src.bridge())
        .hasMessageContaining("relayer.chains.src.watch.rescan-from-block=")
        .hasMessageNotContaining("\n");
    assertThat(store.load(ChainId.of(SRC)).orElseThrow().block()).isEqualTo(skippedTo);

    // With the rescan requested, the lock is published.
    assertThat(CheckpointGuard.prepare(right, OptionalLong.of(0), store))
        .startsWith("rescanning from block 0");
    drain(watcher(right, store, sink));
    assertThat(sink.nonces()).containsExactly(BigInteger.ONE);

    // The rescan is applied once: the same value left in the config resumes from the checkpoint.
    long after = store.load(ChainId.of(SRC)).orElseThrow().block();
    assertThat(CheckpointGuard.prepare(right, OptionalLong.of(0), store)).startsWith("resuming");
    assertThat(store.load(ChainId.of(SRC)).orElseThrow().block()).isEqualTo(after);
  }

  @Test
  void shouldRefuseAChangedProfile() {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    WatchSettings first = settings(src.bridge(), DEPTH_1);
    CheckpointGuard.prepare(first, OptionalLong.empty(), store);
    drain(watcher(first, store, new RecordingSink()));
    WatchSettings other =
        settings(src.bridge(), ChainProfile.confirmations("other", 5, Duration.ofSeconds(1)));
    assertThatThrownBy(() -> CheckpointGuard.prepare(other, OptionalLong.empty(), store))
        .isInstanceOf(BindingMismatchException.class)
        .hasMessageContaining("profile test-depth-1")
        .hasMessageContaining("profile other");
  }

  @Test
  void shouldRefuseAnUnboundCheckpointUntilAdoptedExplicitly() {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    // A checkpoint file as an older relayer wrote it: no binding.
    store.save(ChainId.of(SRC), Checkpoint.before(8));
    WatchSettings s = settings(src.bridge(), DEPTH_1);
    assertThatThrownBy(() -> CheckpointGuard.prepare(s, OptionalLong.empty(), store))
        .isInstanceOf(BindingMismatchException.class)
        .hasMessageContaining("has no binding")
        .hasMessageContaining("relayer.chains.src.watch.rescan-from-block=8");

    CheckpointGuard.prepare(s, OptionalLong.of(8), store);
    assertThat(store.load(ChainId.of(SRC)).orElseThrow().block()).isEqualTo(7);
    assertThat(store.binding(ChainId.of(SRC)).orElseThrow().bridge()).isEqualTo(src.bridge());
    assertThat(CheckpointGuard.prepare(s, OptionalLong.empty(), store)).startsWith("resuming");
  }
}
