package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reliable broadcast by echo. A point-to-point transport lets a cheating party send different
 * "broadcasts" to different parties (for example two Feldman commitments). After a broadcast round
 * every party sends everyone, for each sender, the hash of the broadcast it received from that
 * sender and that sender's origin signature of it ({@link Origin}); each party then compares every
 * echo with its own view and aborts on any difference before it acts on the round.
 *
 * <p>Blame: if party k's echo disagrees with what k itself sent us, or with what we sent, k is
 * lying about a message it knows, so k is named. If k disagrees with us about a third party j, the
 * signature k relays settles it: if it is j's valid signature of k's version, j signed two
 * different broadcasts (culprit j, {@code broadcast-equivocation}); otherwise k made its version up
 * (culprit k, {@code echo-forgery}). Every honest party that sees j's two versions names j; an
 * honest party never relays an unsigned or forged entry, so it is never named. Without a {@link
 * Notary} (an unsigned in-process run) the dispute cannot be settled and names nobody.
 *
 * <p>Echo encoding: u8 version (2), i32 round, i32 count, then per sender in increasing order i32
 * index, 32 raw bytes {@link Origin#payloadHash} and the 64-byte origin signature (all zero for the
 * echoer's own entry, or when the echoer holds no signature).
 */
public final class EchoBroadcast {
  /** Encoding version of an echo payload. */
  public static final int VERSION = 2;

  private static final byte[] NO_SIGNATURE = new byte[Origin.SIGNATURE_BYTES];

  private EchoBroadcast() {}

  /** One sender's broadcast as the echoer has it: its payload hash and origin signature. */
  record Entry(byte[] hash, byte[] signature) {}

  /** The hash of one sender's broadcast payload, as carried in echoes and origin statements. */
  public static byte[] digest(byte[] payload) {
    return Origin.payloadHash(payload);
  }

  /**
   * The echo payload for a round: the hash of each sender's broadcast as this party saw it, with
   * the sender's origin signature where this party holds one. {@code view} maps every party of the
   * session (this party included) to its broadcast payload; {@code signatures} maps senders to
   * their origin signatures (may miss any sender, this party always).
   */
  public static byte[] echo(
      int round, SortedMap<Integer, byte[]> view, Map<Integer, byte[]> signatures) {
    ByteWriter w = new ByteWriter().u8(VERSION).i32(round).i32(view.size());
    for (Map.Entry<Integer, byte[]> e : view.entrySet()) {
      w.i32(e.getKey())
          .raw(digest(e.getValue()))
          .raw(signatures.getOrDefault(e.getKey(), NO_SIGNATURE));
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
   * @param notary checks relayed signatures; empty in an unsigned run
   */
  public static void verify(
      SessionId sessionId,
      int round,
      int self,
      SortedMap<Integer, byte[]> view,
      Map<Integer, byte[]> echoes,
      Optional<Notary> notary)
      throws ProtocolAbort {
    List<Integer> parties = List.copyOf(view.keySet());
    SortedMap<Integer, byte[]> mine = new TreeMap<>();
    view.forEach((sender, payload) -> mine.put(sender, digest(payload)));

    SortedMap<Integer, SortedMap<Integer, Entry>> decoded = new TreeMap<>();
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
    for (Map.Entry<Integer, SortedMap<Integer, Entry>> e : decoded.entrySet()) {
      int echoer = e.getKey();
      for (int about : new int[] {echoer, self}) {
        if (!Arrays.equals(e.getValue().get(about).hash(), mine.get(about))) {
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
    // Second pass: disagreements about a third party, settled by the relayed signature.
    for (Map.Entry<Integer, SortedMap<Integer, Entry>> e : decoded.entrySet()) {
      int echoer = e.getKey();
      for (int about : parties) {
        Entry entry = e.getValue().get(about);
        if (Arrays.equals(entry.hash(), mine.get(about))) {
          continue;
        }
        if (notary.isEmpty()) {
          throw new ProtocolAbort(
              sessionId,
              0,
              "echo-broadcast",
              "party "
                  + echoer
                  + " received a different round "
                  + round
                  + " broadcast from party "
                  + about
                  + " than we did (unsigned run: one of the two is cheating)");
        }
        byte[] statement =
            Origin.statement(sessionId, round, about, ProtocolMessage.BROADCAST, entry.hash());
        if (notary.get().verify(about, statement, entry.signature())) {
          throw new ProtocolAbort(
              sessionId,
              about,
              "broadcast-equivocation",
              "party "
                  + about
                  + " signed two different round "
                  + round
                  + " broadcasts (one relayed by party "
                  + echoer
                  + ")");
        }
        throw new ProtocolAbort(
            sessionId,
            echoer,
            "echo-forgery",
            "party "
                + echoer
                + " echoes a round "
                + round
                + " broadcast of party "
                + about
                + " that party "
                + about
                + " did not sign");
      }
    }
  }

  private static SortedMap<Integer, Entry> decode(byte[] echo, int round, List<Integer> parties)
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
    SortedMap<Integer, Entry> out = new TreeMap<>();
    for (int expected : parties) {
      int sender = r.i32();
      if (sender != expected) {
        throw new DecodingException("echo entry for party " + sender + ", expected " + expected);
      }
      out.put(sender, new Entry(r.raw(Origin.HASH_BYTES), r.raw(Origin.SIGNATURE_BYTES)));
    }
    r.end();
    return out;
  }
}
