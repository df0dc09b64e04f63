package io.tbridge.signer.sign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One deposit this node agreed to sign and has not finished. Touched only on the coordinator's
 * thread, so it needs no locking.
 */
final class Pending {
  /** Which path the deposit is on. */
  enum Mode {
    /** Verified here, waiting for a batch proposal that names it. */
    BATCH_WAIT,
    /** Named by a batch proposal this node follows. */
    IN_BATCH,
    /** On the single-release path (attempts 0, 1, 2, …). */
    SOLO
  }

  final CheckOutcome.Ready ready;
  final List<Runnable> settles = new ArrayList<>();
  final Set<Integer> excluded = new HashSet<>();
  final Instant readyAt;
  int attempt;

  /** The highest attempt another member announced beginning (see ControlMessage.AttemptBegun). */
  int peerAttempt;

  /** This node's committee of its current attempt, while it runs as a member. */
  List<Integer> members = List.of();

  int quorumWaits;
  boolean memberRunning;
  boolean done;
  String lastFailure = "none";
  Mode mode = Mode.SOLO;

  /** Refused by a member as being in another batch there: waits for it, never proposed again. */
  boolean heldBack;

  /** Re-signed alone on the submitter's request: only a single signature finishes it. */
  boolean single;

  BatchSigning.Batch batch;
  ScheduledFuture<?> timer;

  Pending(CheckOutcome.Ready ready, Runnable settled, Instant readyAt) {
    this.ready = ready;
    this.settles.add(settled);
    this.readyAt = readyAt;
  }

  String label() {
    return "deposit=" + ready.release().depositId() + " dst=" + ready.destination().chainId();
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
