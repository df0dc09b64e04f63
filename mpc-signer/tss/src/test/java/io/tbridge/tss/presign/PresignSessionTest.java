package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PresignSessionTest {
  @Test
  void shouldGiveEverySignerTheSameNonceAndBeReproducibleWhateverTheExecutor() throws Exception {
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 11);
    List<Integer> signers = List.of(1, 2, 3);
    SessionId sid = KeygenFixture.sessionId("presign-executor", 1);
    Map<Integer, Presignature> sequential =
        LocalNetwork.run(
                PresignFixture.sessions(
                    keys, signers, sid, new InMemorySessionRegistry(), 5, Runnable::run),
                5)
            .results();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Map<Integer, Presignature> parallel;
    try {
      parallel =
          LocalNetwork.run(
                  PresignFixture.sessions(
                      keys, signers, sid, new InMemorySessionRegistry(), 5, pool),
                  6)
              .results();
    } finally {
      pool.shutdown();
    }
    assertThat(sequential).containsOnlyKeys(1, 2, 3);
    assertThat(parallel).containsOnlyKeys(1, 2, 3);
    for (int p : signers) {
      assertThat(sequential.get(p).nonce()).isEqualTo(sequential.get(1).nonce());
      assertThat(sequential.get(p).signers()).isEqualTo(signers);
      assertThat(sequential.get(p).publicKey()).isEqualTo(keys.shares().get(1).publicKey());
    }
    // Same seeds, same session: the child random sources make the result independent of how
    // the per-counterparty tasks were scheduled (and of the delivery order).
    assertThat(parallel.get(1).nonce()).isEqualTo(sequential.get(1).nonce());
  }
}
