package io.tbridge.signer.mpc;

import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.SignedMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drives one tss session over the {@link MpcTransport}: registers it, sends its first round, feeds
 * it every message and sends what it answers, until it finishes, aborts, or goes a round deadline
 * without a message. Messages are handled one at a time per session, on the compute executor (a
 * presigning round takes hundreds of milliseconds and must not stall the transport's consumer for
 * other sessions).
 */
public final class SessionDriver {

  private static final Logger LOG = Logger.getLogger(SessionDriver.class);

  /**
   * No session outlives this many round deadlines, whatever arrives: a party that keeps resending
   * an old message (or a replayed record) must not hold a session, and what waits on it, open.
   */
  static final int MAX_DEADLINES = 12;

  private final MpcTransport transport;
  private final Executor compute;
  private final ScheduledExecutorService timers;
  private final java.util.Map<io.tbridge.tss.protocol.SessionId, Run<?>> runs =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A driver over {@code transport}; rounds run on {@code compute}, deadlines on {@code timers}.
   */
  public SessionDriver(MpcTransport transport, Executor compute, ScheduledExecutorService timers) {
    this.transport = transport;
    this.compute = compute;
    this.timers = timers;
  }

  /** Runs {@code session}; the future never completes exceptionally. */
  public <R> CompletableFuture<SessionOutcome<R>> run(
      RoundBasedSession<R> session, Duration roundDeadline) {
    // Signed input only: echo disputes are then settled with the senders' own signatures.
    session.verifyWith(transport.notary());
    Run<R> run = new Run<>(session, roundDeadline);
    runs.put(session.sessionId(), run);
    transport.register(session.sessionId(), run);
    run.serial(run::start);
    return run.done;
  }

  /**
   * Ends the session {@code id}, if it runs here, because member {@code by} gave it up: it cannot
   * complete without that member, so waiting for its round deadline would only cost time.
   */
  public void cancel(io.tbridge.tss.protocol.SessionId id, int by) {
    Run<?> run = runs.get(id);
    if (run != null) {
      run.serial(() -> run.abandoned(by));
    }
  }

  private final class Run<R> implements MpcTransport.Inbox {
    private final RoundBasedSession<R> session;
    private final Duration deadline;
    private final Set<Integer> parties;
    private final CompletableFuture<SessionOutcome<R>> done = new CompletableFuture<>();
    private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
    private boolean draining;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> cap;
    private Set<Integer> awaited = Set.of();

    Run(RoundBasedSession<R> session, Duration deadline) {
      this.session = session;
      this.deadline = deadline;
      this.parties = new HashSet<>(session.parties());
    }

    @Override
    public Set<Integer> parties() {
      return parties;
    }

    @Override
    public void deliver(SignedMessage message) {
      serial(() -> step(() -> session.handle(message)));
    }

    void start() {
      synchronized (this) {
        cap =
            timers.schedule(
                () -> serial(this::expire),
                deadline.toMillis() * MAX_DEADLINES,
                TimeUnit.MILLISECONDS);
      }
      step(session::start);
    }

    /** Runs tasks of this session one at a time, in order, on the compute executor. */
    void serial(Runnable task) {
      synchronized (queue) {
        queue.add(task);
        if (draining) {
          return;
        }
        draining = true;
      }
      compute.execute(this::drain);
    }

    private void drain() {
      while (true) {
        Runnable next;
        synchronized (queue) {
          next = queue.poll();
          if (next == null) {
            draining = false;
            return;
          }
        }
        try {
          next.run();
        } catch (RuntimeException e) {
          LOG.errorf(e, "session %s: unexpected failure", session.sessionId().hex());
          finish(
              new SessionOutcome.Aborted<>(
                  java.util.OptionalInt.empty(), "internal-error", e.toString()));
        }
      }
    }

    private void step(Work work) {
      if (done.isDone()) {
        return;
      }
      List<ProtocolMessage> out;
      try {
        out = work.run();
      } catch (ProtocolAbort e) {
        // What the session produced before the failed check is still due, above all a complaint
        // that lets the other parties reach the same verdict instead of waiting for us.
        for (ProtocolMessage m : session.messagesBeforeAbort()) {
          transport.send(m);
        }
        finish(new SessionOutcome.Aborted<>(e.culprit(), e.check(), e.getMessage()));
        return;
      }
      for (ProtocolMessage m : out) {
        transport.send(m);
      }
      if (session.result().isPresent()) {
        finish(new SessionOutcome.Completed<>(session.result().get()));
        return;
      }
      // Only progress (something to send, or one party fewer awaited) buys another deadline: a
      // repeated message changes neither.
      Set<Integer> now = Set.copyOf(session.awaitedParties());
      if (!out.isEmpty() || !now.equals(awaited) || timer == null) {
        awaited = now;
        rearm();
      }
    }

    private synchronized void rearm() {
      if (timer != null) {
        timer.cancel(false);
      }
      timer =
          timers.schedule(() -> serial(this::expire), deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire() {
      if (done.isDone()) {
        return;
      }
      Set<Integer> suspects = session.awaitedParties();
      session.abortExternally(0, "timeout", "no message within " + deadline + " from " + suspects);
      finish(new SessionOutcome.TimedOut<>(suspects));
    }

    void abandoned(int by) {
      if (done.isDone() || !parties.contains(by)) {
        return;
      }
      session.abortExternally(0, "abandoned", "member " + by + " gave the session up");
      finish(
          new SessionOutcome.Aborted<>(
              java.util.OptionalInt.empty(), "abandoned", "member " + by + " gave it up"));
    }

    private void finish(SessionOutcome<R> outcome) {
      synchronized (this) {
        if (timer != null) {
          timer.cancel(false);
        }
        if (cap != null) {
          cap.cancel(false);
        }
      }
      transport.unregister(session.sessionId());
      runs.remove(session.sessionId(), this);
      done.complete(outcome);
    }
  }

  @FunctionalInterface
  private interface Work {
    List<ProtocolMessage> run() throws ProtocolAbort;
  }
}
