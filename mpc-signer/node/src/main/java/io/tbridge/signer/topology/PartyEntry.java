package io.tbridge.signer.topology;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import java.util.Objects;

/**
 * One party of a key: its index, the organisation that runs it, and its public identity keys.
 *
 * @param index party index (1..65535)
 * @param operator the organisation running the party; the threshold check counts shares per
 *     operator
 * @param identity its Ed25519 signing key and X25519 agreement key
 */
public record PartyEntry(int index, String operator, PublicIdentity identity) {

  /** Validating constructor. */
  public PartyEntry {
    if (index < 1 || index > 65_535) {
      throw new TopologyException("party index " + index + " is outside 1..65535");
    }
    Objects.requireNonNull(operator, "operator");
    if (operator.isBlank() || operator.length() > 64) {
      throw new TopologyException("party " + index + ": operator must be 1..64 characters");
    }
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * The identity's fingerprint as operators compare it out of band: {@code ab12:cd34:…} (16 bytes).
   */
  public String fingerprint() {
    String hex = identity.fingerprintHex().substring(0, 32);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 4);
    }
    return out.toString();
  }
}
