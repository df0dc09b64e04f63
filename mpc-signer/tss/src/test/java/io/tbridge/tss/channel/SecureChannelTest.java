package io.tbridge.tss.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.channel.Opened.Reason;
import io.tbridge.tss.channel.Opened.Rejected;
import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecureChannelTest {
  private static final SessionId SID = KeygenFixture.sessionId("channel", 1);
  private static final SessionId OTHER_SID = KeygenFixture.sessionId("channel", 2);

  /** A recognisable 64-byte "secret" so leaks are easy to search for. */
  private static final byte[] SECRET = secret();

  private static Map<Integer, PartyIdentity> ids;
  private static Map<Integer, SecureChannel> channels;

  @BeforeAll
  static void committee() {
    ids = ChannelFixture.identities(3, 1);
    channels = ChannelFixture.channels(ids, 1);
  }

  private static byte[] secret() {
    byte[] s = new byte[64];
    TestRandom.seeded(42).nextBytes(s);
    return s;
  }

  private static ProtocolMessage direct(int from, int to) {
    return ProtocolMessage.direct(SID, 3, from, to, SECRET);
  }

  private static Opened open(int party, byte[] wire) {
    return channels.get(party).open(wire);
  }

  private static ProtocolMessage opened(Opened o) {
    assertThat(o).isInstanceOf(Opened.Message.class);
    return ((Opened.Message) o).message();
  }

  private static void assertRejected(Opened o, Reason reason, OptionalInt culprit) {
    assertThat(o).isInstanceOf(Rejected.class);
    Rejected r = (Rejected) o;
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.culprit()).isEqualTo(culprit);
  }

  private static Envelope envelope(byte[] wire) throws DecodingException {
    return Envelope.decode(wire);
  }

  /** Re-signs a changed envelope with {@code signer}'s key, as a malicious {@code signer} would. */
  private static byte[] resign(Envelope changed, int signer) {
    return changed.withSignature(ids.get(signer).sign(changed.signedBytes())).encode();
  }

  @Test
  void shouldDeliverABroadcastToEveryMemberSignedButNotEncrypted() {
    ProtocolMessage m = ProtocolMessage.broadcast(SID, 1, 1, SECRET);
    byte[] wire = channels.get(1).seal(m);
    assertThat(opened(open(2, wire))).isEqualTo(m);
    assertThat(opened(open(3, wire))).isEqualTo(m);
    // The sender's own broadcast looped back by the transport opens too; the session ignores it.
    assertThat(opened(open(1, wire))).isEqualTo(m);
    // Broadcasts are public by design: the payload is readable on the wire.
    assertThat(ChannelFixture.contains(wire, SECRET)).isTrue();
  }

  @Test
  void shouldDeliverADirectMessageToItsRecipient() {
    ProtocolMessage m = direct(1, 2);
    byte[] wire = channels.get(1).seal(m);
    assertThat(opened(open(2, wire))).isEqualTo(m);
    assertThat(opened(channels.get(2).open(wire, SID))).isEqualTo(m);
  }

  @Test
  void shouldKeepADirectMessageSecretFromTopicReadersWithoutTheRecipientKey() throws Exception {
    byte[] wire = channels.get(1).seal(direct(1, 2));
    // Neither the payload nor any 8-byte piece of it appears in the bytes a broker stores.
    for (int i = 0; i + 8 <= SECRET.length; i++) {
      assertThat(ChannelFixture.contains(wire, java.util.Arrays.copyOfRange(SECRET, i, i + 8)))
          .as("payload bytes %d..%d on the wire", i, i + 8)
          .isFalse();
    }
    // Another committee member reading the topic cannot open it.
    assertRejected(open(3, wire), Reason.NOT_FOR_THIS_PARTY, OptionalInt.empty());
    // Nor can someone who claims to be party 2 with any key other than party 2's.
    PartyIdentity impostor = PartyIdentity.generate(TestRandom.seeded(99));
    Map<Integer, PublicIdentity> view = new TreeMap<>(ChannelFixture.publics(ids));
    view.put(2, impostor.publicIdentity());
    SecureChannel fake = new SecureChannel(impostor, 2, view, TestRandom.seeded(1));
    assertThat(fake.open(wire)).isInstanceOf(Rejected.class);
    // And party 2 cannot be made to accept a copy whose recipient field is rewritten to party 3.
    Envelope e = envelope(wire);
    byte[] readdressed =
        new Envelope(
                e.kind(),
                e.sessionId(),
                e.round(),
                e.from(),
                3,
                e.ephemeralKey(),
                e.body(),
                e.tag(),
                e.signature())
            .encode();
    assertRejected(open(3, readdressed), Reason.BAD_SIGNATURE, OptionalInt.empty());
  }

  @Test
  void shouldOpenTheSameBytesTwiceToTheSameMessage() {
    ProtocolMessage m = direct(2, 3);
    byte[] wire = channels.get(2).seal(m);
    assertThat(opened(open(3, wire))).isEqualTo(opened(open(3, wire))).isEqualTo(m);
    // Sealing again uses a fresh ephemeral key: other bytes, same message (an exact duplicate).
    byte[] again = channels.get(2).seal(m);
    assertThat(again).isNotEqualTo(wire);
    assertThat(opened(open(3, again))).isEqualTo(m);
  }

  @Test
  void shouldRejectEveryTamperedByteWithoutBlamingAnyone() {
    for (ProtocolMessage m :
        new ProtocolMessage[] {direct(1, 2), ProtocolMessage.broadcast(SID, 4, 1, SECRET)}) {
      byte[] wire = channels.get(1).seal(m);
      for (int i = 0; i < wire.length; i++) {
        for (int flip : new int[] {0x01, 0x80}) {
          byte[] tampered = wire.clone();
          tampered[i] ^= (byte) flip;
          Opened o = open(2, tampered);
          assertThat(o).as("byte %d ^ %d", i, flip).isInstanceOf(Rejected.class);
          // Corruption in transit is not evidence against the sender.
          assertThat(((Rejected) o).culprit()).as("byte %d ^ %d", i, flip).isEmpty();
        }
      }
    }
  }

  @Test
  void shouldRejectAMessageSignedByAnotherMemberInTheSendersNameWithoutACulprit() throws Exception {
    // Party 3 writes "from 1" and signs with its own key.
    Envelope e = envelope(channels.get(3).seal(direct(3, 2)));
    Envelope claimsParty1 =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            1,
            e.to(),
            e.ephemeralKey(),
            e.body(),
            e.tag(),
            e.signature());
    Opened o = open(2, resign(claimsParty1, 3));
    assertRejected(o, Reason.BAD_SIGNATURE, OptionalInt.empty());
    assertThat(((Rejected) o).detail()).contains("party 1");
  }

  @Test
  void shouldRejectAMessageMovedToAnotherSessionOrRound() throws Exception {
    byte[] wire = channels.get(1).seal(direct(1, 2));
    Envelope e = envelope(wire);
    byte[] otherSession =
        new Envelope(
                e.kind(),
                OTHER_SID.bytes(),
                e.round(),
                e.from(),
                e.to(),
                e.ephemeralKey(),
                e.body(),
                e.tag(),
                e.signature())
            .encode();
    byte[] otherRound =
        new Envelope(
                e.kind(),
                e.sessionId(),
                4,
                e.from(),
                e.to(),
                e.ephemeralKey(),
                e.body(),
                e.tag(),
                e.signature())
            .encode();
    assertRejected(open(2, otherSession), Reason.BAD_SIGNATURE, OptionalInt.empty());
    assertRejected(open(2, otherRound), Reason.BAD_SIGNATURE, OptionalInt.empty());
    // The authentic message replayed into another session is dropped without blaming its sender.
    assertRejected(
        channels.get(2).open(wire, OTHER_SID), Reason.WRONG_SESSION, OptionalInt.empty());
  }

  @Test
  void shouldNameTheSignerOfAValidlySignedDirectMessageThatDoesNotDecrypt() throws Exception {
    Envelope e = envelope(channels.get(1).seal(direct(1, 2)));
    byte[] garbage = new byte[e.body().length];
    TestRandom.seeded(5).nextBytes(garbage);
    Envelope withGarbage =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            1,
            2,
            e.ephemeralKey(),
            garbage,
            e.tag(),
            e.signature());
    assertRejected(open(2, resign(withGarbage, 1)), Reason.UNDECRYPTABLE, OptionalInt.of(1));

    // An ephemeral key of small order (u = 0) would make the key public: refused, signer named.
    Envelope smallOrder =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            1,
            2,
            new byte[32],
            e.body(),
            e.tag(),
            e.signature());
    assertRejected(open(2, resign(smallOrder, 1)), Reason.UNDECRYPTABLE, OptionalInt.of(1));

    // The header is bound into the key and the associated data: the right ciphertext re-signed
    // under another round does not decrypt.
    Envelope moved =
        new Envelope(
            e.kind(), e.sessionId(), 5, 1, 2, e.ephemeralKey(), e.body(), e.tag(), e.signature());
    assertRejected(open(2, resign(moved, 1)), Reason.UNDECRYPTABLE, OptionalInt.of(1));
  }

  @Test
  void shouldBlameAMemberWhoPassesOffAnotherMembersCiphertextAsItsOwn() throws Exception {
    // Party 3 copies party 1's encrypted share for party 2 and signs it as its own message.
    Envelope e = envelope(channels.get(1).seal(direct(1, 2)));
    Envelope stolen =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            3,
            2,
            e.ephemeralKey(),
            e.body(),
            e.tag(),
            e.signature());
    assertRejected(open(2, resign(stolen, 3)), Reason.UNDECRYPTABLE, OptionalInt.of(3));
  }

  @Test
  void shouldNameTheSignerOfAHeaderNoHonestSealerWrites() throws Exception {
    Envelope d = envelope(channels.get(1).seal(direct(1, 2)));
    Envelope b = envelope(channels.get(1).seal(ProtocolMessage.broadcast(SID, 2, 1, SECRET)));
    BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    Envelope[] invalid = {
      new Envelope(d.kind(), d.sessionId(), 0, 1, 2, d.ephemeralKey(), d.body(), d.tag(), null),
      new Envelope(d.kind(), new byte[15], 3, 1, 2, d.ephemeralKey(), d.body(), d.tag(), null),
      new Envelope(d.kind(), d.sessionId(), 3, 1, 1, d.ephemeralKey(), d.body(), d.tag(), null),
      new Envelope(d.kind(), d.sessionId(), 3, 1, 0, d.ephemeralKey(), d.body(), d.tag(), null),
      new Envelope(d.kind(), d.sessionId(), 3, 1, 7, d.ephemeralKey(), d.body(), d.tag(), null),
      new Envelope(
          d.kind(),
          d.sessionId(),
          3,
          1,
          2,
          Curve25519Keys.littleEndian(p),
          d.body(),
          d.tag(),
          null),
      new Envelope(b.kind(), b.sessionId(), 2, 1, 2, b.ephemeralKey(), b.body(), b.tag(), null),
    };
    for (Envelope bad : invalid) {
      assertRejected(open(2, resign(bad, 1)), Reason.INVALID_HEADER, OptionalInt.of(1));
    }
  }

  @Test
  void shouldRejectASenderOutsideTheCommittee() {
    // Party 4 of a larger committee is unknown to a channel built for parties 1..3.
    Map<Integer, PartyIdentity> four = ChannelFixture.identities(4, 1);
    SecureChannel outsider = ChannelFixture.channels(four, 1).get(4);
    byte[] wire = outsider.seal(ProtocolMessage.broadcast(SID, 1, 4, SECRET));
    assertRejected(open(2, wire), Reason.UNKNOWN_SENDER, OptionalInt.empty());
  }

  @Test
  void shouldRejectUnknownVersionsAndMalformedBytesWithoutACulprit() {
    byte[] wire = channels.get(1).seal(direct(1, 2));
    for (int version : new int[] {1, 3}) {
      byte[] other = wire.clone();
      other[0] = (byte) version;
      assertRejected(open(2, other), Reason.UNKNOWN_VERSION, OptionalInt.empty());
    }
    assertRejected(open(2, new byte[0]), Reason.MALFORMED, OptionalInt.empty());
    assertRejected(
        open(2, java.util.Arrays.copyOf(wire, wire.length + 1)),
        Reason.MALFORMED,
        OptionalInt.empty());
    assertRejected(
        open(2, java.util.Arrays.copyOf(wire, wire.length - 1)),
        Reason.MALFORMED,
        OptionalInt.empty());
  }

  @Test
  void shouldCarryTheLargestPayloadAProtocolMessageAllows() {
    ProtocolMessage big =
        ProtocolMessage.direct(SID, 2, 1, 3, new byte[ProtocolMessage.MAX_PAYLOAD_BYTES]);
    assertThat(opened(open(3, channels.get(1).seal(big)))).isEqualTo(big);
  }

  @Test
  void shouldRefuseToSealForAnotherSenderOrARecipientOutsideTheCommittee() {
    SecureChannel c = channels.get(1);
    assertThatThrownBy(() -> c.seal(direct(2, 3))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.seal(ProtocolMessage.direct(SID, 3, 1, 9, SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9");
  }

  @Test
  void shouldRefuseACommitteeViewThatDoesNotFitThisParty() {
    Map<Integer, PublicIdentity> view = ChannelFixture.publics(ids);
    PartyIdentity one = ids.get(1);
    assertThatThrownBy(() -> new SecureChannel(one, 2, view, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecureChannel(one, 4, view, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class);
    Map<Integer, PublicIdentity> duplicate = new TreeMap<>(view);
    duplicate.put(4, view.get(2));
    assertThatThrownBy(() -> new SecureChannel(one, 1, duplicate, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reuses");
    Map<Integer, PublicIdentity> badIndex = new TreeMap<>(view);
    badIndex.put(0, ids.get(3).publicIdentity());
    badIndex.remove(3);
    assertThatThrownBy(() -> new SecureChannel(one, 1, badIndex, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecureChannel(one, 1, Map.of(), TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNeverShowPayloadsOrKeysInToStringOrRejections() throws Exception {
    String secretHex = HexFormat.of().formatHex(SECRET).substring(0, 16);
    byte[] wire = channels.get(1).seal(direct(1, 2));
    Envelope e = envelope(wire);
    Envelope garbled =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            1,
            2,
            e.ephemeralKey(),
            new byte[70],
            e.tag(),
            e.signature());
    Opened[] outcomes = {
      open(3, wire),
      open(2, resign(garbled, 1)),
      open(2, new byte[] {1, 2}),
      channels.get(2).open(wire, OTHER_SID)
    };
    byte[] exported = ids.get(1).exportSecret();
    String keyHex = HexFormat.of().formatHex(exported).substring(exported.length * 2 - 16);
    for (Opened o : outcomes) {
      assertThat(o.toString()).doesNotContain(secretHex).doesNotContain(keyHex);
    }
    assertThat(channels.get(1).toString()).doesNotContain(keyHex);
    assertThat(channels.get(2).seal(direct(2, 1)).length).isGreaterThan(SECRET.length);
    assertThat(opened(open(2, wire)).toString()).doesNotContain(secretHex);
  }

  @Test
  void shouldRefuseARejectionWhoseCulpritDoesNotMatchItsReason() {
    assertThatThrownBy(() -> new Rejected(Reason.BAD_SIGNATURE, OptionalInt.of(1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rejected(Reason.UNDECRYPTABLE, OptionalInt.empty(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldGiveTheOriginSignatureThatAnyMemberCanCheckOnThePlaintext() {
    ProtocolMessage m = direct(1, 2);
    Opened o = open(2, channels.get(1).seal(m));
    io.tbridge.tss.protocol.SignedMessage signed = ((Opened.Message) o).signed();
    assertThat(signed.message()).isEqualTo(m);
    // Party 3 could not open the envelope, but checks what party 2 shows it.
    assertThat(channels.get(3).verify(signed)).isTrue();
    assertThat(channels.get(3).verify(3, signed.statement(), signed.signature())).isFalse();
    ProtocolMessage altered = ProtocolMessage.direct(SID, 3, 1, 2, new byte[] {1, 2, 3});
    assertThat(
            channels
                .get(3)
                .verify(new io.tbridge.tss.protocol.SignedMessage(altered, signed.signature())))
        .isFalse();
  }

  @Test
  void shouldBlameTheSignerOfAnEnvelopeWithoutAValidOriginSignature() throws Exception {
    // Party 1 signs an envelope whose broadcast content carries no valid origin signature.
    Envelope e = envelope(channels.get(1).seal(ProtocolMessage.broadcast(SID, 1, 1, SECRET)));
    byte[] content = e.body();
    content[0] ^= 1;
    Envelope bad =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            e.from(),
            e.to(),
            e.ephemeralKey(),
            content,
            e.tag(),
            e.signature());
    assertRejected(open(2, resign(bad, 1)), Reason.BAD_ORIGIN_SIGNATURE, OptionalInt.of(1));
    Envelope tooShort =
        new Envelope(
            e.kind(),
            e.sessionId(),
            e.round(),
            e.from(),
            e.to(),
            e.ephemeralKey(),
            new byte[10],
            e.tag(),
            e.signature());
    assertRejected(open(2, resign(tooShort, 1)), Reason.BAD_ORIGIN_SIGNATURE, OptionalInt.of(1));
  }
}
