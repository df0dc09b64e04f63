package io.tbridge.tools.reconcile;

import io.tbridge.core.Address;
import java.net.URI;
import java.util.Objects;

/**
 * One chain as the command line and the deployment file name it.
 *
 * @param name chain name (the deployment file's, or {@code a} / {@code b})
 * @param rpcUrl the endpoint
 * @param chainId the chain id the endpoint must report
 * @param bridge the Bridge
 * @param fromBlock first block to read
 */
record ChainTarget(String name, URI rpcUrl, long chainId, Address bridge, long fromBlock) {

  /** Validates presence and ranges. */
  ChainTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(bridge, "bridge");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain " + name + ": chain id must be positive");
    }
    if (fromBlock < 0) {
      throw new IllegalArgumentException("chain " + name + ": from-block must not be negative");
    }
  }
}
