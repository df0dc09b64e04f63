package io.tbridge.relayer.watch;

import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Checkpoints as small properties files, one per chain ({@code chain-<id>.checkpoint}), written
 * atomically: temp file, fsync, rename, fsync of the directory. A halt marker is a separate file
 * ({@code chain-<id>.halted}) that survives restarts until an operator removes it. The binding of a
 * checkpoint (bridge, profile) is {@code chain-<id>.binding}, written before the first checkpoint.
 */
public final class FileCheckpointStore implements CheckpointStore {

  private final Path dir;

  /** A store in {@code dir} (created if missing). */
  public FileCheckpointStore(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
    }
    this.dir = dir;
  }

  /** The directory holding the files. */
  public Path directory() {
    return dir;
  }

  @Override
  public Optional<Checkpoint> load(ChainId chain) {
    Path f = file(chain, "checkpoint");
    Optional<Properties> read = read(f, "checkpoint");
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Properties p = read.get();
    String block = p.getProperty("block");
    String hash = p.getProperty("hash");
    if (block == null || hash == null) {
      throw new IllegalStateException("checkpoint " + f + " is corrupt: needs block and hash");
    }
    try {
      return Optional.of(
          new Checkpoint(
              Long.parseLong(block),
              hash.isEmpty() ? Optional.empty() : Optional.of(Hash32.of(hash))));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("checkpoint " + f + " is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(ChainId chain, Checkpoint checkpoint) {
    Properties p = new Properties();
    p.setProperty("block", Long.toString(checkpoint.block()));
    p.setProperty("hash", checkpoint.hash().map(Hash32::toHex).orElse(""));
    writeAtomically(file(chain, "checkpoint"), p, "last block whose locks are all published");
  }

  @Override
  public Optional<CheckpointBinding> binding(ChainId chain) {
    Path f = file(chain, "binding");
    Optional<Properties> read = read(f, "checkpoint binding");
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Properties p = read.get();
    String chainId = p.getProperty("chain-id");
    String bridge = p.getProperty("bridge");
    String profile = p.getProperty("profile");
    String rescan = p.getProperty("rescan-applied", "");
    if (chainId == null || bridge == null || profile == null) {
      throw new IllegalStateException(
          "checkpoint binding " + f + " is corrupt: needs chain-id, bridge and profile");
    }
    try {
      return Optional.of(
          new CheckpointBinding(
              ChainId.of(Long.parseLong(chainId)),
              Address.of(bridge),
              profile,
              rescan.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rescan))));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "checkpoint binding " + f + " is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public void bind(ChainId chain, CheckpointBinding binding) {
    Properties p = new Properties();
    p.setProperty("chain-id", Long.toString(binding.chainId().value()));
    p.setProperty("bridge", binding.bridge().toChecksumHex());
    p.setProperty("profile", binding.profile());
    p.setProperty(
        "rescan-applied",
        binding.rescanApplied().isPresent()
            ? Long.toString(binding.rescanApplied().getAsLong())
            : "");
    writeAtomically(file(chain, "binding"), p, "what the checkpoint of this chain covers");
  }

  @Override
  public Optional<String> haltReason(ChainId chain) {
    Path f = file(chain, "halted");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read halt marker " + f, e);
    }
  }

  @Override
  public void halt(ChainId chain, String reason) {
    Path f = file(chain, "halted");
    write(f, reason + "\n");
  }

  private Path file(ChainId chain, String kind) {
    return dir.resolve("chain-" + chain.value() + "." + kind);
  }

  private void writeAtomically(Path target, Properties p, String comment) {
    StringWriter w = new StringWriter();
    try {
      p.store(w, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(target, w.toString());
  }

  private static void write(Path target, String content) {
    AtomicFiles.write(target, content);
  }

  /** The properties in {@code f}, or empty if it does not exist. */
  private static Optional<Properties> read(Path f, String what) {
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + f, e);
    }
    return Optional.of(p);
  }
}
