package io.tbridge.tools.reconcile;

import io.tbridge.chain.reconcile.Custody;
import io.tbridge.chain.reconcile.Finding;
import io.tbridge.chain.reconcile.ReconcileReport;
import io.tbridge.chain.reconcile.RouteTotals;
import java.io.PrintWriter;
import java.util.Map;

/** The human form of a report: what was read, a table per route, custody, then the findings. */
final class ReportText {

  private static final String ROW =
      "%-10s %-10s %-42s %-42s %6s %26s %26s %8s %7s %8s %26s %7s %26s%n";

  private ReportText() {}

  static void print(ReconcileReport r, PrintWriter out) {
    for (ReconcileReport.RangeRead c : new ReconcileReport.RangeRead[] {r.a(), r.b()}) {
      out.printf(
          "%s: chain id %d, bridge %s, blocks %d..%d%n",
          c.name(), c.chainId(), c.bridge(), c.fromBlock(), c.toBlock());
    }
    Map<Long, String> names = Map.of(r.a().chainId(), r.a().name(), r.b().chainId(), r.b().name());
    out.println();
    out.printf(
        ROW,
        "from",
        "to",
        "source token",
        "destination token",
        "locks",
        "locked (src, net)",
        "locked (dst)",
        "released",
        "voided",
        "refunded",
        "refunded (src)",
        "pending",
        "pending (dst)");
    for (RouteTotals t : r.routes()) {
      out.printf(
          ROW,
          names.get(t.srcChain().value()),
          names.get(t.dstChain().value()),
          t.srcToken().toChecksumHex(),
          t.dstToken().toChecksumHex(),
          t.locks(),
          t.lockedNet(),
          t.lockedDst(),
          t.released(),
          t.voided(),
          t.refunded(),
          t.refundedSrc(),
          t.pending(),
          t.pendingDst());
    }
    if (r.routes().isEmpty()) {
      out.println("(no locks in the range)");
    }
    out.println();
    for (Custody c : r.custody()) {
      out.printf(
          "custody %s %s: balance %s, owed by events %s%s%n",
          names.get(c.chainId().value()),
          c.token().toChecksumHex(),
          c.balance(),
          c.owed(),
          c.covered() ? "" : "  SHORT");
    }
    out.println();
    if (r.findings().isEmpty()) {
      out.println("findings: none");
    } else {
      out.println("findings: " + r.findings().size());
      for (Finding f : r.findings()) {
        out.println(f.severity() + ": " + f.text());
      }
    }
    out.flush();
  }
}
