package io.tbridge.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.tbridge.core.Samples;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes every decoder with random and mutated bytes: whatever comes in, the only outcomes are a
 * value or one of the documented refusals; nothing is thrown. Seeds are fixed so a run is
 * reproducible; the mutations start from valid encodings so they reach deep into the decoders.
 */
class DecoderFuzzTest {
  private static final Set<RejectReason> DECODER_REASONS =
      EnumSet.complementOf(EnumSet.of(RejectReason.REJECTED_BY_POLICY));

  private static final List<WireCodec<?>> CODECS =
      List.of(
          new ObservedLockCodec(),
          new SignedReleaseCodec(),
          new StatusEventCodec(),
          new DeadLetterCodec(),
          new SingleRequestCodec(),
          new SignedRefundCodec());

  private static final List<byte[]> VALID =
      List.of(
          new ObservedLockCodec().encode(Samples.lock(11)),
          new SignedReleaseCodec().encode(WireSamples.single()),
          new SignedReleaseCodec().encode(WireSamples.batch()),
          new StatusEventCodec().encode(WireSamples.status()),
          new DeadLetterCodec().encode(WireSamples.deadLetter()),
          new SingleRequestCodec().encode(WireSamples.singleRequest()),
          new SignedRefundCodec().encode(WireSamples.refund()));

  /** Index into CODECS of the codec that wrote each VALID sample. */
  private static final int[] CODEC_OF_VALID = {0, 1, 1, 2, 3, 4, 5};

  private static <T> String assertOnlyDocumentedOutcomes(WireCodec<T> codec, byte[] input) {
    DecodeResult<T> result = codec.decode(input);
    assertThat(result).isNotNull();
    if (result.isDecoded()) {
      // Whatever decodes must re-encode to something that decodes to the same value.
      T value = result.value().orElseThrow();
      assertThat(codec.decode(codec.encode(value)).value()).contains(value);
      return "DECODED";
    }
    DecodeError error = result.error().orElseThrow();
    assertThat(DECODER_REASONS).contains(error.reason());
    assertThat(error.detail()).isNotBlank();
    return error.reason().name();
  }

  @Property(tries = 1500, seed = "20261125")
  void randomBytesNeverEscapeTheDocumentedErrors(@ForAll @Size(max = 400) byte[] input) {
    for (WireCodec<?> codec : CODECS) {
      assertOnlyDocumentedOutcomes(codec, input);
    }
  }

  @Property(tries = 1500, seed = "4711")
  void versionPrefixedRandomBytesNeverEscapeTheDocumentedErrors(
      @ForAll @Size(max = 300) byte[] tail) {
    // 0x08 0x01 = schema_version 1: gets the garbage past the version check.
    byte[] input = new byte[tail.length + 2];
    input[0] = 0x08;
    input[1] = 0x01;
    System.arraycopy(tail, 0, input, 2, tail.length);
    for (WireCodec<?> codec : CODECS) {
      assertOnlyDocumentedOutcomes(codec, input);
    }
  }

  @Property(tries = 3000, seed = "1901")
  void mutatedValidMessagesNeverEscapeTheDocumentedErrors(
      @ForAll("validMessages") byte[] valid,
      @ForAll @IntRange(min = 1, max = 6) int mutations,
      @ForAll long mutationSeed) {
    byte[] mutated = mutate(valid, mutations, new Random(mutationSeed));
    for (WireCodec<?> codec : CODECS) {
      Statistics.collect(assertOnlyDocumentedOutcomes(codec, mutated));
    }
    // The mutations must reach past the version check into every kind of field rule, and
    // some must still decode: otherwise this fuzzer would only be testing the protobuf parser.
    Statistics.coverage(
        checker -> {
          for (String outcome :
              List.of("DECODED", "MALFORMED", "MISSING_FIELD", "BAD_LENGTH", "OUT_OF_RANGE")) {
            checker.check(outcome).count(c -> c > 0);
          }
        });
  }

