package io.tbridge.relayer.submit;

import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A release transaction that was (or is about to be) sent and is not known to be mined: what a
 * restarted submitter needs to keep watching and replacing it instead of sending a new one. A
 * prewarm transaction (no deposits) is kept too: left stuck, its nonce would hold up every release
 * after it.
 *
 * @param nonce the sender nonce it uses
 * @param depositIds the deposits it releases; empty for a prewarm transaction
 * @param hashes every version sent with this nonce, oldest first
 * @param gasLimit its gas limit
 * @param fees the fees of the newest version
 * @param data the calldata (public: the signed release it carries is not secret)
 * @param lastSent when the newest version was sent
 */
public record PendingSubmission(
    BigInteger nonce,
    List<DepositId> depositIds,
    List<Hash32> hashes,
    BigInteger gasLimit,
    Fees fees,
    byte[] data,
    Instant lastSent) {

  /** Validates presence and copies the lists. */
  public PendingSubmission {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(gasLimit, "gasLimit");
    Objects.requireNonNull(fees, "fees");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(lastSent, "lastSent");
    if (nonce.signum() < 0) {
      throw new IllegalArgumentException("nonce must not be negative: " + nonce);
    }
    depositIds = List.copyOf(depositIds);
    hashes = List.copyOf(hashes);
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("a pending submission needs a tx hash");
    }
    data = data.clone();
  }

  /** Whether this is a prewarm transaction, which releases nothing. */
  public boolean prewarm() {
    return depositIds.isEmpty();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
