package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.DecodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Base of every protocol session: collects the messages of each round, checks the envelope
 * (session, sender, recipient, round, kind), and hands a round to the protocol only once every
 * other party's messages for it are in. Subclasses implement {@link #firstRound()} and {@link
 * #onRound(RoundMessages)}; they see only validated, complete rounds in order.
 *
 * <p>Envelope rules, each a final abort:
 *
 * <ul>
 *   <li>another session id → {@code wrong-session}, naming nobody (an authentic message of another
 *       session is a replay or a routing error, not evidence against its sender);
 *   <li>a message claiming to come from this party that it did not send → {@code sender-is-self}
 *       (one it did send, looped back by the transport, is ignored);
 *   <li>a direct message for another party → {@code wrong-recipient};
 *   <li>a round number the protocol does not have → {@code unknown-round}; a broadcast where a
 *       direct message is expected or vice versa → {@code unexpected-message-kind};
 *   <li>a second, different message for the same round, sender and kind → {@code equivocation}.
 * </ul>
 *
 * A message from a party outside this run (for example a committee member outside a signing subset)
 * is dropped and counted ({@link #dropped()}), never an abort: the sender is not a party of this
 * run, so it must not be able to end it with one signed message. An exact duplicate is ignored; a
 * message of a later round is kept until its round is due. A round declared {@linkplain
 * RoundSpec#echoedIn echoed} is followed by an echo round run by this class ({@link EchoBroadcast})
 * before the protocol sees the round. Once aborted, every call rethrows the same abort. All public
 * methods are synchronized, so a transport may deliver from several threads.
 *
 * @param <R> the protocol's output
 */
public abstract class RoundBasedSession<R> implements Session<R> {
  private final SessionId sessionId;
  private final int self;
  private final List<Integer> parties;
  private final List<Integer> others;
  private final List<RoundSpec> rounds;
  private final Map<Integer, List<Integer>> pendingComplaints = new HashMap<>();
  private final Set<Integer> processedRounds = new HashSet<>();
  private boolean confirming;
  private boolean confirmSent;
  private R held;
  private final Map<Integer, RoundSpec> specByRound = new HashMap<>();
  private final Set<Integer> echoRounds = new HashSet<>();
  private final Set<Integer> roundNumbers = new HashSet<>();
  private final Map<Key, byte[]> received = new HashMap<>();
  private final Map<Integer, byte[]> ownBroadcasts = new HashMap<>();
  private final Map<Key, byte[]> signatures = new HashMap<>();
  private final Set<ProtocolMessage> sent = new HashSet<>();
  private final Map<String, Integer> dropped = new TreeMap<>();
  private Optional<Notary> notary = Optional.empty();
  private int stage;
  private boolean awaitingEcho;
  private boolean started;
  private ProtocolAbort failure;
  private List<ProtocolMessage> produced = new ArrayList<>();
  private List<ProtocolMessage> unsentAtAbort = List.of();
  private R result;
  private boolean secretsDropped;

  private record Key(int round, int from, boolean broadcast) {}

  /** The round number of the framework's confirmation broadcast (see {@link #finish}). */
  public static final int CONFIRM_ROUND = 254;

  private static final byte[] CONFIRMATION = {1};

  /**
   * Sets up the session and claims its id in {@code registry}.
   *
   * @param sessionId the id all parties agreed on
   * @param self this party's index, one of {@code parties}
   * @param parties every party taking part in this run (the committee, or the signing subset)
   * @param rounds the protocol's rounds in order; echo round numbers must not clash with them
   * @param registry where the session id is claimed; a reused id aborts with {@code
   *     session-id-reused}
   * @throws ProtocolAbort if the id was already used by this party
   */
  protected RoundBasedSession(
      SessionId sessionId,
      int self,
      Collection<Integer> parties,
      List<RoundSpec> rounds,
      SessionRegistry registry)
      throws ProtocolAbort {
    TreeSet<Integer> sorted = new TreeSet<>(parties);
    if (sorted.size() != parties.size() || sorted.isEmpty() || sorted.first() < 1) {
      throw new IllegalArgumentException("parties must be distinct positive indices: " + parties);
    }
    if (!sorted.contains(self)) {
      throw new IllegalArgumentException("party " + self + " is not in " + parties);
    }
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("a protocol has at least one round");
    }
    addRoundNumber(Complaint.ROUND);
    addRoundNumber(CONFIRM_ROUND);
    for (RoundSpec spec : rounds) {
      addRoundNumber(spec.number());
      specByRound.put(spec.number(), spec);
      if (spec.echoed()) {
        addRoundNumber(spec.echoRound());
        echoRounds.add(spec.echoRound());
      }
    }
    this.sessionId = sessionId;
    this.self = self;
    this.parties = List.copyOf(sorted);
    this.others = this.parties.stream().filter(p -> p != self).toList();
    this.rounds = List.copyOf(rounds);
    registry.claim(sessionId, self);
  }

  private void addRoundNumber(int number) {
    if (!roundNumbers.add(number)) {
      throw new IllegalArgumentException("round number " + number + " used twice");
    }
  }

  /** The messages of the first round; rounds of a protocol start with this party speaking. */
  protected abstract List<ProtocolMessage> firstRound() throws ProtocolAbort;

  /**
   * Processes a complete round and returns the next round's messages (or calls {@link #finish} and
   * returns none after the last round). Blame the sender of anything invalid with {@link #abort}.
   */
  protected abstract List<ProtocolMessage> onRound(RoundMessages messages) throws ProtocolAbort;

  /**
   * Drops this party's per-run secrets (nonces, masks, witnesses); called once, right after the
   * session finished or aborted, whatever the cause. Java cannot wipe a {@code BigInteger}, so
   * subclasses set the references to null and zero the arrays they own.
   */
  protected void dropSecrets() {}

  private void ended() {
    if (!secretsDropped && (result != null || failure != null)) {
      secretsDropped = true;
      dropSecrets();
    }
  }

  /**
   * Records the output; call from the last round's {@link #onRound}. In a signed run whose last
   * round carries direct messages, the output is held until every party confirmed in round {@value
   * #CONFIRM_ROUND} that it has no complaint, so that no honest party finishes while another one is
   * publishing evidence against a message of that round.
   */
  protected final void finish(R output) {
    if (result != null || held != null) {
      throw new IllegalStateException("session already finished");
    }
    if (confirming) {
      held = output;
    } else {
      result = output;
    }
  }

  /** An abort of this session blaming {@code culprit} (0 for nobody) for failing {@code check}. */
  protected final ProtocolAbort abort(int culprit, String check, String detail) {
    return new ProtocolAbort(sessionId, culprit, check, detail);
  }

  /**
   * An abort blaming {@code sender} for its direct message of {@code round} (the one this party
   * received), which failed {@code check}. Only this party received that message, so in a signed
   * run the session also publishes the message and its origin signature as a {@link Complaint}:
   * every other party then reruns the same check through {@link #checkDirect} and names the sender
   * if it fails, the complainer if it passes. Protocols that use this must override {@link
   * #checkDirect}.
   */
  protected final ProtocolAbort directFault(int round, int sender, String check, String detail) {
    return new ProtocolAbort(sessionId, sender, check, detail, round);
  }

  /**
   * The {@link #directFault} for {@code cause}, an abort raised by a check of its culprit's direct
   * message of {@code round} (for example a proof's {@code verify}); an abort without a culprit is
   * returned unchanged.
   */
  protected final ProtocolAbort directFault(int round, ProtocolAbort cause) {
    if (cause.culprit().isEmpty()) {
      return cause;
    }
    return new ProtocolAbort(
        sessionId, cause.culprit().getAsInt(), cause.check(), cause.getMessage(), round);
  }

  /** A {@link #directFault} for a direct payload that did not decode. */
  protected final ProtocolAbort malformedDirect(
      int round, int sender, String what, DecodingException e) {
    return directFault(round, sender, "malformed-message", what + ": " + e.getMessage());
  }

  /**
   * Reruns, as a judge, the checks this protocol makes on {@code from}'s direct message of {@code
   * round} to party {@code to}, throwing the abort ({@link #directFault}) that recipient should
   * have raised; returns normally if the message is fine. Called only after this party processed
   * {@code round} itself, so the protocol has every public input the recipient had (the echoed
   * broadcasts are the same at every honest party). Must use only public state.
   */
  protected void checkDirect(int round, int from, int to, byte[] payload) throws ProtocolAbort {
    throw new IllegalStateException("this protocol raises no complaints about direct messages");
  }

  /** An abort blaming {@code sender} for a payload that did not decode. */
  protected final ProtocolAbort malformed(int sender, String what, DecodingException e) {
    return abort(sender, "malformed-message", what + ": " + e.getMessage());
  }

  /** A broadcast from this party in {@code round}. */
  protected final ProtocolMessage broadcast(int round, byte[] payload) {
    return ProtocolMessage.broadcast(sessionId, round, self, payload);
  }

  /** A message from this party to {@code to} in {@code round}. */
  protected final ProtocolMessage direct(int round, int to, byte[] payload) {
    return ProtocolMessage.direct(sessionId, round, self, to, payload);
  }

  @Override
  public final SessionId sessionId() {
    return sessionId;
  }

  @Override
  public final int self() {
    return self;
  }

  /** Every party of this run, sorted, this one included. */
  public final List<Integer> parties() {
    return parties;
  }

  /** Every party of this run except this one, sorted. */
  public final List<Integer> others() {
    return others;
  }

  /** The abort that ended this session, if any. */
  public final synchronized Optional<ProtocolAbort> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Ends this session with an abort decided outside the protocol (for example the transport's
   * channel proved that {@code culprit} signed a message that does not decrypt, or a deadline
   * passed; a deadline names nobody, since {@link #awaitedParties()} are only suspects). The abort
   * is final like any other; a session that already finished or aborted keeps its outcome, and the
   * abort in force is returned.
   *
   * @param culprit the party to blame, or 0 for nobody
   * @throws IllegalArgumentException if {@code culprit} is not 0 and not another party of this run
   */
  public final synchronized ProtocolAbort abortExternally(
      int culprit, String check, String detail) {
    if (culprit != 0 && !others.contains(culprit)) {
      throw new IllegalArgumentException("party " + culprit + " is not another party of this run");
    }
    if (failure == null && result == null) {
      failure = abort(culprit, check, detail);
      unsentAtAbort = List.of();
      ended();
    }
    return failure != null ? failure : abort(0, "already-finished", "the session had finished");
  }

  /**
   * Messages this party had already produced in the call that aborted, before the failing check
   * (typically its echo of a round whose echoes were all buffered). They were due whatever the
   * outcome, since an honest party's messages never depend on delivery order; sending them lets the
   * other parties reach their own verdict instead of waiting for a message that never comes.
   */
  public final synchronized List<ProtocolMessage> messagesBeforeAbort() {
    return unsentAtAbort;
  }

  /**
   * The parties whose messages the session is waiting for to complete its current round (empty once
   * it finished or aborted): <em>suspected</em>, never proven. A missing message looks the same
   * whether its sender withheld it, the network lost it, or the sender aborted on a check that only
   * it could make (an honest victim of a cheater stops sending). A transport that gives up after
   * its deadline may report these parties as suspects (for retries or rotation) but must never turn
   * them into a blame verdict; only a {@link ProtocolAbort}'s culprit is one.
   */
  public final synchronized Set<Integer> awaitedParties() {
    if (result != null || failure != null || !started) {
      return Set.of();
    }
    if (stage >= rounds.size()) {
      Set<Integer> unconfirmed = new TreeSet<>();
      if (held != null) {
        for (int p : others) {
          if (!received.containsKey(new Key(CONFIRM_ROUND, p, true))) {
            unconfirmed.add(p);
          }
        }
      }
      return Collections.unmodifiableSet(unconfirmed);
    }
    RoundSpec spec = rounds.get(stage);
    Set<Integer> missing = new TreeSet<>();
    for (int p : others) {
      boolean has =
          awaitingEcho
              ? received.containsKey(new Key(spec.echoRound(), p, true))
              : (!spec.broadcast() || received.containsKey(new Key(spec.number(), p, true)))
                  && (!spec.direct() || received.containsKey(new Key(spec.number(), p, false)));
      if (!has) {
        missing.add(p);
      }
    }
    return Collections.unmodifiableSet(missing);
  }

  @Override
  public final synchronized Optional<R> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public final synchronized List<ProtocolMessage> start() throws ProtocolAbort {
    if (failure != null) {
      throw failure;
    }
    if (started) {
      throw new IllegalStateException("session already started");
    }
    started = true;
    confirming = notary.isPresent() && rounds.get(rounds.size() - 1).direct();
    return guarded(
        () -> {
          outgoing(firstRound());
          advance();
        });
  }

  /**
   * Makes this session run on signed messages: from now on it takes input only through {@link
   * #handle(SignedMessage)}, and echo disputes are settled with the relayed origin signatures that
   * {@code notary} checks. Call once, before {@link #start()}; a session run over a {@link
   * io.tbridge.tss.channel.SecureChannel} should always be given the channel.
   */
  public final synchronized void verifyWith(Notary notary) {
    if (started || this.notary.isPresent()) {
      throw new IllegalStateException("the notary is set once, before start");
    }
    this.notary = Optional.of(notary);
  }

  /**
   * Messages dropped without effect, by reason: {@code sender-not-in-session} (an authentic message
   * from a party outside this run) and {@code bad-origin-signature} (a signed message whose
   * signature the notary refuses; the transport should never deliver one).
   */
  public final synchronized Map<String, Integer> dropped() {
    return Map.copyOf(dropped);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the session was given a {@link Notary}: it then needs every
   *     message with its origin signature ({@link #handle(SignedMessage)})
   */
  @Override
  public final synchronized List<ProtocolMessage> handle(ProtocolMessage message)
      throws ProtocolAbort {
    if (failure != null) {
      throw failure;
    }
    if (notary.isPresent()) {
      throw new IllegalStateException("this session takes signed messages only");
    }
    return guarded(() -> accept(message, Optional.empty()));
  }

  /**
   * Processes one message with its sender's origin signature, which this party relays in its echoes
   * so that others can settle a dispute about what the sender said. A signature the notary refuses
   * drops the message (counted in {@link #dropped()}).
   *
   * @throws IllegalStateException if the session was not given a {@link Notary}
   */
  public final synchronized List<ProtocolMessage> handle(SignedMessage message)
      throws ProtocolAbort {
    if (failure != null) {
      throw failure;
    }
    if (notary.isEmpty()) {
      throw new IllegalStateException("no notary to check signed messages; call verifyWith");
    }
    if (message.message().from() != self && !notary.get().verify(message)) {
      drop("bad-origin-signature");
      return List.of();
    }
    return guarded(() -> accept(message.message(), Optional.of(message.signature())));
  }

  private void drop(String reason) {
    dropped.merge(reason, 1, Integer::sum);
  }

  private interface Step {
    void run() throws ProtocolAbort;
  }

  /** Runs one call; everything it sends goes through {@link #outgoing} into {@code produced}. */
  private List<ProtocolMessage> guarded(Step step) throws ProtocolAbort {
    produced = new ArrayList<>();
    try {
      step.run();
      ended();
      return List.copyOf(produced);
    } catch (ProtocolAbort a) {
      failure = a;
      unsentAtAbort = List.copyOf(produced);
      ended();
      throw a;
    } catch (RuntimeException e) {
      // A bug must not leave a half-updated session usable; the message may hold secrets, so only
      // the type is kept. Nothing produced by a buggy call is offered for sending.
      failure = abort(0, "internal-error", e.getClass().getSimpleName());
      ended();
      throw e;
    }
  }

  private void accept(ProtocolMessage m, Optional<byte[]> signature) throws ProtocolAbort {
    int from = m.from();
    boolean member = parties.contains(from);
    if (!m.sessionId().equals(sessionId)) {
      // No blame: an authentic message of another session (an old one replayed from the log, or
      // one the transport routed wrongly) is no evidence against its sender. The transport's
      // channel drops such messages before they get here (channel/SecureChannel#open).
      throw abort(
          0, "wrong-session", "message of session " + m.sessionId().hex() + " from party " + from);
    }
    if (from == self) {
      if (sent.contains(m)) {
        return;
      }
      throw abort(0, "sender-is-self", "a round " + m.round() + " message claims to be ours");
    }
    if (!member) {
      drop("sender-not-in-session");
      return;
    }
    if (!m.isBroadcast() && m.to() != self) {
      throw abort(from, "wrong-recipient", "message addressed to party " + m.to());
    }
    boolean expected;
    if (m.round() == Complaint.ROUND || m.round() == CONFIRM_ROUND) {
      if (notary.isEmpty() || (m.round() == CONFIRM_ROUND && !confirming)) {
        throw abort(from, "unknown-round", "the protocol has no round " + m.round());
      }
      expected = m.isBroadcast();
    } else if (echoRounds.contains(m.round())) {
      expected = m.isBroadcast();
    } else {
      RoundSpec spec = specByRound.get(m.round());
      if (spec == null) {
        throw abort(from, "unknown-round", "the protocol has no round " + m.round());
      }
      expected = m.isBroadcast() ? spec.broadcast() : spec.direct();
    }
    if (!expected) {
      throw abort(
          from,
          "unexpected-message-kind",
          "round " + m.round() + " has no " + (m.isBroadcast() ? "broadcast" : "direct message"));
    }
    Key key = new Key(m.round(), from, m.isBroadcast());
    byte[] payload = m.payload();
    byte[] previous = received.get(key);
    if (previous != null) {
      if (Arrays.equals(previous, payload)) {
        return;
      }
      throw abort(
          from,
          "equivocation",
          "two different round " + m.round() + (m.isBroadcast() ? " broadcasts" : " messages"));
    }
    received.put(key, payload);
    signature.ifPresent(sig -> signatures.put(key, sig));
    if (m.round() == Complaint.ROUND) {
      complaint(from, payload);
      return;
    }
    if (m.round() == CONFIRM_ROUND && !Arrays.equals(payload, CONFIRMATION)) {
      throw abort(from, "malformed-message", "confirmation of " + payload.length + " bytes");
    }
    if (started) {
      advance();
    }
  }

  /** Runs every round whose messages are all in. */
  private void advance() throws ProtocolAbort {
    while (result == null && stage < rounds.size()) {
      RoundSpec spec = rounds.get(stage);
      if (!advanceRound(spec)) {
        break;
      }
    }
    if (result == null && held != null) {
      if (!confirmSent) {
        confirmSent = true;
        outgoing(List.of(broadcast(CONFIRM_ROUND, CONFIRMATION)));
      }
      if (complete(CONFIRM_ROUND, true, false)) {
        result = held;
      }
    }
  }

  /** Runs (or completes the echo of) one round; false if it still lacks messages. */
  private boolean advanceRound(RoundSpec spec) throws ProtocolAbort {
    if (!awaitingEcho) {
      if (!complete(spec.number(), spec.broadcast(), spec.direct())) {
        return false;
      }
      if (spec.echoed()) {
        byte[] echo =
            EchoBroadcast.echo(spec.number(), view(spec.number()), signatures(spec.number()));
        outgoing(List.of(broadcast(spec.echoRound(), echo)));
        awaitingEcho = true;
        return true;
      }
    } else {
      if (!complete(spec.echoRound(), true, false)) {
        return false;
      }
      Map<Integer, byte[]> echoes = new HashMap<>();
      for (int p : others) {
        echoes.put(p, received.get(new Key(spec.echoRound(), p, true)));
      }
      EchoBroadcast.verify(sessionId, spec.number(), self, view(spec.number()), echoes, notary);
      awaitingEcho = false;
    }
    Map<Integer, byte[]> broadcasts = new HashMap<>();
    Map<Integer, byte[]> direct = new HashMap<>();
    for (int p : others) {
      if (spec.broadcast()) {
        broadcasts.put(p, received.get(new Key(spec.number(), p, true)));
      }
      if (spec.direct()) {
        direct.put(p, received.get(new Key(spec.number(), p, false)));
      }
    }
    stage++;
    List<ProtocolMessage> next;
    try {
      next = onRound(new RoundMessages(spec.number(), others, broadcasts, direct));
    } catch (ProtocolAbort a) {
      publishComplaint(a);
      throw a;
    }
    outgoing(next);
    processedRounds.add(spec.number());
    for (int complainer : pendingComplaints.getOrDefault(spec.number(), List.of())) {
      judge(complainer, decodeComplaint(complainer));
    }
    pendingComplaints.remove(spec.number());
    return true;
  }

  /** In a signed run, publishes the evidence of a failed check on a direct message. */
  private void publishComplaint(ProtocolAbort a) {
    int round = a.disputedRound();
    if (notary.isEmpty() || round == 0 || a.culprit().isEmpty()) {
      return;
    }
    Key key = new Key(round, a.culprit().getAsInt(), false);
    byte[] payload = received.get(key);
    byte[] signature = signatures.get(key);
    if (payload == null || signature == null) {
      throw new IllegalStateException("a direct fault about a message this party never received");
    }
    Complaint c = new Complaint(round, key.from(), payload, signature, a.check());
    outgoing(List.of(broadcast(Complaint.ROUND, c.encode())));
  }

  /** A complaint from {@code complainer}: judged now if its round is processed, else later. */
  private void complaint(int complainer, byte[] payload) throws ProtocolAbort {
    if (result != null) {
      drop("complaint-after-finish");
      return;
    }
    Complaint c = decodeComplaint(complainer);
    RoundSpec spec = specByRound.get(c.round());
    if (spec == null
        || !spec.direct()
        || c.accused() == complainer
        || !parties.contains(c.accused())) {
      throw abort(
          complainer,
          "false-complaint",
          "complaint about party " + c.accused() + " in round " + c.round());
    }
    if (!notary.get().verify(c.accused(), c.statement(sessionId, complainer), c.signature())) {
      throw abort(
          complainer,
          "false-complaint",
          "the round " + c.round() + " message it shows was not signed by party " + c.accused());
    }
    if (processedRounds.contains(c.round())) {
      judge(complainer, c);
    } else {
      pendingComplaints.computeIfAbsent(c.round(), r -> new ArrayList<>()).add(complainer);
    }
  }

  private Complaint decodeComplaint(int complainer) throws ProtocolAbort {
    try {
      return Complaint.decode(received.get(new Key(Complaint.ROUND, complainer, true)));
    } catch (DecodingException e) {
      throw abort(complainer, "false-complaint", "malformed complaint: " + e.getMessage());
    }
  }

  /** Reruns the disputed check: the accused is named if it fails, the complainer if it passes. */
  private void judge(int complainer, Complaint c) throws ProtocolAbort {
    try {
      checkDirect(c.round(), c.accused(), complainer, c.payload());
    } catch (ProtocolAbort a) {
      throw abort(
          c.accused(),
          a.check(),
          "party "
              + complainer
              + " showed its signed round "
              + c.round()
              + " message, which fails: "
              + a.getMessage());
    }
    throw abort(
        complainer,
        "false-complaint",
        "party "
            + c.accused()
            + "'s signed round "
            + c.round()
            + " message passes "
            + c.check()
            + " (the complainer said it failed)");
  }

  private boolean complete(int round, boolean broadcast, boolean direct) {
    for (int p : others) {
      if (broadcast && !received.containsKey(new Key(round, p, true))) {
        return false;
      }
      if (direct && !received.containsKey(new Key(round, p, false))) {
        return false;
      }
    }
    return true;
  }

  private SortedMap<Integer, byte[]> view(int round) {
    byte[] own = ownBroadcasts.get(round);
    if (own == null) {
      throw new IllegalStateException("this party sent no broadcast in echoed round " + round);
    }
    SortedMap<Integer, byte[]> view = new TreeMap<>();
    view.put(self, own);
    for (int p : others) {
      view.put(p, received.get(new Key(round, p, true)));
    }
    return view;
  }

  private Map<Integer, byte[]> signatures(int round) {
    Map<Integer, byte[]> out = new HashMap<>();
    for (int p : others) {
      byte[] sig = signatures.get(new Key(round, p, true));
      if (sig != null) {
        out.put(p, sig);
      }
    }
    return out;
  }

  /** Checks and records what this party sends (its broadcasts are part of its echo view). */
  private void outgoing(List<ProtocolMessage> messages) {
    for (ProtocolMessage m : messages) {
      if (!m.sessionId().equals(sessionId) || m.from() != self) {
        throw new IllegalStateException("outgoing message with wrong session or sender");
      }
      if (!m.isBroadcast() && !others.contains(m.to())) {
        throw new IllegalStateException("outgoing message to a party outside the session");
      }
      if (!roundNumbers.contains(m.round())) {
        throw new IllegalStateException("outgoing message for unknown round " + m.round());
      }
      if (m.isBroadcast()) {
        byte[] previous = ownBroadcasts.putIfAbsent(m.round(), m.payload());
        if (previous != null && !Arrays.equals(previous, m.payload())) {
          throw new IllegalStateException("two different own broadcasts in round " + m.round());
        }
      }
      sent.add(m);
      produced.add(m);
    }
  }
}
