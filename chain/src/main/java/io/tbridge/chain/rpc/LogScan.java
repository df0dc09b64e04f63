package io.tbridge.chain.rpc;

import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the logs of one contract over a block range through the endpoint quorum, in chunks of at
 * most {@code maxRange} blocks; a range an endpoint refuses is halved (as the relayer's watcher
 * does) down to one block, and the smaller size is kept for the rest of the scan (the strictest
 * endpoint's limit). The reader's final head must already cover the range.
 */
public final class LogScan {

  private final QuorumReader reader;
  private long range;

  /** A scan over {@code reader} starting with chunks of {@code maxRange} blocks. */
  public LogScan(QuorumReader reader, long maxRange) {
    if (maxRange < 1) {
      throw new IllegalArgumentException("maxRange must be at least 1, got " + maxRange);
    }
    this.reader = reader;
    this.range = maxRange;
  }

  /** Every log of {@code address} with first topic {@code topic0} in [{@code from}, {@code to}]. */
  public List<RpcLog> logs(long from, long to, Address address, Hash32 topic0) {
    return logs(from, to, address, List.of(Optional.of(topic0)));
  }

  /** Every log of {@code address} matching {@code topics} in [{@code from}, {@code to}]. */
  public List<RpcLog> logs(long from, long to, Address address, List<Optional<Hash32>> topics) {
    List<RpcLog> out = new ArrayList<>();
    long start = from;
    while (start <= to) {
      long end = Math.min(to, start + range - 1);
      try {
        out.addAll(reader.logs(start, end, address, topics));
        start = end + 1;
      } catch (RangeTooLargeException e) {
        shrink(start, end, e);
      }
    }
    return out;
  }

  /**
   * The logs of the newest chunk in [{@code from}, {@code to}] that has any matching {@code
   * topics}, searching from {@code to} down; empty if none has.
   */
  public List<RpcLog> newest(long from, long to, Address address, List<Optional<Hash32>> topics) {
    long end = to;
    while (end >= from) {
      long start = Math.max(from, end - range + 1);
      try {
        List<RpcLog> logs = reader.logs(start, end, address, topics);
        if (!logs.isEmpty()) {
          return logs;
        }
        end = start - 1;
      } catch (RangeTooLargeException e) {
        shrink(start, end, e);
      }
    }
    return List.of();
  }

  private void shrink(long start, long end, RangeTooLargeException e) {
    if (end == start) {
      throw e;
    }
    range = Math.max(1, (end - start + 1) / 2);
  }
}
