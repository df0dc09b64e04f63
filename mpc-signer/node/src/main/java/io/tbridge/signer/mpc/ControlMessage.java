package io.tbridge.signer.mpc;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Messages between nodes that are not protocol rounds, sealed and signed like every protocol
 * message (the sender is the envelope's authenticated sender, never a field of its own).
 */
public sealed interface ControlMessage {

  /** Encoding version. */
  int VERSION = 1;

  /**
   * "I am alive at {@code at}": the basis of committee choice.
   *
   * @param at the sender's clock; a heartbeat far from the receiver's clock is ignored (replays)
   */
  record Heartbeat(Instant at) implements ControlMessage {
    /** Validating constructor. */
    public Heartbeat {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * "I gave up the attempt of {@code session}", so nodes outside its committee move on at once. The
   * culprit is the sender's own verdict; receivers never exclude on someone else's word.
   *
   * @param session the attempt's first session id
   * @param culprit whom the sender's failed check named, if anyone
   * @param check the failed check
   */
  record AttemptAbandoned(SessionId session, OptionalInt culprit, String check)
      implements ControlMessage {
    /** Validating constructor. */
    public AttemptAbandoned {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(culprit, "culprit");
      Objects.requireNonNull(check, "check");
      if (check.length() > 64) {
        throw new IllegalArgumentException("check name too long");
      }
    }
  }

  /**
   * "Sign these deposits together": the proposer of window {@code window} for destination {@code
   * dst} names the deposits (never their contents: every member builds the releases from what it
   * verified itself) and the committee that signs them.
   *
   * @param dst the destination chain
   * @param window the proposer's window number (epoch millis / window length)
   * @param deposits 1 to {@link ReleaseBatch#MAX_RELEASES} distinct deposits, in signed order
   * @param committee the signers, ascending and distinct
   */
  record BatchProposal(ChainId dst, long window, List<DepositId> deposits, List<Integer> committee)
      implements ControlMessage {
    /** Validating constructor. */
    public BatchProposal {
      Objects.requireNonNull(dst, "dst");
      deposits = List.copyOf(deposits);
      if (window < 0) {
        throw new IllegalArgumentException("window must not be negative");
      }
      if (deposits.isEmpty() || deposits.size() > ReleaseBatch.MAX_RELEASES) {
        throw new IllegalArgumentException(
            "a proposal names 1 to " + ReleaseBatch.MAX_RELEASES + " deposits");
      }
      if (new HashSet<>(deposits).size() != deposits.size()) {
        throw new IllegalArgumentException("a proposal names a deposit twice");
      }
      committee = ControlMessage.committee(committee);
    }
  }

  /**
   * "I will not, or could not, sign the batch of ({@code dst}, {@code window})". Sent by a
   * committee member; its deposits then go back to waiting (the named one) or to the single-release
   * path.
   *
   * @param dst the batch's destination chain
   * @param window the batch's window
   * @param unverified the deposit the sender has not verified, when that is why it refuses
   * @param check why, for logs (at most 64 ASCII characters)
   */
  record BatchAbandoned(ChainId dst, long window, Optional<DepositId> unverified, String check)
      implements ControlMessage {
    /** Validating constructor. */
    public BatchAbandoned {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(unverified, "unverified");
      ControlMessage.label(check, "check");
      if (window < 0) {
        throw new IllegalArgumentException("window must not be negative");
      }
    }
  }

  /**
   * "I refused the release {@code release} of deposit {@code deposit} and will not sign it": the
   * others leave the sender out of its committees if it is the release they agreed to, instead of
   * waiting for it. Only ever about the sender itself, so nobody can use it to keep another party
   * out.
   *
   * @param deposit the refused deposit
   * @param release the EIP-712 struct hash of the release the refused hint described
   * @param reason the refusal's reason code (at most 64 ASCII characters)
   */
  record Declined(DepositId deposit, Hash32 release, String reason) implements ControlMessage {
    /** Validating constructor. */
    public Declined {
      Objects.requireNonNull(deposit, "deposit");
      Objects.requireNonNull(release, "release");
      ControlMessage.label(reason, "reason");
    }
  }

  /**
   * "Presign for the stock of {@code committee} under {@code tag}": sent by the committee's lowest
   * party, the only one that may start its stock sessions, so that the members' stocks fill in the
   * same order.
   *
   * @param committee the signers, ascending and distinct
   * @param tag a fresh random value naming this presignature among the committee
   * @param depth the sender's stock depth (members with another depth do not join: their stocks
   *     would never match)
   */
  record StockPresign(List<Integer> committee, Hash32 tag, int depth) implements ControlMessage {
    /** Validating constructor. */
    public StockPresign {
      committee = ControlMessage.committee(committee);
      Objects.requireNonNull(tag, "tag");
      if (depth < 1 || depth > 64) {
        throw new IllegalArgumentException("stock depth must be 1 to 64");
      }
    }
  }

  /**
   * "Attempt {@code attempt} uses the stocked presignature {@code tag}" (or, when empty, a fresh
   * presignature): sent by the attempt committee's lowest party, whose choice the others follow.
   *
   * @param attempt the attempt's presigning session id, as every member derives it
   * @param tag the stocked presignature to consume, or empty for a fresh one
   */
  record StockChoice(SessionId attempt, Optional<Hash32> tag) implements ControlMessage {
    /** Validating constructor. */
    public StockChoice {
      Objects.requireNonNull(attempt, "attempt");
      Objects.requireNonNull(tag, "tag");
    }
  }

  /**
   * "I begin attempt {@code attempt} of {@code deposit} as a committee member": a node that is at
   * an earlier attempt (it restarted, or it waited for a quorum while the others moved on) jumps to
   * this one, so the members meet in the same session instead of timing out forever at different
   * attempts. A liar can only make deposits use their attempts sooner (and park), which it can do
   * anyway by not answering.
   *
   * @param deposit the deposit
   * @param attempt the attempt number, 0 to 255
   */
  record AttemptBegun(DepositId deposit, int attempt) implements ControlMessage {
    /** Validating constructor. */
    public AttemptBegun {
      Objects.requireNonNull(deposit, "deposit");
      if (attempt < 0 || attempt > 255) {
        throw new IllegalArgumentException("attempt must be 0 to 255");
      }
    }
  }

  /** Refuses a committee that is empty, unsorted, repeated or out of the party index range. */
  static List<Integer> committee(List<Integer> committee) {
    committee = List.copyOf(committee);
    if (committee.isEmpty()
        || committee.size() > 1024
        || !committee.equals(committee.stream().sorted().distinct().toList())) {
      throw new IllegalArgumentException("committee must be ascending and distinct");
    }
    if (committee.get(0) < 1 || committee.get(committee.size() - 1) > 65_535) {
      throw new IllegalArgumentException("party index out of range");
    }
    return committee;
  }

  /**
   * Refuses a label that is empty, longer than 64 characters or not printable ASCII: labels reach
   * log lines, and a peer must not be able to forge lines there.
   */
  static String label(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty() || s.length() > 64 || !s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new IllegalArgumentException(what + " must be 1 to 64 printable ASCII characters");
    }
    return s;
  }

  /** The control session id of this message's kind. */
  default SessionId channel() {
    return this instanceof Heartbeat ? HEARTBEATS : NOTICES;
  }

  /** Session id of heartbeats. */
  SessionId HEARTBEATS = SessionIds.control("heartbeat");

  /** Session id of attempt notices. */
  SessionId NOTICES = SessionIds.control("attempt-notice");

  /** Strict encoding. */
  default byte[] encode() {
    ByteWriter w = new ByteWriter().u8(VERSION);
    if (this instanceof Heartbeat h) {
      return w.u8(1).i64(h.at().toEpochMilli()).toByteArray();
    }
    if (this instanceof BatchProposal p) {
      w.u8(3).i64(p.dst().value()).i64(p.window()).i32(p.deposits().size());
      p.deposits().forEach(d -> w.raw(d.value().bytes()));
      w.i32(p.committee().size());
      p.committee().forEach(w::i32);
      return w.toByteArray();
    }
    if (this instanceof StockPresign p) {
      w.u8(6).raw(p.tag().bytes()).u8(p.depth()).i32(p.committee().size());
      p.committee().forEach(w::i32);
      return w.toByteArray();
    }
    if (this instanceof StockChoice c) {
      w.u8(7).bytes(c.attempt().bytes()).u8(c.tag().isPresent() ? 1 : 0);
      c.tag().ifPresent(t -> w.raw(t.bytes()));
      return w.toByteArray();
    }
    if (this instanceof AttemptBegun b) {
      return w.u8(8).raw(b.deposit().value().bytes()).u8(b.attempt()).toByteArray();
    }
    if (this instanceof Declined d) {
      return w.u8(5)
          .raw(d.deposit().value().bytes())
          .raw(d.release().bytes())
          .bytes(d.reason().getBytes(StandardCharsets.US_ASCII))
          .toByteArray();
    }
    if (this instanceof BatchAbandoned b) {
      w.u8(4).i64(b.dst().value()).i64(b.window()).u8(b.unverified().isPresent() ? 1 : 0);
      b.unverified().ifPresent(d -> w.raw(d.value().bytes()));
      return w.bytes(b.check().getBytes(StandardCharsets.US_ASCII)).toByteArray();
    }
    AttemptAbandoned a = (AttemptAbandoned) this;
    return w.u8(2)
        .bytes(a.session().bytes())
        .i32(a.culprit().orElse(0))
        .bytes(a.check().getBytes(StandardCharsets.US_ASCII))
        .toByteArray();
  }

  /** Decodes strictly: unknown version or type, trailing bytes or bad fields are refused. */
  static ControlMessage decode(byte[] payload) throws DecodingException {
    ByteReader r = new ByteReader(payload);
    if (r.u8() != VERSION) {
      throw new DecodingException("unknown control message version");
    }
    int type = r.u8();
    ControlMessage m;
    try {
      if (type == 1) {
        m = new Heartbeat(Instant.ofEpochMilli(r.i64()));
      } else if (type == 2) {
        SessionId s = new SessionId(r.bytes(64));
        int culprit = r.i32();
        if (culprit < 0 || culprit > 65_535) {
          throw new DecodingException("culprit out of range");
        }
        String check = new String(r.bytes(64), StandardCharsets.US_ASCII);
        m =
            new AttemptAbandoned(
                s, culprit == 0 ? OptionalInt.empty() : OptionalInt.of(culprit), check);
      } else if (type == 5) {
        m =
            new Declined(
                DepositId.of(Hash32.of(r.raw(32))),
                Hash32.of(r.raw(32)),
                new String(r.bytes(64), StandardCharsets.US_ASCII));
      } else if (type == 3) {
        m = decodeProposal(r);
      } else if (type == 6) {
        Hash32 tag = Hash32.of(r.raw(32));
        int depth = r.u8();
        m = new StockPresign(decodeCommittee(r), tag, depth);
      } else if (type == 7) {
        SessionId attempt = new SessionId(r.bytes(64));
        int flag = r.u8();
        if (flag > 1) {
          throw new DecodingException("bad flag");
        }
        m =
            new StockChoice(
                attempt, flag == 1 ? Optional.of(Hash32.of(r.raw(32))) : Optional.empty());
      } else if (type == 8) {
        m = new AttemptBegun(DepositId.of(Hash32.of(r.raw(32))), r.u8());
      } else if (type == 4) {
        ChainId dst = ChainId.of(r.i64());
        long window = r.i64();
        int flag = r.u8();
        if (flag > 1) {
          throw new DecodingException("bad flag");
        }
        Optional<DepositId> d =
            flag == 1 ? Optional.of(DepositId.of(Hash32.of(r.raw(32)))) : Optional.empty();
        m = new BatchAbandoned(dst, window, d, new String(r.bytes(64), StandardCharsets.US_ASCII));
      } else {
        throw new DecodingException("unknown control message type " + type);
      }
    } catch (IllegalArgumentException e) {
      throw new DecodingException("bad control message: " + e.getMessage());
    }
    r.end();
    return m;
  }

  private static BatchProposal decodeProposal(ByteReader r) throws DecodingException {
    ChainId dst = ChainId.of(r.i64());
    long window = r.i64();
    int count = r.i32();
    if (count < 1 || count > ReleaseBatch.MAX_RELEASES) {
      throw new DecodingException("deposit count out of range");
    }
    List<DepositId> deposits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      deposits.add(DepositId.of(Hash32.of(r.raw(32))));
    }
    return new BatchProposal(dst, window, deposits, decodeCommittee(r));
  }

  private static List<Integer> decodeCommittee(ByteReader r) throws DecodingException {
    int members = r.i32();
    if (members < 1 || members > 1024) {
      throw new DecodingException("committee size out of range");
    }
    List<Integer> committee = new ArrayList<>(members);
    for (int i = 0; i < members; i++) {
      committee.add(r.i32());
    }
    return committee;
  }
}
