package io.tbridge.tools.deploy;

import io.tbridge.chain.tx.KeyFileException;
import io.tbridge.chain.tx.KeyFileSigner;
import io.tbridge.chain.tx.TransactionSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/** The deployer's private key, read from a file of hex; the content is never echoed. */
final class KeyFile {

  private KeyFile() {}

  /** The signer of the key in {@code file} for chain {@code chain}; errors name the file only. */
  static TransactionSigner read(String chain, Path file) {
    try {
      return KeyFileSigner.read(file);
    } catch (KeyFileException e) {
      throw new DeployException("chain " + chain + ": deployer-key-file " + e.getMessage());
    }
  }

  /** A warning when other users may read {@code file} (POSIX file systems only). */
  static Optional<String> exposure(String chain, Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_READ)) {
        return Optional.of(
            chain
                + ": WARN deployer-key-file "
                + file
                + " is readable by other users; chmod 400 it");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system (or unreadable attributes): nothing to say.
    }
    return Optional.empty();
  }
}
