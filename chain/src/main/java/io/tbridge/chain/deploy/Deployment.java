package io.tbridge.chain.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.core.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The output file of {@code ./tbridge deploy}: per chain the bridge and the token addresses by
 * symbol, the chain id and the RPC URL, in the shape of the devnet's {@code state.json} chains. The
 * tools write it atomically after every deployment ({@code verified=false}) so a failed run never
 * forgets a contract it deployed, and once more with {@code verified=true} after every setting was
 * read back. Readers must check {@code verified}.
 *
 * <p>Every address is validated on construction (a hand-edited file with a mistyped mixed-case
 * address is refused), so a reader never sees a half-valid deployment.
 *
 * @param format always {@link #FORMAT}
 * @param verified true once every setting of the plan was read back from every bridge
 * @param groupSigner the group signer the plan asked for (EIP-55)
 * @param chains one entry per chain of the plan, in plan order; names are unique
 */
public record Deployment(
    String format, boolean verified, String groupSigner, List<ChainRecord> chains) {

  /** Format tag of this file layout. */
  public static final String FORMAT = "tbridge-deployment/1";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Checks the format tag, the group signer and that chain names are unique; copies the list. */
  public Deployment {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', expected " + FORMAT);
    }
    address("groupSigner", groupSigner);
    if (chains == null) {
      throw new IllegalArgumentException("chains is missing");
    }
    chains = List.copyOf(chains);
    Set<String> names = new HashSet<>();
    for (ChainRecord c : chains) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("chain " + c.name() + " is recorded twice");
      }
    }
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
    /** Checks every field (addresses parse, ids positive); copies the token map in its order. */
    public ChainRecord {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a chain has no name");
      }
      if (chainId <= 0) {
        throw new IllegalArgumentException("chain " + name + ": chainId must be positive");
      }
      if (rpcUrl == null) {
        throw new IllegalArgumentException("chain " + name + ": rpcUrl is missing");
      }
      address("chain " + name + ": bridge", bridge);
      if (deployBlock < 0) {
        throw new IllegalArgumentException("chain " + name + ": deployBlock is negative");
      }
      if (tokens == null) {
        throw new IllegalArgumentException("chain " + name + ": tokens is missing");
      }
      tokens.forEach((symbol, a) -> address("chain " + name + ": token " + symbol, a));
      tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
    }

    /** The bridge as an address. */
    public Address bridgeAddress() {
      return Address.of(bridge);
    }
  }

  private static void address(String what, String hex) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    try {
      Address.ofChecksummed(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** The chain named {@code name}, if recorded. */
  public Optional<ChainRecord> chain(String name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * Reads {@code file}; empty when it does not exist. A file that cannot be read, is not JSON or
   * not a valid deployment is a {@link DeploymentException} with a one-line reason.
   */
  public static Optional<Deployment> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DeploymentException(file, "cannot be read (" + e + ")");
    }
    try {
      return Optional.of(JSON.readValue(text, Deployment.class));
    } catch (JsonProcessingException e) {
      // A validation failure arrives wrapped by Jackson; its own message is the useful line.
      String reason =
          e.getCause() instanceof IllegalArgumentException iae
              ? iae.getMessage()
              : e.getOriginalMessage();
      throw new DeploymentException(file, reason.lines().findFirst().orElse("empty"));
    }
  }

  /**
   * Replaces {@code file} atomically (never torn, never half-written); an {@link
   * UncheckedIOException} when it cannot.
   */
  public void write(Path file) {
    String text;
    try {
      text = JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getOriginalMessage(), e);
    }
    AtomicFiles.write(file, text);
  }
}
