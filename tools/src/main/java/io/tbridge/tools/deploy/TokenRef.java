package io.tbridge.tools.deploy;

import java.util.regex.Pattern;

/**
 * A token named across chains as {@code <chain>.<symbol>} (e.g. {@code chain-b.TST}); resolved to
 * an address only after the deployments.
 *
 * @param chain chain name in the plan
 * @param symbol token symbol on that chain
 */
public record TokenRef(String chain, String symbol) {

  /** Chain names: lower-case letters, digits and dashes (no dot, which separates the symbol). */
  static final Pattern CHAIN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /** Token symbols as the plan keys them: letters and digits. */
  static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{1,16}");

  /** Validates both parts. */
  public TokenRef {
    if (chain == null || !CHAIN_NAME.matcher(chain).matches()) {
      throw new IllegalArgumentException("chain name '" + chain + "' is not [a-z0-9-]");
    }
    if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
      throw new IllegalArgumentException("token symbol '" + symbol + "' is not [A-Za-z0-9]");
    }
  }

  /** Parses {@code chain.SYMBOL}. */
  public static TokenRef parse(String text) {
    int dot = text == null ? -1 : text.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("'" + text + "' is not <chain>.<symbol>");
    }
    return new TokenRef(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return chain + "." + symbol;
  }
}
