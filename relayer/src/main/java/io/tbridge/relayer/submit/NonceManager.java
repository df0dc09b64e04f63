package io.tbridge.relayer.submit;

import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.core.Address;
import java.math.BigInteger;
import org.jboss.logging.Logger;

/**
 * Hands out the sender's nonces in order without gaps. A nonce whose transaction was certainly not
 * accepted is given back (it is always the latest one: the submitter is single-threaded); after an
 * ambiguous error the manager resynchronises from the chain's pending count.
 */
public final class NonceManager {

  private static final Logger LOG = Logger.getLogger(NonceManager.class);

  private final EthRpc rpc;
  private final Address account;
  private BigInteger next;

  /** Nonces of {@code account} on the chain behind {@code rpc}. */
  public NonceManager(EthRpc rpc, Address account) {
    this.rpc = rpc;
    this.account = account;
  }

  /** The next nonce, loaded from the chain's pending count the first time. */
  public synchronized BigInteger acquire() {
    return acquire(BigInteger.ZERO);
  }

  /**
   * The next nonce, at least {@code floor}: nonces below it belong to transactions this sender
   * still tracks, which the node may not have (lost sends, a restart) and which will be re-sent.
   */
  public synchronized BigInteger acquire(BigInteger floor) {
    if (next == null) {
      next = rpc.transactionCount(account, BlockRef.PENDING);
    }
    next = next.max(floor);
    BigInteger n = next;
    next = next.add(BigInteger.ONE);
    return n;
  }

  /**
   * Gives back {@code nonce} whose transaction the node refused; if it is not the latest handed
   * out, the manager resynchronises instead so no gap can remain.
   */
  public synchronized void release(BigInteger nonce) {
    if (next != null && nonce.add(BigInteger.ONE).equals(next)) {
      next = nonce;
    } else {
      resync();
    }
  }

  /** Forgets the local count; the next {@link #acquire} reads the chain's pending count. */
  public synchronized void resync() {
    LOG.infof("account=%s nonce resync", account);
    next = null;
  }

  /** The sender account. */
  public Address account() {
    return account;
  }
}
