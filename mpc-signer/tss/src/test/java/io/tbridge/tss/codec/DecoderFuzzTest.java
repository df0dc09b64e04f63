package io.tbridge.tss.codec;

import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.DecoderFuzz.Decoder;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import io.tbridge.tss.zk.PiSch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes fed to every decoder of the framework, keygen and the lead's primitives:
 * each must either decode or throw {@link DecodingException}, never anything else (no
 * IndexOutOfBounds, NegativeArraySize, OutOfMemory, IllegalArgument, ArithmeticException...).
 */
class DecoderFuzzTest {
  private static final List<Decoder> DECODERS =
      List.of(
          ProtocolMessage::decode,
          KeyShare::decode,
          PiSch.Proof::decode,
          Secp256k1::decodePoint,
          Secp256k1::decodeScalar,
          Secp256k1::decodeNonZeroScalar,
          b -> {
            ByteReader r = new ByteReader(b);
            Committee.decodeFrom(r);
            r.end();
          },
          b -> {
            ByteReader r = new ByteReader(b);
            r.bigInts(3, 3072);
            r.string(100);
            r.end();
          });

  private static List<byte[]> valid;

  @BeforeAll
  static void validEncodings() {
    valid = new ArrayList<>();
    KeyShare share = KeygenFixture.generate(Committee.ofSize(2, 3), 5).get(1);
    valid.add(share.encode());
    valid.add(
        ProtocolMessage.direct(KeygenFixture.sessionId("fuzz", 1), 3, 1, 2, new byte[] {9, 8, 7})
            .encode());
    var random = TestRandom.seeded(3);
    var x = Secp256k1.randomScalar(random);
    valid.add(
        PiSch.prove(
                KeygenFixture.sessionId("fuzz", 2), 1, new byte[0], Secp256k1.mulG(x), x, random)
            .encode());
    valid.add(Secp256k1.encode(share.publicKey()));
  }

  @Property(tries = 300)
  void randomBytesShouldOnlyEverFailWithDecodingException(@ForAll @Size(max = 400) byte[] input) {
    for (Decoder d : DECODERS) {
      DecoderFuzz.feed(d, input);
    }
  }

  @Test
  void mutatedValidEncodingsShouldOnlyEverFailWithDecodingException() {
    Random r = new Random(11);
    for (byte[] good : valid) {
      for (int trial = 0; trial < 300; trial++) {
        byte[] bad = DecoderFuzz.mutate(good, r);
        for (Decoder d : DECODERS) {
          DecoderFuzz.feed(d, bad);
        }
      }
    }
  }
}
