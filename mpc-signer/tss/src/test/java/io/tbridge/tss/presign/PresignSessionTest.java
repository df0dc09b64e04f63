package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.math.BigInteger;
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

  @Test
  void shouldDropNoncesSharesAndMtaWitnessesWhenTheRunEnds() throws Exception {
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 12);
    List<Integer> signers = List.of(1, 2, 3);
    Map<Integer, PresignSession> sessions =
        PresignFixture.sessions(
            keys,
            signers,
            KeygenFixture.sessionId("presign-wipe", 1),
            new InMemorySessionRegistry(),
            7,
            Runnable::run);
    LocalNetwork.Outcome<Presignature> out = LocalNetwork.run(sessions, 7);
    assertThat(out.results()).containsOnlyKeys(1, 2, 3);
    for (PresignSession s : sessions.values()) {
      assertThat(s.heldSecrets()).isEmpty();
    }
    Presignature p = out.results().get(1);
    assertThat(p.holdsShares()).isTrue();
    p.partialSign(BigInteger.TEN);
    assertThat(p.holdsShares()).isFalse();
  }

  @Test
  void shouldDropTheSecretsOfAnAbortedRun() throws Exception {
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 12);
    List<Integer> signers = List.of(1, 2, 3);
    SessionId sid = KeygenFixture.sessionId("presign-wipe", 2);
    Map<Integer, PresignSession> sessions =
        PresignFixture.sessions(
            keys, signers, sid, new InMemorySessionRegistry(), 8, Runnable::run);

    PresignSession external = sessions.get(1);
    external.start();
    assertThat(external.heldSecrets()).contains("k", "gamma", "rho", "nu", "additiveShare");
    external.abortExternally(2, "deadline", "party 2 stayed silent");
    assertThat(external.heldSecrets()).isEmpty();

    // A protocol abort (here a message of another session) drops them too.
    PresignSession replayed = sessions.get(2);
    replayed.start();
    SessionId other = KeygenFixture.sessionId("presign-wipe", 3);
    assertThatThrownBy(
            () -> replayed.handle(ProtocolMessage.broadcast(other, 1, 3, new byte[] {2, 1})))
        .isInstanceOf(ProtocolAbort.class);
    assertThat(replayed.heldSecrets()).isEmpty();
  }
}
