package io.tbridge.relayer.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.finality.ChainProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Liveness sees a worker stuck in a call on a real (hanging) endpoint, not just a live thread. */
class WorkerHeartbeatTest {

  @Test
  void shouldCountAWorkerStuckInAPollBeyondItsDeadlineAndNotOnceTheCallReturns() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    WorkerHeartbeat beat = new WorkerHeartbeat("watch-src", clock, Duration.ofMinutes(5));
    CountDownLatch release = new CountDownLatch(1);
    try (TestAnvil anvil = TestAnvil.start(31337);
        JsonRpcProxy proxy = new JsonRpcProxy(anvil.url())) {
      proxy.hook(JsonRpcProxy.hangUntil(release));
      QuorumReader reader = Chains.reader(31337, 1, proxy.url());
      CountDownLatch inCall = new CountDownLatch(1);
      Thread worker =
          new Thread(
              () -> {
                beat.begin();
                inCall.countDown();
                try {
                  reader.finalHead(ChainProfile.confirmations("d", 1, Duration.ofSeconds(1)));
                } finally {
                  beat.end();
                }
              });
      worker.start();
      inCall.await();
      assertThat(beat.stuck()).isFalse();
      clock.advance(Duration.ofMinutes(6));
      assertThat(worker.isAlive()).as("the thread is alive: a thread check says nothing").isTrue();
      assertThat(beat.stuck()).isTrue();
      assertThat(beat.inPollFor()).contains(Duration.ofMinutes(6));
      release.countDown();
      worker.join(30_000);
      assertThat(worker.isAlive()).isFalse();
      assertThat(beat.stuck()).isFalse();
    }
  }
}
