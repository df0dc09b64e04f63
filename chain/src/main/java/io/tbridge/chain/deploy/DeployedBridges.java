package io.tbridge.chain.deploy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bridge address of each configured chain, from the service's YAML or from the deploy output
 * named by its {@code deployment-file} key. A YAML bridge and the file must agree (the same address
 * in any letter case), and so must the chain ids: two sources that disagree are an operator's
 * mistake that must stop the start, never be settled silently. Every problem is one line naming the
 * keys, the chain and the file.
 */
public final class DeployedBridges {

  private final String fileKey;
  private final Optional<Path> file;
  private final Optional<Deployment> deployment;

  private DeployedBridges(String fileKey, Optional<Path> file, Optional<Deployment> deployment) {
    this.fileKey = fileKey;
    this.file = file;
    this.deployment = deployment;
  }

  /**
   * Reads the deployment file named by the config key {@code fileKey} (e.g. {@code
   * relayer.deployment-file}), if one is given. A missing, unreadable, malformed, wrong-format or
   * unfinished ({@code verified=false}) file is a {@link DeploymentException}.
   */
  public static DeployedBridges of(String fileKey, Optional<String> file) {
    if (file.isEmpty()) {
      return new DeployedBridges(fileKey, Optional.empty(), Optional.empty());
    }
    Path p = Path.of(file.get());
    String named = fileKey + " " + p;
    Optional<Deployment> read;
    try {
      read = Deployment.read(p);
    } catch (DeploymentException e) {
      throw new DeploymentException(
          p, e.reason(), named + " is not a " + Deployment.FORMAT + " file: " + e.reason());
    }
    Deployment d =
        read.orElseThrow(
            () -> new DeploymentException(p, "does not exist", named + " does not exist"));
    if (!d.verified()) {
      // The tools write the file before the settings are applied: a bridge may be unconfigured.
      String why = "records a deploy run that did not finish (verified is false)";
      throw new DeploymentException(p, why, named + " " + why + "; run ./tbridge deploy again");
    }
    return new DeployedBridges(fileKey, Optional.of(p), Optional.of(d));
  }

  /** The deployment file, when one is configured. */
  public Optional<Path> file() {
    return file;
  }

  /**
   * The bridge of chain {@code chain} whose config keys start with {@code chainKey} (e.g. {@code
   * relayer.chains.chain-a}), configured with {@code chainId} and, optionally, {@code configured}
   * (the YAML's {@code bridge}). The YAML's value must pass its EIP-55 checksum when mixed-case.
   *
   * @throws IllegalArgumentException one line: a bad or conflicting address, a chain id that
   *     differs from the file's, or no bridge from either source
   */
  public Address bridge(
      String chainKey, String chain, ChainId chainId, Optional<String> configured) {
    Optional<Address> own = configured.map(hex -> parse(chainKey, chain, hex));
    Optional<Deployment.ChainRecord> rec = deployment.flatMap(d -> d.chain(chain));
    if (rec.isEmpty()) {
      return own.orElseThrow(() -> missing(chainKey, chain));
    }
    Deployment.ChainRecord r = rec.get();
    if (r.chainId() != chainId.value()) {
      throw new IllegalArgumentException(
          "chain "
              + chain
              + ": "
              + chainKey
              + ".chain-id is "
              + chainId.value()
              + " but "
              + file.orElseThrow()
              + " records chain id "
              + r.chainId()
              + " for it");
    }
    Address recorded = r.bridgeAddress();
    if (own.isPresent() && !own.get().equals(recorded)) {
      throw new IllegalArgumentException(
          "chain "
              + chain
              + ": "
              + chainKey
              + ".bridge "
              + own.get().toChecksumHex()
              + " differs from bridge "
              + recorded.toChecksumHex()
              + " in "
              + file.orElseThrow()
              + "; remove "
              + chainKey
              + ".bridge to use the deployed one");
    }
    return recorded;
  }

  private IllegalArgumentException missing(String chainKey, String chain) {
    if (file.isEmpty()) {
      return new IllegalArgumentException(
          "chain " + chain + ": " + chainKey + ".bridge is required (or set " + fileKey + ")");
    }
    return new IllegalArgumentException(
        "chain "
            + chain
            + ": "
            + file.get()
            + " records no chain named "
            + chain
            + " (it records "
            + deployment.orElseThrow().chains().stream().map(Deployment.ChainRecord::name).toList()
            + ") and "
            + chainKey
            + ".bridge is not set");
  }

  private static Address parse(String chainKey, String chain, String hex) {
    try {
      return Address.ofChecksummed(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "chain " + chain + ": " + chainKey + ".bridge: " + e.getMessage(), e);
    }
  }
}
