package io.tbridge.relayer.submit;

import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Pending submissions as small properties files, one per nonce ({@code
 * chain-<id>-<sender>-nonce-<n>.pending}), written atomically (temp file, fsync, rename) like the
 * checkpoints. The sender is part of the name so two keys sharing a directory never mix.
 */
public final class FilePendingStore implements PendingStore {

  private static final String RELEASE = "release";
  private static final String PREWARM = "prewarm";

  private final Path dir;
  private final String prefix;

  /** A store in {@code dir} (created if missing) for {@code sender} on {@code chain}. */
  public FilePendingStore(Path dir, ChainId chain, Address sender) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create pending directory " + dir, e);
    }
    this.dir = dir;
    this.prefix = "chain-" + chain.value() + "-" + sender.toLowerHex() + "-nonce-";
  }

  @Override
  public List<PendingSubmission> load() {
    List<PendingSubmission> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.pending")) {
      for (Path f : files) {
        out.add(read(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(PendingSubmission::nonce));
    return out;
  }

  @Override
  public void save(PendingSubmission p) {
    Properties props = new Properties();
    props.setProperty("nonce", p.nonce().toString());
    if (p.prewarm()) {
      props.setProperty("kind", PREWARM);
    } else {
      props.setProperty(
          "deposits", String.join(",", p.depositIds().stream().map(DepositId::toString).toList()));
    }
    props.setProperty("hashes", String.join(",", p.hashes().stream().map(Hash32::toHex).toList()));
    props.setProperty("gasLimit", p.gasLimit().toString());
    props.setProperty("maxFeePerGas", p.fees().maxFeePerGas().toString());
    props.setProperty("maxPriorityFeePerGas", p.fees().maxPriorityFeePerGas().toString());
    props.setProperty("data", "0x" + HexFormat.of().formatHex(p.data()));
    props.setProperty("lastSent", p.lastSent().toString());
    StringWriter w = new StringWriter();
    try {
      props.store(w, "transaction in flight; removed once mined or given up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(file(p.nonce()), w.toString());
  }

  @Override
  public void remove(BigInteger nonce) {
    AtomicFiles.delete(file(nonce));
  }

  private Path file(BigInteger nonce) {
    return dir.resolve(prefix + nonce + ".pending");
  }

  private static PendingSubmission read(Path f) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
      String data = required(p, f, "data");
      if (!data.startsWith("0x")) {
        throw new IllegalArgumentException("data must be 0x-prefixed hex");
      }
      String kind = p.getProperty("kind", RELEASE);
      if (!kind.equals(RELEASE) && !kind.equals(PREWARM)) {
        throw new IllegalArgumentException("unknown kind " + kind);
      }
      // A release must name its deposits; only an explicit prewarm may have none.
      List<DepositId> deposits =
          kind.equals(PREWARM)
              ? List.of()
              : Arrays.stream(required(p, f, "deposits").split(","))
                  .map(h -> DepositId.of(Hash32.of(h)))
                  .toList();
      return new PendingSubmission(
          new BigInteger(required(p, f, "nonce")),
          deposits,
          Arrays.stream(required(p, f, "hashes").split(",")).map(Hash32::of).toList(),
          new BigInteger(required(p, f, "gasLimit")),
          new Fees(
              new BigInteger(required(p, f, "maxFeePerGas")),
              new BigInteger(required(p, f, "maxPriorityFeePerGas"))),
          HexFormat.of().parseHex(data.substring(2)),
          Instant.parse(required(p, f, "lastSent")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pending submission " + f, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "pending submission " + f + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, Path f, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }
}
