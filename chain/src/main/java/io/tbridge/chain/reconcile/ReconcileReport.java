package io.tbridge.chain.reconcile;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one reconciliation.
 *
 * @param a the first chain's events
 * @param b the second chain's events
 * @param routes per-route sums, both directions
 * @param custody custody per {@code LOCK_RELEASE} token of either bridge
 * @param findings everything that does not balance; empty when clean
 */
public record ReconcileReport(
    RangeRead a,
    RangeRead b,
    List<RouteTotals> routes,
    List<Custody> custody,
    List<Finding> findings) {

  /**
   * What was read of one chain.
   *
   * @param name the chain's name
   * @param chainId its id
   * @param bridge its bridge (EIP-55)
   * @param fromBlock first block read
   * @param toBlock last block read
   */
  public record RangeRead(String name, long chainId, String bridge, long fromBlock, long toBlock) {
    /** Validates presence. */
    public RangeRead {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bridge, "bridge");
    }

    static RangeRead of(ChainEvents e) {
      return new RangeRead(
          e.name(), e.chainId().value(), e.bridge().toChecksumHex(), e.fromBlock(), e.toBlock());
    }
  }

  /** Validates presence; copies the lists. */
  public ReconcileReport {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    routes = List.copyOf(routes);
    custody = List.copyOf(custody);
    findings = List.copyOf(findings);
  }

  /** Whether nothing was found. */
  public boolean clean() {
    return findings.isEmpty();
  }
}
