package io.tbridge.signer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.signer.support.Locks;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The verifier reads the Locked event of the current layout (with received and fee) from a real
 * Bridge on anvil, with a lock fee set, and checks what the event says it received against the
 * token's own transfer into the bridge.
 */
class LockVerifierTest {
  private static final long A = 31337;
  private static final long B = 31338;
  private static final ChainProfile FAST =
      ChainProfile.confirmations("test-1", 1, Duration.ofSeconds(1));
  private static final Address ALICE = Address.of("0x00000000000000000000000000000000000a11ce");
  private static final Address DST_BRIDGE = Address.of("0x" + "b2".repeat(20));
  private static TestAnvil anvil;
  private static BridgeFixture bridge;
  private static LockVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    anvil = TestAnvil.start(A);
    bridge = BridgeFixture.deploy(anvil, Address.of("0x" + "aa".repeat(20)));
    bridge.route(B, Address.of("0x" + "d5".repeat(20)));
    bridge.contract().setFee(BigInteger.valueOf(25)).send();
    var reader = Chains.reader(A, 1, anvil.url());
    // The destination view serves only its chain id and bridge (the EIP-712 domain) here.
    verifier =
        new LockVerifier(
            Map.of(
                ChainId.of(A),
                new ChainView("chain-a", ChainId.of(A), bridge.bridge(), FAST, reader),
                ChainId.of(B),
                new ChainView("chain-b", ChainId.of(B), DST_BRIDGE, FAST, reader)));
  }

  @AfterAll
  static void stop() {
    bridge.close();
    anvil.close();
  }

  @Test
  @DisplayName("a real lock with a fee verifies: the event's received matches the token transfer")
  void aRealLockWithAFeeVerifies() {
    LockEvent lock = Locks.lock(anvil, bridge, BigInteger.valueOf(40_000), ALICE, B);
    anvil.mine(3);
    Verdict v = verifier.verify(lock);
    assertThat(v).isInstanceOf(Verdict.Verified.class);
    assertThat(((Verdict.Verified) v).onChain()).isEqualTo(lock);
    assertThat(lock.amount()).as("net of the 0.25 % fee").isEqualTo(39_900);
  }

  @Test
  @DisplayName("a hint one unit off the chain's amount is refused (SECURITY 19)")
  void aHintOffByOneUnitIsRefused() {
    LockEvent lock = Locks.lock(anvil, bridge, BigInteger.valueOf(40_000), ALICE, B);
    anvil.mine(3);
    LockEvent forged =
        new LockEvent(
            lock.sourceChainId(),
            lock.sourceBridge(),
            lock.txHash(),
            lock.logIndex(),
            lock.blockHash(),
            lock.blockNumber(),
            lock.dstChainId(),
            lock.nonce(),
            lock.srcToken(),
            lock.dstToken(),
            lock.sender(),
            lock.recipient(),
            lock.amount().add(BigInteger.ONE));
    Verdict v = verifier.verify(forged);
    assertThat(v).isInstanceOf(Verdict.Refused.class);
    assertThat(((Verdict.Refused) v).reason()).isEqualTo(RefusalReason.FIELD_MISMATCH);
  }
}
