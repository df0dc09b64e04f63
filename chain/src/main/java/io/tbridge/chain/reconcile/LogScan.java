package io.tbridge.chain.reconcile;

import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.RangeTooLargeException;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one event of one contract over a block range through the endpoint quorum, in chunks of at
 * most {@code maxRange} blocks; a range an endpoint refuses is halved (as the relayer's watcher
 * does) down to one block. The reader's final head must already cover {@code to}.
 */
final class LogScan {

  private final QuorumReader reader;
  private int range;

  /** A scan over {@code reader} starting with chunks of {@code maxRange} blocks. */
  LogScan(QuorumReader reader, int maxRange) {
    if (maxRange < 1) {
      throw new IllegalArgumentException("maxRange must be at least 1, got " + maxRange);
    }
    this.reader = reader;
    this.range = maxRange;
  }

  /** Every log of {@code address} with first topic {@code topic0} in [{@code from}, {@code to}]. */
  List<RpcLog> logs(long from, long to, Address address, Hash32 topic0) {
    List<RpcLog> out = new ArrayList<>();
    long start = from;
    while (start <= to) {
      long end = Math.min(to, start + range - 1);
      try {
        out.addAll(reader.logs(start, end, address, topic0));
        start = end + 1;
      } catch (RangeTooLargeException e) {
        if (end == start) {
          throw e;
        }
        // The smaller size is kept for the rest of the scan: the strictest endpoint's limit.
        range = (int) Math.max(1, (end - start + 1) / 2);
      }
    }
    return out;
  }
}
