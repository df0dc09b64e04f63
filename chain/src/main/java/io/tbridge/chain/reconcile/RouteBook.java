package io.tbridge.chain.reconcile;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.ReleasedEventDecoder;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Refunded;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Voided;
import io.tbridge.core.Address;
import io.tbridge.core.DepositId;
import io.tbridge.core.LockEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deposits of one direction (locked on {@code src}, paid on {@code dst}): joins each release,
 * void and refund to its lock by nonce and checks it against the lock (checks a–d of the
 * reconciliation). Events naming a third chain or another bridge are reported, never guessed at.
 */
final class RouteBook {

  private final ChainEvents src;
  private final ChainEvents dst;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<BigInteger, LockedEventDecoder.Decoded> locks = new LinkedHashMap<>();
  private final Map<BigInteger, ReleasedEventDecoder.Decoded> released = new HashMap<>();
  private final Set<BigInteger> voided = new HashSet<>();
  private final Map<BigInteger, Refunded> refunded = new HashMap<>();

  private RouteBook(ChainEvents src, ChainEvents dst) {
    this.src = src;
    this.dst = dst;
  }

  /** Runs the checks of {@code src} → {@code dst}; adds findings to {@code out}. */
  static List<RouteTotals> check(ChainEvents src, ChainEvents dst, List<Finding> out) {
    RouteBook book = new RouteBook(src, dst);
    for (LockedEventDecoder.Decoded l : src.locks()) {
      if (l.lock().dstChainId().equals(dst.chainId())) {
        book.locks.put(l.lock().nonce(), l);
      }
    }
    dst.releases().forEach(book::release);
    dst.voids().forEach(book::voided);
    src.refunds().forEach(book::refund);
    List<RouteTotals> totals = book.totals();
    out.addAll(book.findings);
    return totals;
  }

  private boolean ours(io.tbridge.core.ChainId chain, Address bridge, String what) {
    if (!chain.equals(src.chainId())) {
      return false; // another direction, or a third chain (reported once by Reconciler)
    }
    if (!bridge.equals(src.bridge())) {
      findings.add(
          Finding.critical(
              what
                  + " on "
                  + dst.name()
                  + " names source bridge "
                  + bridge
                  + " on "
                  + src.name()
                  + ", not the reconciled bridge "
                  + src.bridge()));
      return false;
    }
    return true;
  }

  private void release(ReleasedEventDecoder.Decoded r) {
    if (!ours(
        r.srcChainId(), r.srcBridge(), "release " + r.depositId() + " (tx " + r.txHash() + ")")) {
      return;
    }
    String where =
        "release on "
            + dst.name()
            + " of "
            + src.name()
            + " nonce "
            + r.nonce()
            + " (tx "
            + r.txHash()
            + ")";
    LockedEventDecoder.Decoded l = locks.get(r.nonce());
    if (l == null) {
      findings.add(
          Finding.critical(
              where
                  + " has no lock: "
                  + r.amount()
                  + " of "
                  + r.token()
                  + " to "
                  + r.recipient()
                  + " paid without a deposit"));
      return;
    }
    if (released.putIfAbsent(r.nonce(), r) != null) {
      findings.add(Finding.critical(where + " pays deposit " + r.depositId() + " a second time"));
      return;
    }
    LockEvent lock = l.lock();
    if (!lock.recipient().equals(r.recipient())
        || !lock.dstToken().equals(r.token())
        || !lock.amount().equals(r.amount())) {
      findings.add(
          Finding.critical(
              where
                  + " does not match its lock: paid "
                  + r.amount()
                  + " of "
                  + r.token()
                  + " to "
                  + r.recipient()
                  + ", locked "
                  + lock.amount()
                  + " of "
                  + lock.dstToken()
                  + " for "
                  + lock.recipient()));
    }
  }

