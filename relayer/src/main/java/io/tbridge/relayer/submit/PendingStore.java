package io.tbridge.relayer.submit;

import java.math.BigInteger;
import java.util.List;

/** Durable record of the submitter's transactions in flight, one entry per sender nonce. */
public interface PendingStore {

  /** Every pending submission, by increasing nonce. */
  List<PendingSubmission> load();

  /** Records or replaces the entry of {@code p.nonce()}; durable when it returns. */
  void save(PendingSubmission p);

  /** Forgets the entry of {@code nonce}; durable when it returns. */
  void remove(BigInteger nonce);
}
