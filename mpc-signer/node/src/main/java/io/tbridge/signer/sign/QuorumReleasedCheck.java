package io.tbridge.signer.sign;

import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Asks the destination bridge, through this node's own endpoint quorum, whether a deposit was paid
 * out. "Unknown" (endpoints down or disagreeing) counts as not released: the only effect is one
 * more attempt, which the contract's replay protection makes harmless.
 */
public final class QuorumReleasedCheck implements ReleasedCheck {

  private static final Logger LOG = Logger.getLogger(QuorumReleasedCheck.class);

  private final Map<ChainId, QuorumReader> readers;

  /** Checks through the reader of each destination chain. */
  public QuorumReleasedCheck(Map<ChainId, QuorumReader> readers) {
    this.readers = Map.copyOf(readers);
  }

  @Override
  public boolean isReleased(Eip712Domain destination, Release release) {
    QuorumReader reader = readers.get(destination.chainId());
    if (reader == null) {
      return false;
    }
    byte[] call =
        BridgeAbi.isReleasedCall(release.srcChainId(), release.srcBridge(), release.nonce());
    try {
      return reader.readAll(
          "isReleased(" + release.depositId() + ")",
          e ->
              BridgeAbi.decodeBool(
                  e.call(
                      Optional.empty(), destination.verifyingContract(), call, BlockRef.LATEST)));
    } catch (RpcException
        | QuorumDisagreementException
        | QuorumUnavailableException
        | IllegalArgumentException e) {
      LOG.debugf("isReleased(%s) unknown: %s", release.depositId(), e.getMessage());
      return false;
    }
  }
}
