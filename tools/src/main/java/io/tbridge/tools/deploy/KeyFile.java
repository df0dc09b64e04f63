package io.tbridge.tools.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/** The deployer's private key, read from a file of hex; the content is never echoed. */
final class KeyFile {

  private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

  private KeyFile() {}

  /** The key in {@code file} for chain {@code chain}; errors name the chain and the file only. */
  static Credentials read(String chain, Path file) {
    String where = "chain " + chain + ": deployer-key-file " + file;
    String hex;
    try {
      hex = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new DeployException(where + " does not exist");
    } catch (IOException e) {
      throw new DeployException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    // Checked here, because web3j's own parse errors quote the input, which is the key.
    if (!HEX_KEY.matcher(hex).matches()) {
      throw new DeployException(where + " does not hold a 32-byte hex private key");
    }
    return Credentials.create(hex);
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
