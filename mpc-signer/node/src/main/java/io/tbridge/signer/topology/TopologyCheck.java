package io.tbridge.signer.topology;

import io.tbridge.tss.channel.PartyIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules a node checks before it joins anything: no operator can sign alone (Ronin, Harmony,
 * Orbit: enough keys in one organisation's hands), the threshold is a majority, and this node's
 * keys are the ones the others expect.
 */
public final class TopologyCheck {

  private TopologyCheck() {}

  /**
   * Checks {@code topology} for party {@code self} holding {@code identity}.
   *
   * @return one line per party (index, operator, fingerprint) for the start-up log
   * @throws TopologyException with one line naming the broken rule
   */
  public static List<String> validate(Topology topology, int self, PartyIdentity identity) {
    int n = topology.parties().size();
    int t = topology.threshold();
    if (n < 2) {
      throw new TopologyException("a topology needs at least 2 parties, has " + n);
    }
    int majority = (n + 2) / 2; // ⌈(n+1)/2⌉
    if (t < majority) {
      throw new TopologyException(
          "threshold "
              + t
              + " of "
              + n
              + " is below a majority ("
              + majority
              + "): two disjoint groups could each sign");
    }
    Map<String, Integer> perOperator = new TreeMap<>();
    topology.parties().forEach(p -> perOperator.merge(p.operator(), 1, Integer::sum));
    perOperator.forEach(
        (op, shares) -> {
          if (shares >= t) {
            throw new TopologyException(
                "operator "
                    + op
                    + " holds "
                    + shares
                    + " of "
                    + n
                    + " shares, threshold "
                    + t
                    + ": one organisation could sign alone");
          }
        });
    PartyEntry own = topology.party(self);
    if (!own.identity().equals(identity.publicIdentity())) {
      throw new TopologyException(
          "this node's identity keys do not match party "
              + self
              + "'s entry in topology "
              + topology.keyId()
              + " (wrong key store, or a stale topology file)");
    }
    List<String> lines = new ArrayList<>();
    for (PartyEntry p : topology.parties()) {
      lines.add(
          "party "
              + p.index()
              + " operator="
              + p.operator()
              + " fingerprint="
              + p.fingerprint()
              + (p.index() == self ? " (this node)" : ""));
    }
    return lines;
  }
}
