package io.tbridge.signer.sign;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.Signature65;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.signer.mpc.CommitteeSelector;
import io.tbridge.signer.mpc.ControlMessage.BatchAbandoned;
import io.tbridge.signer.mpc.ControlMessage.BatchProposal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Batching of verified deposits per destination chain. Time is cut into windows, windows into turns
 * of {@code proposerSpan} windows; the proposer of every window of turn m for chain c is party
 * {@code parties[(m + c) mod n]}, so every node knows it without a leader election, a dead proposer
 * costs one turn, and within a turn one party alone proposes, so no two proposals of a turn can
 * name the same deposit however late they arrive. At each window the proposer names up to {@code
 * maxSize} deposits it verified and a committee; a node that has not verified a named deposit yet
 * holds the proposal briefly (its own verification is usually milliseconds behind) before it
 * decides. Each member builds the batch from the releases <em>it</em> verified and agreed and signs
 * it, or refuses the whole proposal naming the first deposit it cannot vouch for. A refused, failed
 * or timed-out batch sends its deposits to the single-release path (a deposit refused because it is
 * in another batch at the refuser waits for that batch instead), as does a deposit no batch took
 * within {@code soloAfter}.
 *
 * <p>Safety does not rest on the proposer: a proposal carries deposit ids only, never releases or a
 * digest, so a lying proposer can at worst make honest members refuse (SECURITY 25). Touched only
 * on the coordinator's thread.
 */
final class BatchSigning {

  private static final Logger LOG = Logger.getLogger(BatchSigning.class);

  /** Clock skew and delivery lag between nodes that a proposal may be off by. */
  private static final Duration SKEW = Duration.ofSeconds(2);

  /** The refusal check of a deposit that is on another path (another batch, or alone) here. */
  private static final String OTHER_PATH = "other-path";

  /** Longest a node holds a proposal naming a deposit it has not verified yet. */
  private static final Duration MAX_HOLD = Duration.ofSeconds(2);

  /** What the batching needs from the coordinator. */
  interface Host {
    /** The deposit this node is signing, if any (verified here and not finished). */
    Optional<Pending> pending(DepositId id);

    /** Moves {@code p} to the single-release path. */
    void solo(Pending p, String why);

    /** A batch signature over {@code batch} verified for the group: publish it, finish them. */
    void batchSigned(
        List<Pending> deposits,
        ReleaseBatch batch,
        Eip712Domain domain,
        Signature65 signature,
        List<Integer> members,
        long window,
        boolean finish);

    /** Parties heard from recently. */
    Set<Integer> liveParties();

    /** Sends a control message to every other node. */
    void send(io.tbridge.signer.mpc.ControlMessage message);
  }

  /** One batch this node follows (as a member or a bystander). */
  static final class Batch {
    final ChainId dst;
    final long window;
    final List<Integer> members;
    final List<Pending> deposits;
    boolean done;
    ScheduledFuture<?> timer;

    /** The digest this node signs, once it runs the batch as a member. */
    Optional<Hash32> digest = Optional.empty();

    Batch(ChainId dst, long window, List<Integer> members, List<Pending> deposits) {
      this.dst = dst;
      this.window = window;
      this.members = members;
      this.deposits = deposits;
    }

    String label() {
      return "batch dst=" + dst + " window=" + window + " (" + deposits.size() + " deposits)";
    }
  }

  private record Key(ChainId dst, long window) {}

  /** A proposal held until this node verified every deposit it names, or until {@code until}. */
  private record Held(int from, BatchProposal proposal, Instant until) {}

  private final BatchSettings settings;
  private final CoordinatorSettings node;
  private final CommitteeSigning committee;
  private final Host host;
  private final SignerMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final Map<ChainId, LinkedHashMap<DepositId, Pending>> waiting = new HashMap<>();
  private final Map<Key, Batch> batches = new HashMap<>();
  private final List<Held> held = new ArrayList<>();
  private final long skewWindows;
  private final Duration hold;

