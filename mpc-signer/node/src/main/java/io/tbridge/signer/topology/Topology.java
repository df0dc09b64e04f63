package io.tbridge.signer.topology;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.protocol.Committee;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who holds a key: its id, the threshold t, and every party with its operator and public identity.
 * Public information, shared by every signer of the key.
 *
 * @param keyId the key's id, 1..64 characters of {@code [a-z0-9-]}
 * @param threshold signers needed for a signature (t)
 * @param parties every party, sorted by index
 */
public record Topology(String keyId, int threshold, List<PartyEntry> parties) {

  /** Validates the id, distinct indices and keys, and 1 ≤ t ≤ n. */
  public Topology {
    if (keyId == null || !keyId.matches("[a-z0-9-]{1,64}")) {
      throw new TopologyException("keyId must be 1..64 characters of a-z, 0-9 and '-'");
    }
    parties = parties.stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
    Set<Integer> indices = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (PartyEntry p : parties) {
      if (!indices.add(p.index())) {
        throw new TopologyException("party index " + p.index() + " appears twice");
      }
      if (!keys.add(java.util.HexFormat.of().formatHex(p.identity().signingKey()))
          || !keys.add(java.util.HexFormat.of().formatHex(p.identity().agreementKey()))) {
        throw new TopologyException("party " + p.index() + " reuses another party's key");
      }
    }
    if (threshold < 1 || threshold > parties.size()) {
      throw new TopologyException(
          "threshold " + threshold + " does not fit " + parties.size() + " parties");
    }
  }

  /** The tss committee of this key. */
  public Committee committee() {
    return Committee.of(threshold, indices());
  }

  /** Every party's index, ascending. */
  public List<Integer> indices() {
    return parties.stream().map(PartyEntry::index).toList();
  }

  /** Every party's public identity by index, as {@code SecureChannel} takes them. */
  public SortedMap<Integer, PublicIdentity> publicIdentities() {
    SortedMap<Integer, PublicIdentity> out = new TreeMap<>();
    parties.forEach(p -> out.put(p.index(), p.identity()));
    return Collections.unmodifiableSortedMap(out);
  }

  /** The party with {@code index}. */
  public PartyEntry party(int index) {
    return parties.stream()
        .filter(p -> p.index() == index)
        .findFirst()
        .orElseThrow(
            () -> new TopologyException("party " + index + " is not in topology " + keyId));
  }
}
