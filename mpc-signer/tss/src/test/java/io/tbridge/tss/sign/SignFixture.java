package io.tbridge.tss.sign;

import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.testing.LocalNetwork;
import java.util.Map;
import java.util.TreeMap;

/** Runs online signing over {@link LocalNetwork} from a set of presignatures. */
public final class SignFixture {
  private SignFixture() {}

  /** Signing sessions for every holder of {@code presignatures}. */
  public static Map<Integer, SignSession> sessions(
      Map<Integer, Presignature> presignatures,
      byte[] digest,
      SessionId sid,
      SessionRegistry registry)
      throws ProtocolAbort {
    Map<Integer, SignSession> sessions = new TreeMap<>();
    for (Map.Entry<Integer, Presignature> e : presignatures.entrySet()) {
      sessions.put(e.getKey(), new SignSession(sid, e.getValue(), digest, registry));
    }
    return sessions;
  }

  /** Signs honestly and returns every party's outcome. */
  public static LocalNetwork.Outcome<EcdsaSignature> sign(
      Map<Integer, Presignature> presignatures, byte[] digest, SessionId sid, long seed) {
    try {
      return LocalNetwork.run(
          sessions(presignatures, digest, sid, new InMemorySessionRegistry()), seed);
    } catch (ProtocolAbort e) {
      throw new IllegalStateException(e);
    }
  }
}
