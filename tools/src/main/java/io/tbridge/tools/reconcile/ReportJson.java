package io.tbridge.tools.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbridge.chain.reconcile.Custody;
import io.tbridge.chain.reconcile.Finding;
import io.tbridge.chain.reconcile.ReconcileReport;
import io.tbridge.chain.reconcile.RouteTotals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a report: addresses EIP-55, amounts as decimal strings (they exceed what JSON
 * numbers carry exactly), counts as numbers.
 */
final class ReportJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  static String render(ReconcileReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clean", r.clean());
    out.put("chains", List.of(r.a(), r.b()));
    out.put("routes", r.routes().stream().map(ReportJson::route).toList());
    out.put("custody", r.custody().stream().map(ReportJson::custody).toList());
    out.put("findings", r.findings().stream().map(ReportJson::finding).toList());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report", e);
    }
  }

  private static Map<String, Object> route(RouteTotals t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("srcChainId", t.srcChain().value());
    m.put("dstChainId", t.dstChain().value());
    m.put("srcToken", t.srcToken().toChecksumHex());
    m.put("dstToken", t.dstToken().toChecksumHex());
    m.put("locks", t.locks());
    m.put("lockedNetSrc", t.lockedNet().toString());
    m.put("lockedDst", t.lockedDst().toString());
    m.put("released", t.released());
    m.put("releasedDst", t.releasedDst().toString());
    m.put("voided", t.voided());
    m.put("refunded", t.refunded());
    m.put("refundedSrc", t.refundedSrc().toString());
    m.put("pending", t.pending());
    m.put("pendingDst", t.pendingDst().toString());
    return m;
  }

  private static Map<String, Object> custody(Custody c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chainId", c.chainId().value());
    m.put("token", c.token().toChecksumHex());
    m.put("balance", c.balance().toString());
    m.put("owed", c.owed().toString());
    m.put("covered", c.covered());
    return m;
  }

  private static Map<String, Object> finding(Finding f) {
    return Map.of("severity", f.severity().name(), "text", f.text());
  }
}
