package io.tbridge.signer.keys;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.keygen.KeyShare;
import java.util.Objects;

/**
 * What a party holds after key generation and aux-info: its key share and its aux info (Paillier
 * secret key, everyone's public parameters) for the same committee.
 *
 * @param keyId the key's id
 * @param share the party's key share
 * @param aux the party's aux info
 */
public record KeyMaterial(String keyId, KeyShare share, AuxInfo aux) {

  /** Validates that share and aux info belong to the same party and committee. */
  public KeyMaterial {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(aux, "aux");
    if (share.self() != aux.self()) {
      throw new IllegalArgumentException(
          "key share of party " + share.self() + " and aux info of party " + aux.self());
    }
    if (!share.committee().equals(aux.committee())) {
      throw new IllegalArgumentException("key share and aux info are of different committees");
    }
  }

  @Override
  public String toString() {
    return "KeyMaterial[keyId=" + keyId + ", party=" + share.self() + ", secrets hidden]";
  }
}
