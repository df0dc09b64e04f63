package io.tbridge.tss.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes from the topic: {@link SecureChannel#open} only ever returns a rejection (never an
 * exception, never a message, never a culprit), and the decoders throw only DecodingException.
 */
class ChannelDecoderFuzzTest {
  private static final SessionId SID = KeygenFixture.sessionId("channel-fuzz", 1);
  private static final Map<Integer, PartyIdentity> IDS = ChannelFixture.identities(3, 2);
  private static final Map<Integer, SecureChannel> CHANNELS = ChannelFixture.channels(IDS, 2);

  private static List<byte[]> validWires() {
    byte[] payload = new byte[40];
    TestRandom.seeded(1).nextBytes(payload);
    SecureChannel one = CHANNELS.get(1);
    return List.of(
        one.seal(ProtocolMessage.direct(SID, 3, 1, 2, payload)),
        one.seal(ProtocolMessage.broadcast(SID, 1, 1, payload)),
        one.seal(ProtocolMessage.direct(SID, 2, 1, 2, new byte[0])));
  }

  /** Opening must reject: mutated or random bytes can carry no valid signature of a member. */
  private static void mustReject(byte[] input) {
    for (int party = 1; party <= 3; party++) {
      Opened o = CHANNELS.get(party).open(input);
      assertThat(o).isInstanceOf(Opened.Rejected.class);
      assertThat(((Opened.Rejected) o).culprit()).isEmpty();
      assertThat(CHANNELS.get(party).open(input, SID)).isInstanceOf(Opened.Rejected.class);
    }
  }

  @Test
  void shouldRejectRandomAndMutatedEnvelopesWithoutThrowing() {
    Random r = new Random(11);
    for (byte[] good : validWires()) {
      DecoderFuzz.feedRandomAndMutated(ChannelDecoderFuzzTest::mustReject, good, r, 300);
      for (int cut = 0; cut < good.length; cut++) {
        mustReject(Arrays.copyOf(good, cut));
      }
    }
  }

  @Test
  void shouldDecodeEnvelopesIdentitiesAndSecretExportsOrThrowOnlyDecodingException() {
    Random r = new Random(12);
    for (byte[] good : validWires()) {
      DecoderFuzz.feedRandomAndMutated(Envelope::decode, good, r, 300);
    }
    PartyIdentity id = IDS.get(1);
    DecoderFuzz.feedRandomAndMutated(PublicIdentity::decode, id.publicIdentity().encode(), r, 300);
    DecoderFuzz.feedRandomAndMutated(PartyIdentity::importSecret, id.exportSecret(), r, 300);
  }

  @Property(tries = 300)
  void shouldRejectArbitraryBytes(@ForAll @Size(max = 400) byte[] input) {
    mustReject(input);
  }

  @Property(tries = 200)
  void shouldRejectArbitraryBytesBehindAValidHeader(@ForAll @Size(max = 200) byte[] tail) {
    // Version 1, kind direct or broadcast, then anything: exercises the length checks.
    for (int kind = 1; kind <= 2; kind++) {
      byte[] input = new byte[tail.length + 2];
      input[0] = 1;
      input[1] = (byte) kind;
      System.arraycopy(tail, 0, input, 2, tail.length);
      mustReject(input);
    }
  }
}