  private void voided(Voided v) {
    if (!ours(
        v.srcChainId(), v.srcBridge(), "void " + v.depositId() + " (tx " + v.txHash() + ")")) {
      return;
    }
    // Kept even without a lock, so a refund of this nonce is judged on its own lock check only.
    voided.add(v.nonce());
    if (!locks.containsKey(v.nonce())) {
      findings.add(
          Finding.warning(
              "void on "
                  + dst.name()
                  + " of "
                  + src.name()
                  + " nonce "
                  + v.nonce()
                  + " names no lock (tx "
                  + v.txHash()
                  + ")"));
    }
  }

  private void refund(Refunded f) {
    if (!f.dstChainId().equals(dst.chainId())) {
      return;
    }
    String where =
        "refund on " + src.name() + " of nonce " + f.nonce() + " (tx " + f.txHash() + ")";
    if (refunded.putIfAbsent(f.nonce(), f) != null) {
      findings.add(Finding.critical(where + " refunds the nonce a second time"));
      return;
    }
    DepositId id = DepositId.of(src.chainId(), src.bridge(), f.nonce());
    if (!voided.contains(f.nonce())) {
      findings.add(
          Finding.critical(where + " has no DepositVoided of " + id + " on " + dst.name()));
    }
    LockedEventDecoder.Decoded l = locks.get(f.nonce());
    if (l == null) {
      findings.add(Finding.critical(where + " has no lock to " + dst.name()));
      return;
    }
    BigInteger net = l.received().subtract(l.fee());
    if (!l.lock().srcToken().equals(f.token())
        || !l.lock().sender().equals(f.to())
        || !net.equals(f.amount())) {
      findings.add(
          Finding.critical(
              where
                  + " does not match its lock: paid "
                  + f.amount()
                  + " of "
                  + f.token()
                  + " to "
                  + f.to()
                  + ", locked "
                  + net
                  + " of "
                  + l.lock().srcToken()
                  + " by "
                  + l.lock().sender()));
    }
  }

  private List<RouteTotals> totals() {
    Map<List<Address>, Sums> byRoute = new LinkedHashMap<>();
    for (LockedEventDecoder.Decoded l : locks.values()) {
      LockEvent lock = l.lock();
      Sums s = byRoute.computeIfAbsent(List.of(lock.srcToken(), lock.dstToken()), k -> new Sums());
      s.locks++;
      s.lockedNet = s.lockedNet.add(l.received().subtract(l.fee()));
      s.lockedDst = s.lockedDst.add(lock.amount());
      if (released.containsKey(lock.nonce())) {
        s.released++;
        s.releasedDst = s.releasedDst.add(released.get(lock.nonce()).amount());
      } else if (voided.contains(lock.nonce())) {
        s.voided++;
      } else {
        s.pending++;
        s.pendingDst = s.pendingDst.add(lock.amount());
      }
      Refunded f = refunded.get(lock.nonce());
      if (f != null) {
        s.refunded++;
        s.refundedSrc = s.refundedSrc.add(f.amount());
      }
      if (released.containsKey(lock.nonce()) && voided.contains(lock.nonce())) {
        findings.add(
            Finding.critical(
                "deposit "
                    + lock.depositId()
                    + " ("
                    + src.name()
                    + " nonce "
                    + lock.nonce()
                    + ") is both released and voided on "
                    + dst.name()));
      }
    }
    List<RouteTotals> out = new ArrayList<>();
    byRoute.forEach(
        (k, s) ->
            out.add(
                new RouteTotals(
                    src.chainId(),
                    dst.chainId(),
                    k.get(0),
                    k.get(1),
                    s.locks,
                    s.lockedNet,
                    s.lockedDst,
                    s.released,
                    s.releasedDst,
                    s.voided,
                    s.refunded,
                    s.refundedSrc,
                    s.pending,
                    s.pendingDst)));
    return out;
  }

  private static final class Sums {
    long locks;
    long released;
    long voided;
    long refunded;
    long pending;
    BigInteger lockedNet = BigInteger.ZERO;
    BigInteger lockedDst = BigInteger.ZERO;
    BigInteger releasedDst = BigInteger.ZERO;
    BigInteger refundedSrc = BigInteger.ZERO;
    BigInteger pendingDst = BigInteger.ZERO;
  }
}
