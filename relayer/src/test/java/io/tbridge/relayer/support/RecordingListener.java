package io.tbridge.relayer.support;

import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.relayer.submit.SubmitJob;
import io.tbridge.relayer.submit.SubmitListener;
import java.util.ArrayList;
import java.util.List;

/** Records status events and dead letters of a submitter. */
public final class RecordingListener implements SubmitListener {

  /** A dead letter as the submitter reported it. */
  public record Dead(SubmitJob job, RejectReason reason, String detail) {}

  private final List<StatusEvent> statuses = new ArrayList<>();
  private final List<Dead> dead = new ArrayList<>();

  @Override
  public synchronized void status(StatusEvent event) {
    statuses.add(event);
  }

  @Override
  public synchronized void deadLetter(SubmitJob job, RejectReason reason, String detail) {
    dead.add(new Dead(job, reason, detail));
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
