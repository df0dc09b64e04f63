package io.tbridge.core.finality;

import java.util.Arrays;
import java.util.Locale;

/** Which signal a chain profile trusts to call a block final. */
public enum FinalityMode {
  /** The node's {@code finalized} block tag (Ethereum PoS, OP-stack, Arbitrum). */
  FINALIZED_TAG("finalized-tag"),
  /** A number of blocks built on top of the block (chains without a finalized tag). */
  CONFIRMATIONS("confirmations"),
  /** Both: at or below the finalized tag and deep enough (belt and braces). */
  BOTH("both");

  private final String configName;

  FinalityMode(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files, e.g. {@code finalized-tag}. */
  public String configName() {
    return configName;
  }

  /** Parses a configuration name (case-insensitive); unknown names are refused. */
  public static FinalityMode fromConfigName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (FinalityMode m : values()) {
      if (m.configName.equals(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown finality mode '"
            + name
            + "', expected one of "
            + Arrays.stream(values()).map(FinalityMode::configName).toList());
  }

  /** Whether this mode needs the node's {@code finalized} block. */
  public boolean usesFinalizedTag() {
    return this != CONFIRMATIONS;
  }

  /** Whether this mode needs a confirmation depth. */
  public boolean usesConfirmations() {
    return this != FINALIZED_TAG;
  }
}
