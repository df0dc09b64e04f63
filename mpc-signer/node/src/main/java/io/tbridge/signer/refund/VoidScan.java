package io.tbridge.signer.refund;

import io.tbridge.chain.bridge.StuckDepositEventDecoder;
import io.tbridge.chain.rpc.LogScan;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.signer.state.RefundLedger;
import io.tbridge.signer.verify.ChainView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Finds the {@code DepositVoided} events of one chain's bridge that are final on this node's own
 * view (its endpoint quorum), from where the last search stopped. A node searching for the first
 * time starts {@link #FIRST_LOOKBACK} blocks below the final head.
 */
final class VoidScan {

  private static final Logger LOG = Logger.getLogger(VoidScan.class);

  /** How far below the final head a node's first search starts. */
  static final long FIRST_LOOKBACK = 200_000;

  /** Blocks per {@code eth_getLogs}; halved while an endpoint refuses the range. */
  private static final long CHUNK = 5_000;

  /**
   * A final void.
   *
   * @param voided the event
   * @param block the block it is in
   */
  record Found(StuckDepositEventDecoder.Voided voided, long block) {
    Found {
      Objects.requireNonNull(voided, "voided");
    }
  }

  /**
   * One search: the voids found, in chain order, and the first block not searched.
   *
   * @param found the final voids in the searched range
   * @param from the first block searched
   * @param next the first block after the searched range
   */
  record Result(List<Found> found, long from, long next) {
    Result {
      found = List.copyOf(found);
    }
  }

  private final ChainView chain;
  private final RefundLedger ledger;

  VoidScan(ChainView chain, RefundLedger ledger) {
    this.chain = chain;
    this.ledger = ledger;
  }

  ChainView chain() {
    return chain;
  }

  /** Searches from the recorded block to the final head; empty if the head is unknown now. */
  java.util.Optional<Result> search() {
    OptionalLong fin = chain.reader().finalHead(chain.profile());
    if (fin.isEmpty()) {
      return java.util.Optional.empty();
    }
    long head = fin.getAsLong();
    OptionalLong recorded = ledger.nextVoidBlock(chain.chainId());
    long from = recorded.orElse(Math.max(0, head - FIRST_LOOKBACK));
    List<Found> found = new ArrayList<>();
    List<RpcLog> logs =
        new LogScan(chain.reader(), CHUNK)
            .logs(from, head, chain.bridge(), StuckDepositEventDecoder.VOIDED_TOPIC);
    for (RpcLog log : logs) {
      try {
        found.add(
            new Found(
                StuckDepositEventDecoder.decodeVoided(chain.bridge(), log), log.blockNumber()));
      } catch (IllegalArgumentException e) {
        LOG.errorf(
            "ALERT chain=%s: a DepositVoided log of the bridge in block %d does not decode: %s",
            chain.name(), log.blockNumber(), e.getMessage());
      }
    }
    return java.util.Optional.of(new Result(found, from, head + 1));
  }
}
