package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One protocol message as carried by any transport: which session, which protocol round, sender,
 * recipient (or broadcast) and the round-specific payload. On the wire it travels sealed by {@link
 * io.tbridge.tss.channel.SecureChannel} (signed by the sender, direct messages encrypted to the
 * recipient); the session checks that the claimed sender and recipient fit the session.
 */
public record ProtocolMessage(SessionId sessionId, int round, int from, int to, byte[] payload) {
  /** Encoding version written first; decoders refuse any other. */
  public static final int VERSION = 1;

  /** Largest payload accepted (proof-carrying rounds at 3072-bit moduli are well below). */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  /** Recipient value meaning "every party of the session". */
  public static final int BROADCAST = 0;

  /** Validating constructor; copies the payload. */
  public ProtocolMessage {
    if (round < 1 || round > 255) {
      throw new IllegalArgumentException("round out of range: " + round);
    }
    if (from < 1) {
      throw new IllegalArgumentException("sender index must be positive");
    }
    if (to < 0 || to == from) {
      throw new IllegalArgumentException("recipient must be BROADCAST or another party");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload too large");
    }
    payload = payload.clone();
  }

  /** A message to every party. */
  public static ProtocolMessage broadcast(SessionId sid, int round, int from, byte[] payload) {
    return new ProtocolMessage(sid, round, from, BROADCAST, payload);
  }

  /** A message to one party. */
  public static ProtocolMessage direct(SessionId sid, int round, int from, int to, byte[] payload) {
    if (to == BROADCAST) {
      throw new IllegalArgumentException("direct message needs a recipient");
    }
    return new ProtocolMessage(sid, round, from, to, payload);
  }

  /** Whether this is a broadcast. */
  public boolean isBroadcast() {
    return to == BROADCAST;
  }

  /** The recipient, empty for a broadcast. */
  public OptionalInt recipient() {
    return isBroadcast() ? OptionalInt.empty() : OptionalInt.of(to);
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Versioned binary encoding. */
  public byte[] encode() {
    return new ByteWriter()
        .u8(VERSION)
        .bytes(sessionId.bytes())
        .u8(round)
        .i32(from)
        .i32(to)
        .bytes(payload)
        .toByteArray();
  }

  /** Decodes and validates; any malformed input gives a {@link DecodingException}. */
  public static ProtocolMessage decode(byte[] encoded) throws DecodingException {
    ByteReader r = new ByteReader(encoded);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown protocol message version " + version);
    }
    byte[] sid = r.bytes(64);
    int round = r.u8();
    int from = r.i32();
    int to = r.i32();
    byte[] payload = r.bytes(MAX_PAYLOAD_BYTES);
    r.end();
    try {
      return new ProtocolMessage(new SessionId(sid), round, from, to, payload);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolMessage m
        && sessionId.equals(m.sessionId)
        && round == m.round
        && from == m.from
        && to == m.to
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * sessionId.hashCode() + round * 1_000_003 + from * 31 + to)
        + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "ProtocolMessage[session="
        + sessionId.hex()
        + ", round="
        + round
        + ", from="
        + from
        + ", to="
        + (isBroadcast() ? "all" : Integer.toString(to))
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
