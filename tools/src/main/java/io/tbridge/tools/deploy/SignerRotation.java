package io.tbridge.tools.deploy;

import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Moves a bridge's group signer to the plan's, which the contract only allows through its timelock:
 * schedule, wait the delay, execute. Waits only up to {@code maxWait}; a longer delay leaves the
 * rotation scheduled and fails, naming when a re-run can execute it (a re-run finds the schedule
 * and does not schedule again). A key the bridge rotated away from is refused up front: the
 * contract never takes one back.
 */
final class SignerRotation {

  /** How long a schedule stays executable after its delay (the contract's constant). */
  private static final long GRACE_SECONDS = 14L * 24 * 3600;

  private final ChainClient c;
  private final Bridge b;
  private final Address signer;
  private final Clock clock;
  private final Duration maxWait;
  private final PrintWriter log;

  SignerRotation(
      ChainClient c, Bridge b, Address signer, Clock clock, Duration maxWait, PrintWriter log) {
    this.c = c;
    this.b = b;
    this.signer = signer;
    this.clock = clock;
    this.maxWait = maxWait;
    this.log = log;
  }

  void run() {
    String s = signer.toLowerHex();
    // The bridge never takes back a key it rotated away from (its old signatures would be live
    // again); say so plainly instead of failing on the reverted schedule.
    if (c.view("isRetiredSigner()", b.isRetiredSigner(s))) {
      throw c.fail(
          "group signer "
              + signer
              + " is retired on this bridge (it was the group signer before); a retired key can"
              + " never be the group signer again: the plan must name a new group address");
    }
    byte[] id = c.view("rotationOperationId()", b.rotationOperationId(s));
    long readyAt = c.view("operationReadyAt()", b.operationReadyAt(id)).longValueExact();
    long now = c.latestTimestamp();
    if (readyAt == 0 || now > readyAt + GRACE_SECONDS) {
      long delay = c.view("timelockDelay()", b.timelockDelay()).longValueExact();
      c.send("scheduleGroupSignerRotation " + signer, b.scheduleGroupSignerRotation(s));
      readyAt = c.view("operationReadyAt()", b.operationReadyAt(id)).longValueExact();
      if (delay > maxWait.toSeconds()) {
        throw notYet(readyAt);
      }
    } else if (readyAt - Math.max(now, clock.instant().getEpochSecond()) > maxWait.toSeconds()) {
      throw notYet(readyAt);
    }
    waitUntil(readyAt);
    c.send("executeGroupSignerRotation " + signer, b.executeGroupSignerRotation(s));
  }

  private DeployException notYet(long readyAt) {
    return c.fail(
        "group signer rotation to "
            + signer
            + " is scheduled (timelock); it is executable from "
            + Instant.ofEpochSecond(readyAt)
            + ": run deploy again then (or raise --max-timelock-wait)");
  }

  /** Waits until the chain's next block can carry a timestamp at or after {@code readyAt}. */
  private void waitUntil(long readyAt) {
    log.printf("%s: waiting for the timelock until %s%n", c.name(), Instant.ofEpochSecond(readyAt));
    log.flush();
    Instant deadline = clock.instant().plus(maxWait).plusSeconds(30);
    while (c.latestTimestamp() < readyAt && clock.instant().getEpochSecond() <= readyAt) {
      if (clock.instant().isAfter(deadline)) {
        throw notYet(readyAt);
      }
      sleep();
    }
    // A new block is stamped at least with the wall clock (and after the latest block), so once
    // either has passed readyAt the execution's block is late enough.
    sleep();
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted while waiting for the timelock");
    }
  }
}
