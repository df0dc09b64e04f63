package io.tbridge.signer.intake;

import io.tbridge.core.LockEvent;

/** Where the lock consumer hands each decoded lock hint. */
@FunctionalInterface
public interface LockIntake {

  /**
   * Takes one lock hint (a claim to check, never a fact). {@code settled} must be run exactly once
   * when the node is done with the deposit for good (signed, refused or parked), so that the
   * record's offset may be committed; a hint that is deferred keeps its offset open and is
   * redelivered after a restart.
   */
  void accept(LockEvent hint, Runnable settled);
}
