package io.tbridge.signer.verify;

import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import java.util.Objects;

/**
 * One chain as this node sees it: its own endpoint quorum, the finality rule, and the bridge
 * deployed there (source of its locks and destination of releases to it).
 *
 * @param name the chain's name in logs
 * @param chainId its id
 * @param bridge the Bridge contract
 * @param profile its finality rule
 * @param reader this node's endpoints, read through the quorum
 */
public record ChainView(
    String name, ChainId chainId, Address bridge, ChainProfile profile, QuorumReader reader) {
  /** Validating constructor. */
  public ChainView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(reader, "reader");
  }
}
