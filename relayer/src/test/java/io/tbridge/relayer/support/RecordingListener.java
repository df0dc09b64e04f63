package io.tbridge.relayer.support;

import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.relayer.submit.SubmitJob;
import io.tbridge.relayer.submit.SubmitListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Records status events, dead letters and single-release requests of a submitter (the submitter's
 * Kafka side has its own tests on a real broker).
 */
public final class RecordingListener implements SubmitListener {

  /** A dead letter as the submitter reported it. */
  public record Dead(SubmitJob job, RejectReason reason, String detail) {}

  private final List<StatusEvent> statuses = new ArrayList<>();
  private final List<Dead> dead = new ArrayList<>();
  private final List<io.tbridge.core.wire.SingleRequest> requests = new ArrayList<>();
  private int requestFailures;

  @Override
  public synchronized void status(StatusEvent event) {
    statuses.add(event);
  }

  @Override
  public synchronized void deadLetter(SubmitJob job, RejectReason reason, String detail) {
    dead.add(new Dead(job, reason, detail));
  }

  @Override
  public synchronized void requestSingles(List<io.tbridge.core.wire.SingleRequest> rs) {
    if (requestFailures > 0) {
      requestFailures--;
      throw new IllegalStateException("broker unavailable (test)");
    }
    requests.addAll(rs);
  }

  /** The next {@code n} request publications fail, as an unreachable broker makes them. */
  public synchronized void failNextRequests(int n) {
    requestFailures = n;
  }

  /** Single-release requests so far. */
  public synchronized List<io.tbridge.core.wire.SingleRequest> requests() {
    return List.copyOf(requests);
  }

  /** Status events so far. */
  public synchronized List<StatusEvent> statuses() {
    return List.copyOf(statuses);
  }

  /** Dead letters so far. */
  public synchronized List<Dead> dead() {
    return List.copyOf(dead);
  }
}
