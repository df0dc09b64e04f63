package io.tbridge.relayer.watch;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Start-up guard of a chain's checkpoint: the checkpoint must have been written for the configured
 * bridge and finality profile, else a corrected address would resume past locks that the wrong one
 * never saw. A changed or missing binding refuses the start until the operator asks for a rescan
 * with {@code watch.rescan-from-block}, which is applied once per value.
 */
public final class CheckpointGuard {

  private CheckpointGuard() {}

  /** Thrown when the checkpoint does not belong to the configured bridge and profile. */
  public static final class BindingMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BindingMismatchException(String message) {
      super(message);
    }
  }

  /**
   * Checks (and on a requested rescan, resets) the checkpoint of {@code s}'s chain before its
   * watcher starts; returns a one-line description of what it did, for the log.
   *
   * @throws BindingMismatchException if the stored binding differs or is missing and no new rescan
   *     is requested
   */
  public static String prepare(WatchSettings s, OptionalLong rescanFrom, CheckpointStore store) {
    Optional<CheckpointBinding> stored = store.binding(s.chainId());
    Optional<Checkpoint> cp = store.load(s.chainId());
    OptionalLong applied =
        stored.map(CheckpointBinding::rescanApplied).orElse(OptionalLong.empty());
    CheckpointBinding wanted =
        new CheckpointBinding(s.chainId(), s.bridge(), s.profile().name(), applied);
    if (rescanFrom.isPresent() && !rescanFrom.equals(applied)) {
      long from = rescanFrom.getAsLong();
      if (from < 0) {
        throw new IllegalArgumentException(
            "chain " + s.name() + ": watch.rescan-from-block must be >= 0, got " + from);
      }
      // Checkpoint first: a crash before the binding is written re-applies the rescan next start.
      store.save(s.chainId(), Checkpoint.before(from));
      store.bind(
          s.chainId(),
          new CheckpointBinding(s.chainId(), s.bridge(), s.profile().name(), rescanFrom));
      return "rescanning from block "
          + from
          + (cp.isPresent() ? " (checkpoint was block " + cp.get().block() + ")" : "")
          + ", checkpoint bound to "
          + wanted.describe();
    }
    if (cp.isEmpty()) {
      store.bind(s.chainId(), wanted);
      return "no checkpoint, scanning from start-block " + s.startBlock();
    }
    String key = "relayer.chains." + s.name() + ".watch.rescan-from-block";
    long block = cp.get().block();
    if (stored.isEmpty()) {
      throw new BindingMismatchException(
          "chain "
              + s.name()
              + ": checkpoint at block "
              + block
              + " has no binding (written by an older relayer), configured "
              + wanted.describe()
              + "; if it was written for exactly this bridge and profile adopt it with "
              + key
              + "="
              + (block + 1)
              + ", otherwise rescan with "
              + key
              + "=<the bridge's deployment block>");
    }
    if (!stored.get().sameTarget(wanted)) {
      throw new BindingMismatchException(
          "chain "
              + s.name()
              + ": checkpoint at block "
              + block
              + " is bound to "
              + stored.get().describe()
              + " but the config has "
              + wanted.describe()
              + "; to rescan set "
              + key
              + "=<the bridge's deployment block>"
              + (applied.isPresent()
                  ? " (a value other than the last applied " + applied.getAsLong() + ")"
                  : ""));
    }
    return "resuming after block " + block + ", checkpoint bound to " + wanted.describe();
  }
}
