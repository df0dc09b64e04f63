package io.tbridge.relayer.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.bridge.BridgeAbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class RevertClassTest {

  private static RevertClass of(String errorSignature) {
    String data = Hash.sha3String(errorSignature).substring(0, 10) + "00".repeat(32);
    return RevertClass.of(BridgeAbi.errorName(data));
  }

  @Test
  @DisplayName(
      "a batch whose members were all released (BatchAlreadyReleased) is done, like AlreadyReleased")
  void batchAlreadyReleasedShouldCountAsAlreadyReleased() {
    assertThat(of("BatchAlreadyReleased()")).isEqualTo(RevertClass.ALREADY_RELEASED);
    assertThat(of("AlreadyReleased(bytes32)")).isEqualTo(RevertClass.ALREADY_RELEASED);
  }

  @Test
  void capsAreRetriedAndForgeriesDeadLettered() {
    assertThat(of("RollingCapExceeded(address,uint256,uint256)"))
        .isEqualTo(RevertClass.RETRY_LATER);
    assertThat(of("SignerMismatch(address)")).isEqualTo(RevertClass.DEAD_LETTER);
  }
}
