package io.tbridge.chain.reconcile;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.ReleasedEventDecoder;
import io.tbridge.chain.bridge.StuckDepositEventDecoder;
import io.tbridge.chain.rpc.LogScan;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Hash32;
import io.tbridge.core.finality.ChainProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads one chain's reconciliation events up to its final head (or the asked block, which must be
 * final) through the endpoint quorum, in chunks of {@code maxRange} blocks.
 */
final class EventReader {

  private final ChainProfile profile;
  private final int maxRange;

  /**
   * A reader judging finality by {@code profile}, asking at most {@code maxRange} blocks a call.
   */
  EventReader(ChainProfile profile, int maxRange) {
    this.profile = profile;
    this.maxRange = maxRange;
  }

  /** The final block the range ends at: {@code toBlock}, or the final head when not given. */
  long finalTo(ChainSource c) {
    OptionalLong head = c.reader().finalHead(profile);
    if (head.isEmpty()) {
      throw new ReconcileException("chain " + c.name() + ": no final block reported by a quorum");
    }
    long to = c.toBlock().orElse(head.getAsLong());
    if (to > head.getAsLong()) {
      throw new ReconcileException(
          "chain "
              + c.name()
              + ": to-block "
              + to
              + " is above the final head "
              + head.getAsLong());
    }
    if (c.fromBlock() > to) {
      throw new ReconcileException(
          "chain " + c.name() + ": from-block " + c.fromBlock() + " is above to-block " + to);
    }
    return to;
  }

  /** Every event of {@code c}'s bridge in [{@code c.fromBlock()}, {@code to}]. */
  ChainEvents read(ChainSource c, long to) {
    LogScan scan = new LogScan(c.reader(), maxRange);
    return new ChainEvents(
        c.name(),
        c.chainId(),
        c.bridge(),
        c.fromBlock(),
        to,
        decode(
            c,
            scan,
            to,
            LockedEventDecoder.TOPIC,
            l -> LockedEventDecoder.decodeWithAccounting(c.chainId(), c.bridge(), l)),
        decode(
            c,
            scan,
            to,
            ReleasedEventDecoder.TOPIC,
            l -> ReleasedEventDecoder.decode(c.bridge(), l)),
        decode(
            c,
            scan,
            to,
            StuckDepositEventDecoder.VOIDED_TOPIC,
            l -> StuckDepositEventDecoder.decodeVoided(c.bridge(), l)),
        decode(
            c,
            scan,
            to,
            StuckDepositEventDecoder.REFUNDED_TOPIC,
            l -> StuckDepositEventDecoder.decodeRefunded(c.bridge(), l)));
  }

  private static <T> List<T> decode(
      ChainSource c, LogScan scan, long to, Hash32 topic, Function<RpcLog, T> decoder) {
    List<T> out = new ArrayList<>();
    for (RpcLog log : scan.logs(c.fromBlock(), to, c.bridge(), topic)) {
      try {
        out.add(decoder.apply(log));
      } catch (IllegalArgumentException e) {
        // The bridge itself emitted it: an ABI we cannot read makes every sum meaningless.
        throw new ReconcileException(
            "chain "
                + c.name()
                + ": undecodable event at block "
                + log.position()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }
}
