package io.tbridge.signer.mpc;

import io.tbridge.tss.protocol.SessionId;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the t parties of one attempt from a seed, so that every node that hears from the same
 * parties picks the same committee without a leader: candidates minus the excluded, ordered by
 * SHA-256(seed ‖ index), the first t, returned ascending. A new attempt (a new seed) rotates the
 * committee, so a silent member is left out sooner or later without being blamed.
 */
public final class CommitteeSelector {

  private CommitteeSelector() {}

  /** The committee for {@code seed}, or empty when fewer than {@code t} candidates remain. */
  public static Optional<List<Integer>> choose(
      SessionId seed, Collection<Integer> candidates, Set<Integer> excluded, int t) {
    if (t < 1) {
      throw new IllegalArgumentException("t must be positive");
    }
    List<Integer> eligible =
        candidates.stream().distinct().filter(p -> !excluded.contains(p)).toList();
    if (eligible.size() < t) {
      return Optional.empty();
    }
    byte[] s = seed.bytes();
    return Optional.of(
        eligible.stream()
            .sorted(
                Comparator.comparing((Integer p) -> rank(s, p), Arrays::compareUnsigned)
                    .thenComparing(p -> p))
            .limit(t)
            .sorted()
            .toList());
  }

  private static byte[] rank(byte[] seed, int party) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(seed);
      sha.update(ByteBuffer.allocate(4).putInt(party).array());
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
