package io.tbridge.tools.deploy;

import io.tbridge.core.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
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

  /** The error name for revert data {@code 0x<selector>...}, or the data's selector. */
  static String describe(String data) {
    if (data == null || !data.startsWith("0x") || data.length() < 10) {
      return "no revert data";
    }
    String sel = data.substring(2, 10).toLowerCase();
    return BY_SELECTOR.getOrDefault(sel, "error 0x" + sel);
  }

  private static String selector(String signature) {
    byte[] h = Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)).bytes();
    return HexFormat.of().formatHex(h, 0, 4);
  }
}
