package io.tbridge.relayer.submit;

import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.StatusEvent;

/** Where the submitter reports lifecycle events and releases it gives up on. */
public interface SubmitListener {

  /** A lifecycle event (best effort). */
  void status(StatusEvent event);

  /** A release that will never be sent: to the dead-letter topic, with an alert. */
  void deadLetter(SubmitJob job, RejectReason reason, String detail);

  /**
   * Asks the signers to sign each deposit of {@code requests} as a single release; returns only
   * once the requests are durable, throws if they are not.
   */
  void requestSingles(java.util.List<io.tbridge.core.wire.SingleRequest> requests);
}
