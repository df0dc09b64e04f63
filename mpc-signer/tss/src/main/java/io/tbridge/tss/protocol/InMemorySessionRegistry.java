package io.tbridge.tss.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SessionRegistry} in memory: forgets everything on restart, so not for production. */
public final class InMemorySessionRegistry implements SessionRegistry {
  private final Set<Claim> claimed = ConcurrentHashMap.newKeySet();

  private record Claim(SessionId sessionId, int party) {}

  @Override
  public boolean tryClaim(SessionId sessionId, int party) {
    return claimed.add(new Claim(sessionId, party));
  }
}
