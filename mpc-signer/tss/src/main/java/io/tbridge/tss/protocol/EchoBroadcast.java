package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reliable broadcast by echo. A point-to-point transport lets a cheating party send different
 * "broadcasts" to different parties (for example two Feldman commitments). After a broadcast round
 * every party sends everyone, for each sender, the hash of the broadcast it received from that
 * sender (its own included); each party then compares every echo with its own view and aborts on
 * any difference before it acts on the round.
 *
 * <p>Blame: if party k's echo disagrees with what k itself sent us, or with what we sent, k is
 * lying about a message it knows, so k is named. If k disagrees with us about a third party j,
 * either j equivocated or k lies, and without transferable signatures nobody can tell: the abort
 * then names no culprit and the detail names both.
 *
 * <p>Echo encoding: u8 version (1), i32 round, i32 count, then per sender in increasing order i32
 * index and 32 raw bytes SHA-256(tag, session id, round, sender, payload).
 */
public final class EchoBroadcast {
  /** Encoding version of an echo payload. */
  public static final int VERSION = 1;

  /** Domain tag of the per-sender hashes. */
  public static final String DOMAIN = "tbridge/cggmp21/echo/v1";

  private static final int HASH_BYTES = 32;

  private EchoBroadcast() {}

  /** The hash of one sender's broadcast payload in one round of one session. */
  public static byte[] digest(SessionId sessionId, int round, int sender, byte[] payload) {
    MessageDigest d = sha256();
    d.update(
        new ByteWriter()
            .string(DOMAIN)
            .bytes(sessionId.bytes())
            .i32(round)
            .i32(sender)
            .bytes(payload)
            .toByteArray());
    return d.digest();
  }

  /**
   * The echo payload for a round: the hash of each sender's broadcast as this party saw it. {@code
   * view} maps every party of the session (this party included) to its broadcast payload.
   */
  public static byte[] echo(SessionId sessionId, int round, SortedMap<Integer, byte[]> view) {
    ByteWriter w = new ByteWriter().u8(VERSION).i32(round).i32(view.size());
    for (Map.Entry<Integer, byte[]> e : view.entrySet()) {
      w.i32(e.getKey()).raw(digest(sessionId, round, e.getKey(), e.getValue()));
    }
    return w.toByteArray();
  }

  /**
   * Checks every other party's echo against this party's own view and aborts on the first
   * inconsistency, preferring an abort that can name a culprit.
   *
   * @param self this party
   * @param view every party's broadcast payload as this party has it (own included)
   * @param echoes each other party's echo payload, keyed by that party
   */
  public static void verify(
      SessionId sessionId,
      int round,
      int self,
      SortedMap<Integer, byte[]> view,
      Map<Integer, byte[]> echoes)
      throws ProtocolAbort {
    List<Integer> parties = List.copyOf(view.keySet());
    SortedMap<Integer, byte[]> mine = new TreeMap<>();
    view.forEach((sender, payload) -> mine.put(sender, digest(sessionId, round, sender, payload)));

    SortedMap<Integer, SortedMap<Integer, byte[]>> decoded = new TreeMap<>();
    for (Map.Entry<Integer, byte[]> e : new TreeMap<>(echoes).entrySet()) {
      int echoer = e.getKey();
      try {
        decoded.put(echoer, decode(e.getValue(), round, parties));
      } catch (DecodingException ex) {
        throw new ProtocolAbort(
            sessionId, echoer, "echo-broadcast", "malformed echo: " + ex.getMessage());
      }
    }
    // First pass: disagreements the echoer cannot excuse (its own message, or ours).
    for (Map.Entry<Integer, SortedMap<Integer, byte[]>> e : decoded.entrySet()) {
      int echoer = e.getKey();
      for (int about : new int[] {echoer, self}) {
        if (!Arrays.equals(e.getValue().get(about), mine.get(about))) {
          throw new ProtocolAbort(
              sessionId,
              echoer,
              "echo-broadcast",
              "party "
                  + echoer
                  + " echoes a round "
                  + round
                  + " broadcast of party "
                  + about
                  + " that differs from the one "
                  + (about == self ? "we sent" : "it sent us"));
        }
      }
    }
    // Second pass: disagreements about a third party; equivocation by that party or a lie.
    for (Map.Entry<Integer, SortedMap<Integer, byte[]>> e : decoded.entrySet()) {
      for (int about : parties) {
        if (!Arrays.equals(e.getValue().get(about), mine.get(about))) {
          throw new ProtocolAbort(
              sessionId,
              0,
              "echo-broadcast",
              "party "
                  + e.getKey()
                  + " received a different round "
                  + round
                  + " broadcast from party "
                  + about
                  + " than we did (one of the two is cheating)");
        }
      }
    }
  }

  private static SortedMap<Integer, byte[]> decode(byte[] echo, int round, List<Integer> parties)
      throws DecodingException {
    ByteReader r = new ByteReader(echo);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown echo version " + version);
    }
    int echoedRound = r.i32();
    if (echoedRound != round) {
      throw new DecodingException("echo is for round " + echoedRound + ", expected " + round);
    }
    int count = r.i32();
    if (count != parties.size()) {
      throw new DecodingException("echo has " + count + " entries, expected " + parties.size());
    }
    SortedMap<Integer, byte[]> out = new TreeMap<>();
    for (int expected : parties) {
      int sender = r.i32();
      if (sender != expected) {
        throw new DecodingException("echo entry for party " + sender + ", expected " + expected);
      }
      out.put(sender, r.raw(HASH_BYTES));
    }
    r.end();
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }
}
