package io.tbridge.tss.presign;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignMessages.Round1Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round1Direct;
import io.tbridge.tss.presign.PresignMessages.Round3Direct;
import io.tbridge.tss.presign.PresignMessages.Round4Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round4Direct;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.sign.SignFuzzAccess;
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.DecoderFuzz.Decoder;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes fed to every presigning and signing payload decoder and to the MtA proof
 * decoders: each must decode or throw {@link DecodingException}, never anything else.
 */
class PresignDecoderFuzzTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;

  private static final List<Decoder> DECODERS =
      List.of(
          b -> Round1Broadcast.decode(b, LEVEL),
          b -> Round1Direct.decode(b, LEVEL),
          b -> Round3Direct.decode(b, LEVEL),
          Round4Broadcast::decode,
          b -> Round4Direct.decode(b, LEVEL),
          SignFuzzAccess::decodePartial,
          b -> {
            ByteReader r = new ByteReader(b);
            PiEnc.decodeFrom(r, LEVEL);
            r.end();
          },
          b -> {
            ByteReader r = new ByteReader(b);
            PiAffG.decodeFrom(r, LEVEL);
            r.end();
          },
          b -> {
            ByteReader r = new ByteReader(b);
            PiLogStar.decodeFrom(r, LEVEL);
            r.end();
          });

  private static final List<byte[]> VALID = new ArrayList<>();

  @BeforeAll
  static void captureRealPayloads() throws Exception {
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, LEVEL, 11);
    List<Integer> signers = List.of(1, 2);
    var sessions =
        PresignFixture.sessions(
            keys,
            signers,
            KeygenFixture.sessionId("presign-fuzz", 1),
            new InMemorySessionRegistry(),
            1,
            Runnable::run);
    LocalNetwork.run(
        sessions,
        1,
        false,
        (m, recipient) -> {
          if (m.from() == 1) {
            VALID.add(m.payload());
          }
          return List.<ProtocolMessage>of(m);
        });
    VALID.add(SignFuzzAccess.samplePartial());
  }

  @Property(tries = 200)
  void randomBytesShouldOnlyEverFailWithDecodingException(@ForAll @Size(max = 600) byte[] input) {
    for (Decoder d : DECODERS) {
      DecoderFuzz.feed(d, input);
    }
  }

  @Test
  void mutatedRealPayloadsShouldOnlyEverFailWithDecodingException() {
    Random r = new Random(17);
    for (byte[] good : VALID) {
      for (int trial = 0; trial < 60; trial++) {
        byte[] bad = DecoderFuzz.mutate(good, r);
        for (Decoder d : DECODERS) {
          DecoderFuzz.feed(d, bad);
        }
      }
    }
  }
}
