package io.tbridge.devnet;

import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KdfParams;
import io.tbridge.signer.topology.PartyEntry;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.topology.TopologyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The signer parties' identities: on the first start, one encrypted key store per party (a fresh
 * identity key under a random passphrase) and the topology naming them; later starts reuse them,
 * and with them the key share the parties' ceremony stored. No party's secret ever leaves its own
 * store: the key share itself is made by the parties' dealer-less ceremony over Kafka.
 */
final class SignerParties {
  /** The devnet key's id, in every signer's config and the topology. */
  static final String KEY_ID = "devnet";

  private SignerParties() {}

  /**
   * Creates the parties' stores and the topology unless they exist; returns whether the parties
   * still have to run their key ceremony (no party holds a key share yet).
   *
   * @throws DevnetException if only some parties hold a share (an interrupted first start)
   */
  static boolean ensure(DevnetLayout layout, int parties, int threshold, SecureRandom random) {
    boolean topology = Files.exists(layout.topology());
    int stores = 0;
    int shares = 0;
    for (int p = 1; p <= parties; p++) {
      stores += Files.exists(layout.keyStore(p).resolve("identity.enc")) ? 1 : 0;
      shares += Files.exists(layout.keyStore(p).resolve("key-material.enc")) ? 1 : 0;
    }
    if (topology && stores == parties && (shares == 0 || shares == parties)) {
      return shares == 0;
    }
    if (topology || stores > 0) {
      throw new DevnetException(
          "the devnet's keys in "
              + layout.keys()
              + " are incomplete ("
              + shares
              + " of "
              + parties
              + " parties hold a key share: a first start was interrupted); start with --reset");
    }
    List<PartyEntry> entries = new ArrayList<>();
    for (int p = 1; p <= parties; p++) {
      byte[] b = new byte[24];
      random.nextBytes(b);
      String passphrase = HexFormat.of().formatHex(b);
      writeSecret(layout.passphrase(p), passphrase + "\n");
      EncryptedFileKeyStore store =
          EncryptedFileKeyStore.initialise(
              layout.keyStore(p), KEY_ID, p, passphrase.toCharArray(), KdfParams.FLOOR, random);
      entries.add(new PartyEntry(p, "devnet-operator-" + p, store.identity().publicIdentity()));
    }
    TopologyFile.save(new Topology(KEY_ID, threshold, entries), layout.topology());
    return true;
  }

  /**
   * Writes {@code content} to a new file only its owner can read (never readable, not even
   * briefly).
   */
  static void writeSecret(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
