package io.tbridge.devnet;

import io.tbridge.chain.store.DirectoryLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the devnet keeps its files, all under one directory (default {@code .devnet/}).
 *
 * <p>{@code keys/} survives restarts: the parties' encrypted key stores (identity, Paillier key,
 * key share and aux info), their passphrases and the topology, so a second start skips the slow
 * safe-prime generation and the ceremony. {@code run/} and {@code logs/} are recreated on every
 * start: the chains are new on every start, so every record that names a deposit (the signers'
 * state, the relayer's checkpoints and pending submissions, the Kafka topics) starts empty too.
 *
 * @param root the devnet directory
 */
public record DevnetLayout(Path root) {

  /** Validates and normalises the root. */
  public DevnetLayout {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** What survives a restart: key stores, passphrases, topology, the group address. */
  public Path keys() {
    return root.resolve("keys");
  }

  /** Recreated on each start: configs, deploy output, state stores, chain and broker data. */
  public Path run() {
    return root.resolve("run");
  }

  /** Recreated on each start: one log per service process. */
  public Path logs() {
    return root.resolve("logs");
  }

  /** The connection file for scripts and wallets. */
  public Path stateFile() {
    return root.resolve("state.json");
  }

  /** The topology file all signers share. */
  public Path topology() {
    return keys().resolve("topology.json");
  }

  /** Party {@code p}'s key store directory. */
  public Path keyStore(int p) {
    return keys().resolve("signer-" + p);
  }

  /** Party {@code p}'s passphrase file (devnet only: a real operator keeps it elsewhere). */
  public Path passphrase(int p) {
    return keys().resolve("signer-" + p + ".passphrase");
  }

  /** The group address the ceremony produced, once known. */
  public Path groupFile() {
    return keys().resolve("group-address");
  }

  /** Deletes {@code run/}, {@code logs/} and the state file, and creates empty ones. */
  public void freshRun() {
    deleteTree(run());
    deleteTree(logs());
    deleteTree(stateFile());
    try {
      Files.createDirectories(run());
      Files.createDirectories(logs());
      Files.createDirectories(keys());
      // The key stores and their (devnet) passphrases: for this user only.
      Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the devnet directory " + root, e);
    }
  }

  /**
   * Deletes everything, keys included ({@code --reset}).
   *
   * @throws DevnetException if the directory holds anything but a devnet's files (a mistyped {@code
   *     --dir} must never delete a user's files)
   */
  public void reset() {
    if (!Files.exists(root)) {
      return;
    }
    Set<String> ours = Set.of("keys", "run", "logs", "state.json", ".lock");
    try (Stream<Path> s = Files.list(root)) {
      List<String> foreign =
          s.map(f -> f.getFileName().toString()).filter(n -> !ours.contains(n)).sorted().toList();
      if (!foreign.isEmpty()) {
        throw new DevnetException(
            root + " is not a devnet directory (it holds " + foreign + "); refusing to delete it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    try (Stream<Path> s = Files.list(root)) {
      for (Path f : s.filter(f -> !f.getFileName().toString().equals(".lock")).toList()) {
        deleteTree(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
  }

  /**
   * Takes this directory for one devnet (released when the process ends).
   *
   * @throws DevnetException if another devnet runs on it
   */
  public DirectoryLock lock() {
    try {
      Files.createDirectories(root);
      return DirectoryLock.acquire(root);
    } catch (DirectoryLock.LockedException e) {
      throw new DevnetException("another devnet is running on " + root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the devnet directory " + root, e);
    }
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