  @Property(tries = 3000, seed = "712")
  void fieldMutatedMessagesNeverEscapeTheDocumentedErrors(
      @ForAll @IntRange(min = 0, max = 4) int which, @ForAll long mutationSeed) {
    // Structure-aware: drop fields, resize or rewrite bytes fields, rewrite varints, add unknown
    // fields. Each message goes to its own codec, so the field rules themselves are exercised.
    WireCodec<?> codec = CODECS.get(CODEC_OF_VALID[which]);
    byte[] mutated = mutateFields(VALID.get(which), new Random(mutationSeed));
    Statistics.collect(assertOnlyDocumentedOutcomes(codec, mutated));
    Statistics.coverage(
        checker -> {
          for (String outcome :
              List.of("DECODED", "MISSING_FIELD", "BAD_LENGTH", "OUT_OF_RANGE", "INVALID")) {
            checker.check(outcome).count(c -> c > 0);
          }
        });
  }

  private static byte[] mutateFields(byte[] valid, Random random) {
    UnknownFieldSet fields;
    try {
      fields = UnknownFieldSet.parseFrom(valid);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("sample must parse", e);
    }
    UnknownFieldSet.Builder out = UnknownFieldSet.newBuilder();
    for (Map.Entry<Integer, UnknownFieldSet.Field> entry : fields.asMap().entrySet()) {
      int number = entry.getKey();
      UnknownFieldSet.Field field = entry.getValue();
      if (number != 1 && random.nextInt(10) == 0) {
        continue; // drop the field (never the version, that is covered elsewhere)
      }
      UnknownFieldSet.Field.Builder changed = UnknownFieldSet.Field.newBuilder();
      for (long varint : field.getVarintList()) {
        changed.addVarint(number != 1 && random.nextInt(4) == 0 ? interesting(random) : varint);
      }
      for (ByteString bytes : field.getLengthDelimitedList()) {
        changed.addLengthDelimited(random.nextInt(4) == 0 ? rewrite(bytes, random) : bytes);
      }
      out.addField(number, changed.build());
    }
    if (random.nextInt(8) == 0) {
      out.addField(
          1000 + random.nextInt(100), UnknownFieldSet.Field.newBuilder().addVarint(7).build());
    }
    return out.build().toByteArray();
  }

  private static long interesting(Random random) {
    long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 27, 28, 31337, 31338, 99};
    return random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextLong();
  }

  private static ByteString rewrite(ByteString bytes, Random random) {
    byte[] raw = bytes.toByteArray();
    switch (random.nextInt(4)) {
      case 0 -> raw = Arrays.copyOf(raw, Math.max(0, raw.length + random.nextInt(5) - 2));
      case 1 -> {
        if (raw.length > 0) {
          raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> Arrays.fill(raw, (byte) (random.nextBoolean() ? 0 : 0xff));
      default -> {
        if (raw.length > 0) {
          raw[0] = (byte) random.nextInt(256);
        }
      }
    }
    return ByteString.copyFrom(raw);
  }

  @Provide
  Arbitrary<byte[]> validMessages() {
    return Arbitraries.of(VALID);
  }

  private static byte[] mutate(byte[] input, int count, Random random) {
    byte[] out = input.clone();
    for (int i = 0; i < count; i++) {
      if (out.length == 0) {
        out = new byte[] {(byte) random.nextInt(256)};
        continue;
      }
      int at = random.nextInt(out.length);
      switch (random.nextInt(6)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> out = Arrays.copyOf(out, at);
        case 3 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        case 4 -> {
          int len = Math.min(out.length - at, 1 + random.nextInt(16));
          byte[] longer = Arrays.copyOf(out, out.length + len);
          System.arraycopy(out, at, longer, out.length, len);
          out = longer;
        }
        default -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
      }
    }
    return out;
  }
}
