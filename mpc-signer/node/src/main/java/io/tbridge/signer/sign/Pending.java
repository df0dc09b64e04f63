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
  final CheckOutcome.Ready ready;
  final List<Runnable> settles = new ArrayList<>();
  final Set<Integer> excluded = new HashSet<>();
  final Instant readyAt;
  int attempt;
  int quorumWaits;
  boolean announced;
  boolean memberRunning;
  boolean done;
  String lastFailure = "none";
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
