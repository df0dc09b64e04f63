package io.tbridge.relayer.submit;

import io.tbridge.chain.bridge.BridgeAbi;

/**
 * When the submitter prewarms replay-bitmap words (Bridge {@code prewarmReplayWords}): the first
 * release into a word nobody used yet pays about 17k gas more for the word's zero-to-non-zero
 * store; a prewarm transaction sent off the release path takes that cost instead.
 *
 * @param enabled whether to prewarm at all
 * @param lastNonces a release whose nonce is within this many nonces of the end of its word
 *     triggers the prewarm of the following words (1 to 255; 255: every release)
 * @param words how many following words to prewarm per trigger (1 to 64)
 */
public record PrewarmSettings(boolean enabled, int lastNonces, int words) {

  /** On, triggered by the last 32 nonces of a word, one word ahead. */
  public static final PrewarmSettings DEFAULT = new PrewarmSettings(true, 32, 1);

  /** Never prewarm. */
  public static final PrewarmSettings OFF = new PrewarmSettings(false, 32, 1);

  /** Validates ranges; messages name the configuration keys. */
  public PrewarmSettings {
    if (lastNonces < 1 || lastNonces > BridgeAbi.REPLAY_NONCES_PER_WORD) {
      throw new IllegalArgumentException(
          "submit.prewarm-last-nonces must be in [1, "
              + BridgeAbi.REPLAY_NONCES_PER_WORD
              + "], got "
              + lastNonces);
    }
    if (words < 1 || words > BridgeAbi.MAX_PREWARM_WORDS) {
      throw new IllegalArgumentException(
          "submit.prewarm-words must be in [1, " + BridgeAbi.MAX_PREWARM_WORDS + "], got " + words);
    }
  }
}
