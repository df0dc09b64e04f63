package io.tbridge.chain.reconcile;

import io.tbridge.chain.bridge.BridgeViews;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.ReleasedEventDecoder;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Refunded;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Voided;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles two chains' events and token facts (no I/O): both directions' route books (checks
 * a–d), custody of every {@code LOCK_RELEASE} token (e) and the supply of every bridged token
 * against the custody backing it (f).
 */
public final class Reconciler {

  private Reconciler() {}

  /** The tokens of {@code e} whose facts {@link #reconcile} needs. */
  public static Set<Address> tokens(ChainEvents e) {
    Set<Address> out = new LinkedHashSet<>();
    e.locks().forEach(l -> out.add(l.lock().srcToken()));
    e.releases().forEach(r -> out.add(r.token()));
    e.refunds().forEach(f -> out.add(f.token()));
    return out;
  }

  /**
   * The report of {@code a} and {@code b}; {@code facts} holds a fact for every token of {@link
   * #tokens} of each chain, and of every destination token of their locks.
   */
  public static ReconcileReport reconcile(
      ChainEvents a, ChainEvents b, Map<ChainId, Map<Address, TokenFact>> facts) {
    List<Finding> findings = new ArrayList<>();
    List<RouteTotals> routes = new ArrayList<>(RouteBook.check(a, b, findings));
    routes.addAll(RouteBook.check(b, a, findings));
    thirdChains(a, b, findings);
    thirdChains(b, a, findings);
    List<Custody> custody = new ArrayList<>(custody(a, facts.get(a.chainId()), findings));
    custody.addAll(custody(b, facts.get(b.chainId()), findings));
    supply(routes, facts, findings);
    return new ReconcileReport(
        ReconcileReport.RangeRead.of(a),
        ReconcileReport.RangeRead.of(b),
        routes,
        custody,
        findings);
  }

  /** Releases and refunds of {@code e} that name neither chain of this reconciliation. */
  private static void thirdChains(ChainEvents e, ChainEvents other, List<Finding> out) {
    for (ReleasedEventDecoder.Decoded r : e.releases()) {
      if (!r.srcChainId().equals(other.chainId())) {
        out.add(
            Finding.warning(
                "release on "
                    + e.name()
                    + " of a deposit from chain "
                    + r.srcChainId()
                    + " (tx "
                    + r.txHash()
                    + ") is not reconciled: not one of the two chains"));
      }
    }
    for (Voided v : e.voids()) {
      if (!v.srcChainId().equals(other.chainId())) {
        out.add(
            Finding.warning(
                "void on "
                    + e.name()
                    + " of a deposit from chain "
                    + v.srcChainId()
                    + " (tx "
                    + v.txHash()
                    + ") is not reconciled: not one of the two chains"));
      }
    }
    for (Refunded f : e.refunds()) {
      if (!f.dstChainId().equals(other.chainId())) {
        out.add(
            Finding.warning(
                "refund on "
                    + e.name()
                    + " of nonce "
                    + f.nonce()
                    + " voided on chain "
                    + f.dstChainId()
                    + " (tx "
                    + f.txHash()
                    + ") is not reconciled: not one of the two chains"));
      }
    }
  }

  /** Check (e): custody ≥ net locked − released here − refunded, per custody token. */
  private static List<Custody> custody(
      ChainEvents e, Map<Address, TokenFact> facts, List<Finding> out) {
    Map<Address, BigInteger> owed = new LinkedHashMap<>();
    for (LockedEventDecoder.Decoded l : e.locks()) {
      owed.merge(l.lock().srcToken(), l.received().subtract(l.fee()), BigInteger::add);
    }
    for (ReleasedEventDecoder.Decoded r : e.releases()) {
      owed.merge(r.token(), r.amount().negate(), BigInteger::add);
    }
    for (Refunded f : e.refunds()) {
      owed.merge(f.token(), f.amount().negate(), BigInteger::add);
    }
    List<Custody> result = new ArrayList<>();
    owed.forEach(
        (token, sum) -> {
          TokenFact fact = facts.get(token);
          if (fact.mode() != BridgeViews.LOCK_RELEASE) {
            return;
          }
          Custody c = new Custody(e.chainId(), token, fact.bridgeBalance(), sum);
          result.add(c);
          if (!c.covered()) {
            out.add(
                Finding.critical(
                    "custody of "
                        + token
                        + " on "
                        + e.name()
                        + " is "
                        + c.balance()
                        + " but its events owe "
                        + c.owed()
                        + " (short "
                        + c.owed().subtract(c.balance())
                        + ")"));
          }
        });
    return result;
  }

  /**
   * Check (f): supply of each bridged destination token ≤ the custody of its source token, scaled.
   */
  private static void supply(
      List<RouteTotals> routes, Map<ChainId, Map<Address, TokenFact>> facts, List<Finding> out) {
    Set<List<Object>> seen = new LinkedHashSet<>();
    for (RouteTotals r : routes) {
      if (!seen.add(List.of(r.srcChain(), r.srcToken(), r.dstChain(), r.dstToken()))) {
        continue;
      }
      TokenFact src = facts.get(r.srcChain()).get(r.srcToken());
      TokenFact dst = facts.get(r.dstChain()).get(r.dstToken());
      if (src.mode() != BridgeViews.LOCK_RELEASE || dst.mode() != BridgeViews.BURN_MINT) {
        continue;
      }
      // Compare in the finer unit so no rounding can hide a shortfall.
      int shift = src.decimals() - dst.decimals();
      BigInteger supply = dst.totalSupply().multiply(BigInteger.TEN.pow(Math.max(0, shift)));
      BigInteger custody = src.bridgeBalance().multiply(BigInteger.TEN.pow(Math.max(0, -shift)));
      if (supply.compareTo(custody) > 0) {
        out.add(
            Finding.critical(
                "supply "
                    + dst.totalSupply()
                    + " of bridged "
                    + r.dstToken()
                    + " on chain "
                    + r.dstChain()
                    + " exceeds the custody "
                    + src.bridgeBalance()
                    + " of "
                    + r.srcToken()
                    + " on chain "
                    + r.srcChain()
                    + " (scaled by 10^"
                    + shift
                    + ")"));
      }
    }
  }
}
