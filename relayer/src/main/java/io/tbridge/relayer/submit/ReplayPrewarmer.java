package io.tbridge.relayer.submit;

import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides which replay-bitmap words of which source to prewarm, each at most once per process: a
 * release whose nonce is near the end of its word asks for the following words. Only decides and
 * remembers; the submitter sends the transactions when no release waits. Prewarming only saves gas,
 * so a failure is logged (one WARN until a prewarm works again) and otherwise ignored.
 */
final class ReplayPrewarmer {

  private static final Logger LOG = Logger.getLogger(ReplayPrewarmer.class);
  private static final BigInteger PER_WORD = BigInteger.valueOf(BridgeAbi.REPLAY_NONCES_PER_WORD);

  /** Words {@code firstWord..lastWord} of one source's replay bitmap. */
  record Request(ChainId srcChainId, Address srcBridge, BigInteger firstWord, BigInteger lastWord) {

    /** First nonce of the first word. */
    BigInteger fromNonce() {
      return firstWord.multiply(PER_WORD);
    }

    /** Last nonce of the last word. */
    BigInteger toNonce() {
      return lastWord.add(BigInteger.ONE).multiply(PER_WORD).subtract(BigInteger.ONE);
    }

    /** Calldata of the prewarm call. */
    byte[] call() {
      return BridgeAbi.prewarmReplayWordsCall(srcChainId, srcBridge, fromNonce(), toNonce());
    }

    @Override
    public String toString() {
      return "source " + srcChainId + "/" + srcBridge + " nonces " + fromNonce() + ".." + toNonce();
    }
  }

  private record Word(ChainId srcChainId, Address srcBridge, BigInteger index) {}

  private final String chain;
  private final PrewarmSettings settings;
  private final Set<Word> asked = new HashSet<>();
  private final Deque<Request> queue = new ArrayDeque<>();
  private boolean failing;

  ReplayPrewarmer(String chain, PrewarmSettings settings) {
    this.chain = chain;
    this.settings = settings;
  }

  /** Notes releases being sent; near a word's end, the following words are queued once. */
  void releasing(List<Release> members) {
    if (!settings.enabled()) {
      return;
    }
    for (Release m : members) {
      BigInteger[] wordAndBit = m.nonce().divideAndRemainder(PER_WORD);
      int left = BridgeAbi.REPLAY_NONCES_PER_WORD - wordAndBit[1].intValueExact();
      if (left > settings.lastNonces()) {
        continue;
      }
      BigInteger first = null;
      BigInteger last = null;
      for (int i = 1; i <= settings.words(); i++) {
        BigInteger w = wordAndBit[0].add(BigInteger.valueOf(i));
        if (asked.add(new Word(m.srcChainId(), m.srcBridge(), w))) {
          first = first == null ? w : first;
          last = w;
        }
      }
      if (first != null) {
        // Words in between that were asked for already are set again: idempotent and cheap.
        queue.add(new Request(m.srcChainId(), m.srcBridge(), first, last));
      }
    }
  }

  /**
   * Notes a prewarm transaction resumed from the pending store (its calldata), so a restarted
   * submitter does not ask for the same words again.
   */
  void resumed(byte[] call) {
    if (call.length != 4 + 4 * 32) {
      return;
    }
    try {
      ChainId src = ChainId.of(word(call, 0).longValueExact());
      Address bridge =
          Address.of(
              "0x" + HexFormat.of().formatHex(Arrays.copyOfRange(call, 4 + 32 + 12, 4 + 64)));
      BigInteger first = word(call, 2).divide(PER_WORD);
      BigInteger last = word(call, 3).divide(PER_WORD);
      for (BigInteger w = first; w.compareTo(last) <= 0; w = w.add(BigInteger.ONE)) {
        asked.add(new Word(src, bridge, w));
      }
    } catch (ArithmeticException | IllegalArgumentException e) {
      // Not our calldata after all: at worst those words are prewarmed once more.
    }
  }

  private static BigInteger word(byte[] call, int index) {
    int at = 4 + 32 * index;
    return new BigInteger(1, Arrays.copyOfRange(call, at, at + 32));
  }

  /** The next prewarm to send, if any; each is handed out once. */
  Optional<Request> next() {
    return Optional.ofNullable(queue.poll());
  }

  /** Prewarm queued and not yet handed out. */
  int queued() {
    return queue.size();
  }

  /** A prewarm transaction was mined successfully. */
  void succeeded(String what) {
    if (failing) {
      failing = false;
      LOG.infof("chain=%s prewarm works again: %s", chain, what);
    } else {
      LOG.infof("chain=%s prewarmed %s", chain, what);
    }
  }

  /** A prewarm failed; releases are not affected. One WARN until one succeeds again. */
  void failed(String what, String why) {
    if (!failing) {
      failing = true;
      LOG.warnf(
          "chain=%s prewarm of %s failed (%s); releases go on, further failures at DEBUG",
          chain, what, why);
    } else {
      LOG.debugf("chain=%s prewarm of %s failed (%s)", chain, what, why);
    }
  }
}
