package io.tbridge.tools.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tbridge.chain.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output file of {@code ./tbridge deploy}: per chain the bridge and the token addresses by
 * symbol, the chain id and the RPC URL, in the shape of the devnet's {@code state.json} chains.
 * Written atomically after every deployment ({@code verified=false}) so a failed run never forgets
 * a contract it deployed, and once more with {@code verified=true} after every setting was read
 * back. Readers must check {@code verified}.
 *
 * @param format always {@link #FORMAT}
 * @param verified true once every setting of the plan was read back from every bridge
 * @param groupSigner the group signer the plan asked for (EIP-55)
 * @param chains one entry per chain of the plan, in plan order
 */
public record Deployment(
    String format, boolean verified, String groupSigner, List<ChainRecord> chains) {

  /** Format tag of this file layout. */
  public static final String FORMAT = "tbridge-deployment/1";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Copies the list; checks the format tag. */
  public Deployment {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', expected " + FORMAT);
    }
    chains = List.copyOf(chains);
  }

  /**
   * One chain's contracts.
   *
   * @param name the plan's chain name
   * @param chainId EIP-155 chain id
   * @param rpcUrl the plan's RPC URL (as written in the plan)
   * @param bridge the Bridge address (EIP-55)
   * @param deployBlock block of the bridge's deployment, 0 for an adopted bridge (a relayer's
   *     {@code watch.start-block})
   * @param tokens token address (EIP-55) by symbol; on a destination chain the bridged token under
   *     the same symbol
   */
  public record ChainRecord(
      String name,
      long chainId,
      String rpcUrl,
      String bridge,
      long deployBlock,
      Map<String, String> tokens) {
    /** Copies the token map, keeping its order. */
    public ChainRecord {
      tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
    }
  }

  /** The chain named {@code name}, if recorded. */
  public Optional<ChainRecord> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Reads {@code file}; empty when it does not exist; a corrupt file is one line. */
  public static Optional<Deployment> read(Path file) {
    try {
      return Optional.of(JSON.readValue(Files.readString(file), Deployment.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new DeployException(
          "output "
              + file
              + " exists but is not a deployment file ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); move it away or pass another --out");
    }
  }

  /** Creates the directory of {@code file}; fails when it cannot be written there. */
  static void prepare(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DeployException("cannot create the directory of output " + file + ": " + e);
    }
    if (!Files.isWritable(dir)) {
      throw new DeployException("cannot write output " + file + ": its directory is not writable");
    }
  }

  /** Replaces {@code file} atomically (never torn, never half-written). */
  public void write(Path file) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsString(this) + "\n");
    } catch (IOException | RuntimeException e) {
      throw new DeployException("cannot write output " + file + ": " + e.getMessage());
    }
  }
}
