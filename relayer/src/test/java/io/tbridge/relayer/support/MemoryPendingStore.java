package io.tbridge.relayer.support;

import io.tbridge.relayer.submit.PendingStore;
import io.tbridge.relayer.submit.PendingSubmission;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** A pending store in memory, for tests that do not restart the submitter. */
public final class MemoryPendingStore implements PendingStore {

  private final ConcurrentSkipListMap<BigInteger, PendingSubmission> entries =
      new ConcurrentSkipListMap<>();

  @Override
  public List<PendingSubmission> load() {
    return new ArrayList<>(entries.values());
  }

  @Override
  public void save(PendingSubmission p) {
    entries.put(p.nonce(), p);
  }

  @Override
  public void remove(BigInteger nonce) {
    entries.remove(nonce);
  }
}
