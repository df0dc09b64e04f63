package io.tbridge.tss.channel;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.testing.TestRandom;
import java.util.Map;
import java.util.TreeMap;

/** Deterministic identities and channels for parties 1..n. */
public final class ChannelFixture {
  private ChannelFixture() {}

  /** Identities of parties 1..n, each a pure function of {@code seed} and the index. */
  public static Map<Integer, PartyIdentity> identities(int n, long seed) {
    Map<Integer, PartyIdentity> ids = new TreeMap<>();
    for (int p = 1; p <= n; p++) {
      ids.put(p, PartyIdentity.generate(TestRandom.seeded(seed * 1000 + p)));
    }
    return ids;
  }

  /** The public halves, as the ceremony would distribute them. */
  public static Map<Integer, PublicIdentity> publics(Map<Integer, PartyIdentity> ids) {
    Map<Integer, PublicIdentity> out = new TreeMap<>();
    ids.forEach((p, id) -> out.put(p, id.publicIdentity()));
    return out;
  }

  /** One channel per party, all sharing the same committee view. */
  public static Map<Integer, SecureChannel> channels(Map<Integer, PartyIdentity> ids, long seed) {
    Map<Integer, PublicIdentity> committee = publics(ids);
    Map<Integer, SecureChannel> out = new TreeMap<>();
    ids.forEach(
        (p, id) ->
            out.put(p, new SecureChannel(id, p, committee, TestRandom.seeded(seed * 7919 + p))));
    return out;
  }

  /** Whether {@code needle} occurs anywhere in {@code haystack}. */
  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
