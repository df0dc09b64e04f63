package io.tbridge.signer.mpc;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.SessionId;
import java.time.Instant;
import java.util.Objects;
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
    AttemptAbandoned a = (AttemptAbandoned) this;
    return w.u8(2)
        .bytes(a.session().bytes())
        .i32(a.culprit().orElse(0))
        .bytes(a.check().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
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
        String check = new String(r.bytes(64), java.nio.charset.StandardCharsets.US_ASCII);
        m =
            new AttemptAbandoned(
                s, culprit == 0 ? OptionalInt.empty() : OptionalInt.of(culprit), check);
      } else {
        throw new DecodingException("unknown control message type " + type);
      }
    } catch (IllegalArgumentException e) {
      throw new DecodingException("bad control message: " + e.getMessage());
    }
    r.end();
    return m;
  }
}
