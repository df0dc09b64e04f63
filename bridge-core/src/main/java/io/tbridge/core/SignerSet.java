package io.tbridge.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The parties (1-based indices in the signing committee) that co-signed a release; sorted, no
 * duplicates, never empty.
 *
 * @param parties sorted distinct party indices
 */
public record SignerSet(List<Integer> parties) {
  /** Upper bound on the committee size the wire format accepts. */
  public static final int MAX_PARTIES = 256;

  /** Validates and sorts: indices positive and distinct, 1..{@link #MAX_PARTIES} of them. */
  public SignerSet {
    Objects.requireNonNull(parties, "parties");
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer party : parties) {
      if (party == null || party < 1) {
        throw new IllegalArgumentException("party indices must be positive");
      }
      if (!sorted.add(party)) {
        throw new IllegalArgumentException("party " + party + " appears twice in the signer set");
      }
    }
    if (sorted.isEmpty() || sorted.size() > MAX_PARTIES) {
      throw new IllegalArgumentException(
          "a signer set holds 1 to " + MAX_PARTIES + " parties, got " + sorted.size());
    }
    parties = List.copyOf(sorted);
  }

  /** The set of these party indices. */
  public static SignerSet of(Collection<Integer> parties) {
    return new SignerSet(new ArrayList<>(parties));
  }

  /** The set of these party indices. */
  public static SignerSet of(int... parties) {
    List<Integer> list = new ArrayList<>(parties.length);
    for (int party : parties) {
      list.add(party);
    }
    return new SignerSet(list);
  }

  /** Number of parties. */
  public int size() {
    return parties.size();
  }
}
