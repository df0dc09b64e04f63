package io.tbridge.tools.topics;

import io.tbridge.core.wire.DeadLetterCodec;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SignedRefundCodec;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.SingleRequestCodec;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.core.wire.WireCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The bridge topics this command can decode, each with the codec its producers use (from {@code
 * io.tbridge.core.wire}). A topic is recognised by its name ending in one of these names, so a
 * deployment that prefixes its topics ({@code prod.bridge.locks.v1}) is read the same way.
 *
 * @param name the default topic name
 * @param codec the codec of its records
 */
public record BridgeTopic(String name, WireCodec<?> codec) {

  /**
   * Every bridge topic: locks, signed releases, status events, requests for single releases, signed
   * refunds and the two dead-letter topics.
   */
  public static final List<BridgeTopic> ALL =
      List.of(
          new BridgeTopic(ObservedLockCodec.TOPIC, new ObservedLockCodec()),
          new BridgeTopic(SignedReleaseCodec.TOPIC, new SignedReleaseCodec()),
          new BridgeTopic(StatusEventCodec.TOPIC, new StatusEventCodec()),
          new BridgeTopic(SingleRequestCodec.TOPIC, new SingleRequestCodec()),
          new BridgeTopic(SignedRefundCodec.TOPIC, new SignedRefundCodec()),
          // The signer nodes dead-letter locks, the relayer's submitter signed releases.
          new BridgeTopic(DeadLetterCodec.topicFor(ObservedLockCodec.TOPIC), new DeadLetterCodec()),
          new BridgeTopic(
              DeadLetterCodec.topicFor(SignedReleaseCodec.TOPIC), new DeadLetterCodec()));

  /** The bridge topic {@code topic} is an instance of (longest matching name), if any. */
  public static Optional<BridgeTopic> of(String topic) {
    return ALL.stream()
        .filter(t -> topic.equals(t.name()) || topic.endsWith("." + t.name()))
        .max(Comparator.comparingInt(t -> t.name().length()));
  }

  /** The known names, for error messages. */
  public static String names() {
    return ALL.stream().map(BridgeTopic::name).collect(Collectors.joining(", "));
  }
}
