package io.tbridge.tools.deploy;

import io.tbridge.core.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Names of the custom errors an admin call or a deployment can revert with. */
final class RevertNames {

  private static final Map<String, String> BY_SELECTOR =
      Stream.of(
              "AccessControlUnauthorizedAccount(address,bytes32)",
              "TokenNotConfigured(address)",
              "TokenAlreadyConfigured(address)",
              "DecimalsMismatch(uint8,uint8)",
              "DecimalsTooLarge(uint8)",
              "NotMintableByBridge(address)",
              "NotAContract(address)",
              "CapTooLarge()",
              "FeeTooHigh(uint16)",
              "ZeroAddress()",
              "InvalidTimelockDelay(uint64)",
              "OperationAlreadyScheduled(bytes32)",
              "OperationNotScheduled(bytes32)",
              "OperationNotReady(bytes32,uint256)",
              "OperationExpired(bytes32,uint256)",
              "ZeroBridge()")
          .collect(Collectors.toMap(RevertNames::selector, s -> s.substring(0, s.indexOf('('))));

  private RevertNames() {}

  private static final Pattern SELECTOR_IN_MESSAGE = Pattern.compile("0x([0-9a-fA-F]{8})");

  /**
   * The error name for a node's answer to a reverting call: from the revert data {@code
   * 0x<selector>...}, else from the first selector in the message (some nodes only put it there),
   * else the message's first line.
   */
  static String describe(String data, String message) {
    String sel = null;
    if (data != null && data.startsWith("0x") && data.length() >= 10) {
      sel = data.substring(2, 10);
    } else if (message != null) {
      Matcher m = SELECTOR_IN_MESSAGE.matcher(message);
      if (m.find()) {
        sel = m.group(1);
      }
    }
    String text = message == null ? "" : message.lines().findFirst().orElse("");
    if (sel == null) {
      return text.isEmpty() ? "no revert data" : text;
    }
    String name = BY_SELECTOR.get(sel.toLowerCase());
    return name != null ? name : "error 0x" + sel.toLowerCase() + " (" + text + ")";
  }

  private static String selector(String signature) {
    byte[] h = Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)).bytes();
    return HexFormat.of().formatHex(h, 0, 4);
  }
}
