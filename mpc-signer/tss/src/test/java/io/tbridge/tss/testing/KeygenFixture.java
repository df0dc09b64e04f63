package io.tbridge.tss.testing;

import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.keygen.KeygenSession;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/** Runs a real, honest distributed key generation in process, for tests that need key shares. */
public final class KeygenFixture {
  private KeygenFixture() {}

  /** Every party's key share for {@code committee}, deterministic in {@code seed}. */
  public static Map<Integer, KeyShare> generate(Committee committee, long seed) {
    SessionId sid = sessionId("keygen", seed);
    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, KeygenSession> sessions = new TreeMap<>();
    try {
      for (int p : committee.parties()) {
        sessions.put(
            p, new KeygenSession(sid, committee, p, registry, TestRandom.seeded(seed * 1000 + p)));
      }
    } catch (ProtocolAbort e) {
      throw new IllegalStateException(e);
    }
    LocalNetwork.Outcome<KeyShare> outcome = LocalNetwork.run(sessions, seed);
    if (!outcome.allFinished(committee.size())) {
      throw new IllegalStateException("honest keygen did not finish: " + outcome.aborts());
    }
    return outcome.results();
  }

  /** A 32-byte session id derived from a label and a number (distinct inputs, distinct ids). */
  public static SessionId sessionId(String label, long n) {
    byte[] l = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(32);
    b.put(l, 0, Math.min(l.length, 24));
    b.position(24);
    b.putLong(n);
    return new SessionId(b.array());
  }
}
