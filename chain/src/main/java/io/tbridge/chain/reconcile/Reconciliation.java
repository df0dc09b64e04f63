package io.tbridge.chain.reconcile;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads two chains' bridges and reconciles them: every {@code Locked}, {@code Released}, {@code
 * DepositVoided} and {@code Refunded} in each chain's range (up to its final head by default), then
 * each custody token's balance and each bridged token's supply at the last block read.
 *
 * <p>The sums only balance over a bridge's whole history: start each range at or before the
 * bridge's deployment block, or a release of a lock made before the range shows as a release
 * without a lock.
 */
public final class Reconciliation {

  /** Blocks per {@code eth_getLogs} before an endpoint's refusal halves it. */
  public static final int DEFAULT_MAX_RANGE = 2_000;

  private final EventReader reader;

  /**
   * A reconciliation judging finality by {@code profile}, asking {@code maxRange} blocks a call.
   */
  public Reconciliation(ChainProfile profile, int maxRange) {
    this.reader = new EventReader(profile, maxRange);
  }

  /**
   * Reconciles {@code a} with {@code b}.
   *
   * @throws ReconcileException if a chain cannot be read (one line saying which and why)
   */
  public ReconcileReport run(ChainSource a, ChainSource b) {
    if (a.chainId().equals(b.chainId())) {
      throw new ReconcileException("both chains have chain id " + a.chainId());
    }
    try {
      long toA = reader.finalTo(a);
      long toB = reader.finalTo(b);
      ChainEvents ea = reader.read(a, toA);
      ChainEvents eb = reader.read(b, toB);
      Map<ChainId, Map<Address, TokenFact>> facts = new LinkedHashMap<>();
      facts.put(a.chainId(), facts(a, toA, tokens(ea, eb)));
      facts.put(b.chainId(), facts(b, toB, tokens(eb, ea)));
      return Reconciler.reconcile(ea, eb, facts);
    } catch (QuorumUnavailableException | QuorumDisagreementException | RpcException e) {
      throw new ReconcileException(oneLine(e.getMessage()), e);
    }
  }

  /** Tokens of {@code own} plus the destination tokens of {@code other}'s locks to it. */
  private static Set<Address> tokens(ChainEvents own, ChainEvents other) {
    Set<Address> out = new LinkedHashSet<>(Reconciler.tokens(own));
    for (LockedEventDecoder.Decoded l : other.locks()) {
      if (l.lock().dstChainId().equals(own.chainId())) {
        out.add(l.lock().dstToken());
      }
    }
    return out;
  }

  private static Map<Address, TokenFact> facts(ChainSource c, long at, Set<Address> tokens) {
    Map<Address, TokenFact> out = new LinkedHashMap<>();
    for (Address t : tokens) {
      out.put(t, TokenReader.read(c, t, at));
    }
    return out;
  }

  private static String oneLine(String s) {
    return s == null ? "no answer" : s.replace('\n', ' ').replaceAll("\\s+", " ").trim();
  }
}
