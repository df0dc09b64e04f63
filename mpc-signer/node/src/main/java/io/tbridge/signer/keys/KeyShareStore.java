package io.tbridge.signer.keys;

import io.tbridge.tss.channel.PartyIdentity;
import java.util.Optional;

/**
 * Where one party's secrets live: its identity (before any key exists: it is needed to join the
 * sealed key generation) and, after key generation, its key share and aux info. Implementations:
 * {@link EncryptedFileKeyStore}; a Vault-backed store follows behind the same interface.
 */
public interface KeyShareStore {

  /** The party's identity keys. */
  PartyIdentity identity();

  /** The key share and aux info, absent before key generation. */
  Optional<KeyMaterial> keyMaterial();

  /** Stores the key share and aux info (after key generation), replacing nothing else. */
  void storeKeyMaterial(KeyMaterial material);
}