  /** Deposits this node refused in a proposal because it had not seen them yet; bounded. */
  private final Set<DepositId> refusedHere =
      java.util.Collections.newSetFromMap(
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DepositId, Boolean> e) {
              return size() > 10_000;
            }
          });

  BatchSigning(
      BatchSettings settings,
      CoordinatorSettings node,
      CommitteeSigning committee,
      Host host,
      SignerMetrics metrics,
      Clock clock,
      ScheduledExecutorService loop) {
    this.settings = settings;
    this.node = node;
    this.committee = committee;
    this.host = host;
    this.metrics = metrics;
    this.clock = clock;
    this.loop = loop;
    long ms = Math.max(1, settings.window().toMillis());
    this.skewWindows = Math.max(2, (SKEW.toMillis() + ms - 1) / ms);
    // Every member must sign anyway, so waiting for a slower member's verification costs the
    // batch nothing it would not wait for; only a deposit it never verifies (forged, finished)
    // makes the wait a loss, and that is bounded.
    Duration half = settings.soloAfter().dividedBy(2);
    this.hold = half.compareTo(MAX_HOLD) < 0 ? half : MAX_HOLD;
  }

  /** Starts the window ticks. */
  void start() {
    long ms = settings.window().toMillis();
    loop.scheduleAtFixedRate(this::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The proposer of window {@code window} for {@code dst}, in turns of {@code span} windows. */
  static int proposer(List<Integer> parties, ChainId dst, long window, int span) {
    List<Integer> sorted = parties.stream().sorted().toList();
    long turn = Math.floorDiv(window, span);
    return sorted.get((int) Math.floorMod(turn + dst.value(), (long) sorted.size()));
  }

  private int proposer(ChainId dst, long window) {
    return proposer(node.parties(), dst, window, settings.proposerSpan());
  }

  /**
   * Takes a verified deposit: it waits for a batch, unless this node already refused it in a
   * proposal (it had not verified it then), in which case the others sign it alone.
   */
  void enqueue(Pending p) {
    DepositId id = p.ready.release().depositId();
    if (refusedHere.remove(id)) {
      host.solo(p, "refused in a batch before this node verified it");
      return;
    }
    p.mode = Pending.Mode.BATCH_WAIT;
    waiting.computeIfAbsent(dst(p), c -> new LinkedHashMap<>()).put(id, p);
    releaseHeld(false);
  }

  /**
   * Decides the held proposals whose deposits this node now all knows, and, with {@code expired},
   * those held too long (they are then refused or followed as they stand).
   */
  private void releaseHeld(boolean expired) {
    if (held.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    for (Held h : new ArrayList<>(held)) {
      boolean known = h.proposal().deposits().stream().allMatch(d -> host.pending(d).isPresent());
      if (known || (expired && !now.isBefore(h.until()))) {
        held.remove(h);
        decide(h.from(), h.proposal());
      }
    }
  }

  /** Forgets a finished deposit. */
  void forget(Pending p) {
    LinkedHashMap<DepositId, Pending> w = waiting.get(dst(p));
    if (w != null) {
      w.remove(p.ready.release().depositId());
    }
  }

  private long window(Instant at) {
    return at.toEpochMilli() / settings.window().toMillis();
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.errorf(e, "party=%d batch tick failed", node.self());
    }
  }

  private void tick() {
    Instant now = clock.instant();
    long k = window(now);
    batches.values().removeIf(b -> b.done && b.window < k - 4 * skewWindows);
    releaseHeld(true);
    for (var entry : waiting.entrySet()) {
      ChainId dst = entry.getKey();
      List<Pending> queue = new ArrayList<>(entry.getValue().values());
      for (Pending p : queue) {
        if (!now.isBefore(p.readyAt.plus(settings.soloAfter()))) {
          entry.getValue().remove(p.ready.release().depositId());
          host.solo(p, "no batch took it within " + settings.soloAfter());
        }
      }
      if (proposer(dst, k) == node.self()) {
        propose(dst, k, now, new ArrayList<>(entry.getValue().values()));
      }
    }
  }

  private void propose(ChainId dst, long k, Instant now, List<Pending> queue) {
    // Deposits verified at least one window ago: the other members have almost always verified
    // them too, so every member starts the batch's sessions at once and the stocked presignature
    // is agreed on (a member that joins late makes the batch presign afresh, a second of CPU at
    // these key sizes). A member still behind holds the proposal until it verified them.
    Instant matured = now.minus(settings.window());
    List<Pending> chosen =
        queue.stream()
            .filter(p -> !p.heldBack && !p.readyAt.isAfter(matured))
            .limit(settings.maxSize())
            .toList();
    if (chosen.isEmpty() || batches.containsKey(new Key(dst, k))) {
      return;
    }
    Hash32 digest = digest(dst, chosen);
    // Parties that refused one of these deposits, or that a failed proof named, would only make
    // the batch wait or fail.
    Set<Integer> excluded = new HashSet<>();
    chosen.forEach(p -> excluded.addAll(p.excluded));
    Optional<List<Integer>> members =
        CommitteeSelector.choose(
            AttemptSeed.of(node.keyId(), digest, 0),
            host.liveParties(),
            excluded,
            node.threshold());
    if (members.isEmpty()) {
      return;
    }
    BatchProposal proposal =
        new BatchProposal(
            dst,
            k,
            chosen.stream().map(p -> p.ready.release().depositId()).toList(),
            members.get());
    metrics.batch("proposed");
    LOG.debugf(
        "party=%d proposes %d deposits for dst=%s window=%d, committee %s",
        node.self(), chosen.size(), dst, k, members.get());
    host.send(proposal);
    onProposal(node.self(), proposal);
  }

  /** A proposal from {@code from} (authenticated by the transport, or this node itself). */
  void onProposal(int from, BatchProposal m) {
    long k = window(clock.instant());
    Key key = new Key(m.dst(), m.window());
    if (from != proposer(m.dst(), m.window())
        || !node.chains().contains(m.dst())
        || Math.abs(m.window() - k) > skewWindows
        || m.committee().size() != node.threshold()
        || !node.parties().containsAll(m.committee())
        || batches.containsKey(key)
        || held.stream()
            .anyMatch(
                h -> h.proposal().window() == m.window() && h.proposal().dst().equals(m.dst()))) {
      metrics.batch("ignored");
      LOG.debugf("party=%d ignores a batch proposal of party %d (window %d)", node.self(), from, k);
      return;
    }
    boolean knowsAll = m.deposits().stream().allMatch(d -> host.pending(d).isPresent());
    if (!knowsAll && from != node.self() && held.size() < MAX_HELD) {
      // Usually this node's own verification of the newest deposits is only milliseconds behind.
      held.add(new Held(from, m, clock.instant().plus(hold)));
      return;
    }
    decide(from, m);
  }

  /** Most proposals held at once; more are decided at once (a flood cannot grow memory). */
  private static final int MAX_HELD = 64;

  private void decide(int from, BatchProposal m) {
    Key key = new Key(m.dst(), m.window());
    if (batches.containsKey(key)) {
      return;
    }
    boolean member = m.committee().contains(node.self());
    List<Pending> deposits = new ArrayList<>();
    Optional<Eip712Domain> domain = Optional.empty();
    for (DepositId id : m.deposits()) {
      Optional<Pending> inFlight = host.pending(id);
      Optional<String> problem = problem(inFlight, m.dst(), domain);
      if (problem.isPresent() && member) {
        refuse(from, m, key, id, problem.get(), inFlight.isEmpty());
        return;
      }
      if (problem.isEmpty()) {
        deposits.add(inFlight.get());
        domain = Optional.of(inFlight.get().ready.destination());
      }
    }
    if (deposits.isEmpty()) {
      // Nothing of this node's in it: nothing to follow, and nothing kept for junk proposals.
      return;
    }
    if (member) {
      // A proposer must leave out whom a failed proof named (or who refused) for any of them.
      for (Pending p : deposits) {
        Optional<Integer> barred = m.committee().stream().filter(p.excluded::contains).findFirst();
        if (barred.isPresent()) {
          refuse(
              from,
              m,
              key,
              p.ready.release().depositId(),
              "the committee holds party " + barred.get() + ", excluded for it here",
              false);
          return;
        }
      }
    }
    Batch b = new Batch(m.dst(), m.window(), m.committee(), deposits);
    batches.put(key, b);
    for (Pending p : deposits) {
      forget(p);
      p.mode = Pending.Mode.IN_BATCH;
      p.batch = b;
    }
    if (!member) {
      // A bystander only waits: the batch's signature arrives on bridge.signed.v1.
      // Members run presign and sign, each round with its deadline, over up to 64 releases: the
      // bystander waits twice an attempt's timeout (or a member's abandonment) before going alone.
      b.timer =
          loop.schedule(
              () -> end(b, "no batch signature within " + node.attemptTimeout().multipliedBy(2)),
              node.attemptTimeout().multipliedBy(2).toMillis(),
              TimeUnit.MILLISECONDS);
      return;
    }
    metrics.batch("accepted");
    ReleaseBatch batch =
        ReleaseBatch.of(m.dst(), deposits.stream().map(p -> p.ready.release()).toList());
    Eip712Domain signingDomain = domain.get();
    Hash32 digest = BridgeEip712.digest(signingDomain, batch);
    b.digest = Optional.of(digest);
    LOG.infof("party=%d signs %s with committee %s", node.self(), b.label(), m.committee());
    metrics.session("sign", "started", "-");
    java.util.concurrent.CompletableFuture<AttemptResult> run;
    try {
      run = committee.runBatch(digest, m.window(), m.committee(), b.label());
    } catch (RuntimeException e) {
      LOG.errorf(e, "party=%d %s could not start", node.self(), b.label());
      onResult(
          b,
          batch,
          signingDomain,
          digest,
          new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error"));
      return;
    }
    run.whenComplete(
        (result, error) ->
            loop.execute(
                () ->
                    onResult(
                        b,
                        batch,
                        signingDomain,
                        digest,
                        error == null
                            ? result
                            : new AttemptResult.Failed(
                                OptionalInt.empty(), Set.of(), "internal-error"))));
  }

  /**
   * Why this node cannot put a deposit into a batch for {@code dst}, if it cannot: it has not
   * verified it (or finished it), it is on another path here, or it was verified for another
   * destination contract than the batch's other deposits.
   */
  private static Optional<String> problem(
      Optional<Pending> p, ChainId dst, Optional<Eip712Domain> domain) {
    if (p.isEmpty()) {
      return Optional.of("not verified here (or already finished)");
    }
    if (p.get().mode != Pending.Mode.BATCH_WAIT) {
      return Optional.of("on another path here (" + p.get().mode + ")");
    }
    Eip712Domain own = p.get().ready.destination();
    if (!own.chainId().equals(dst) || domain.filter(d -> !d.equals(own)).isPresent()) {
      return Optional.of("verified for another destination contract");
    }
    return Optional.empty();
  }

  private void refuse(
      int from, BatchProposal m, Key key, DepositId id, String why, boolean unverified) {
    Batch refused = new Batch(m.dst(), m.window(), m.committee(), List.of());
    refused.done = true;
    batches.put(key, refused);
    if (unverified) {
      refusedHere.add(id);
    }
    metrics.batch("refused");
    LOG.infof(
        "party=%d refuses the batch of party %d (dst=%s window=%d): deposit=%s %s",
        node.self(), from, m.dst(), m.window(), id, why);
    host.send(
        new BatchAbandoned(
            m.dst(), m.window(), Optional.of(id), unverified ? "unverified" : OTHER_PATH));
  }

  private void onResult(
      Batch b, ReleaseBatch batch, Eip712Domain domain, Hash32 digest, AttemptResult result) {
    if (result instanceof AttemptResult.Signed s) {
      Optional<Signature65> sig =
          SignatureCheck.verified(s.signature(), digest, node.groupAddress());
      if (sig.isPresent()) {
        // Published even if the batch was given up meanwhile: a valid signature is never thrown
        // away, and the contract pays each deposit once whichever signature lands first.
        boolean givenUp = b.done;
        b.done = true;
        cancel(b);
        metrics.batch("signed");
        host.batchSigned(
            b.deposits.stream().filter(p -> !p.done).toList(),
            batch,
            domain,
            sig.get(),
            b.members,
            b.window,
            !givenUp);
        return;
      }
      LOG.errorf(
          "ALERT party=%d %s produced a signature that is not the group's", node.self(), b.label());
      result = new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "bad-combined-signature");
    }
    AttemptResult.Failed f = (AttemptResult.Failed) result;
    metrics.session("sign", f.check().equals("timeout") ? "timeout" : "aborted", f.check());
    if (b.done) {
      return;
    }
    metrics.batch("failed");
    f.culprit()
        .ifPresent(
            c -> {
              metrics.blame(c);
              if (c != node.self()) {
                b.deposits.forEach(p -> p.excluded.add(c));
              }
            });
    host.send(new BatchAbandoned(b.dst, b.window, Optional.empty(), limit(f.check())));
    end(b, "batch failed: check=" + f.check());
  }

  /** A member gave up the batch of ({@code m.dst}, {@code m.window}). */
  void onAbandoned(int from, BatchAbandoned m) {
    Batch b = batches.get(new Key(m.dst(), m.window()));
    if (b == null || b.done || !b.members.contains(from)) {
      return;
    }
    b.done = true;
    cancel(b);
    // A member gave up: this node's sessions of the batch cannot complete; end them now.
    b.digest.ifPresent(
        d ->
            committee.cancel(
                committee.batchSessionIds(d, b.window, b.members), b.members, from, m.check()));
    boolean namesOne =
        m.unverified()
            .filter(
                id -> b.deposits.stream().anyMatch(p -> p.ready.release().depositId().equals(id)))
            .isPresent();
    for (Pending p : b.deposits) {
      if (p.done || p.batch != b) {
        continue;
      }
      p.batch = null;
      if (!namesOne) {
        host.solo(p, "batch given up by party " + from + " (" + m.check() + ")");
        continue;
      }
      boolean named = m.unverified().filter(p.ready.release().depositId()::equals).isPresent();
      if (m.unverified().isPresent() && !named) {
        // Not this deposit's fault: it waits for the next window's proposal.
        enqueueAgain(p);
      } else if (named && m.check().equals(OTHER_PATH)) {
        // In another batch at the refuser (proposals of two turns crossed): that batch's
        // signature ends it here too. Never proposed again, so it cannot be refused again; if
        // that batch fails, solo-after sends it alone.
        p.heldBack = true;
        enqueueAgain(p);
      } else {
        host.solo(p, "batch given up by party " + from + " (" + m.check() + ")");
      }
    }
  }

  private void end(Batch b, String why) {
    if (b.done) {
      return;
    }
    b.done = true;
    cancel(b);
    for (Pending p : b.deposits) {
      if (!p.done && p.batch == b) {
        p.batch = null;
        host.solo(p, why);
      }
    }
  }

  private void enqueueAgain(Pending p) {
    p.mode = Pending.Mode.BATCH_WAIT;
    waiting
        .computeIfAbsent(dst(p), c -> new LinkedHashMap<>())
        .put(p.ready.release().depositId(), p);
  }

  private static void cancel(Batch b) {
    if (b.timer != null) {
      b.timer.cancel(false);
      b.timer = null;
    }
  }

  private static ChainId dst(Pending p) {
    return p.ready.destination().chainId();
  }

  private static Hash32 digest(ChainId dst, List<Pending> deposits) {
    List<Release> releases = deposits.stream().map(p -> p.ready.release()).toList();
    return BridgeEip712.digest(deposits.get(0).ready.destination(), ReleaseBatch.of(dst, releases));
  }

  /** A check name as a control message label: printable ASCII, 1 to 64 characters. */
  private static String limit(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    String cut = printable.length() <= 64 ? printable : printable.substring(0, 64);
    return cut.isEmpty() ? "failed" : cut;
  }
}
