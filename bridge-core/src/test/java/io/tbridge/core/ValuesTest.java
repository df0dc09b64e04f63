package io.tbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class ValuesTest {

  @Test
  void shouldRejectNonPositiveChainId() {
    assertThatThrownBy(() -> ChainId.of(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> ChainId.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChainId.of(1).toBigInteger()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldBoundUint256() {
    assertThat(io.tbridge.core.Uint256.toWord(io.tbridge.core.Uint256.MAX))
        .containsOnly((byte) 0xff);
    assertThatThrownBy(() -> io.tbridge.core.Uint256.check(io.tbridge.core.Uint256.LIMIT, "x"))
        .hasMessageContaining("x must be a uint256");
    assertThatThrownBy(() -> io.tbridge.core.Uint256.check(BigInteger.valueOf(-1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] word = io.tbridge.core.Uint256.toWord(BigInteger.valueOf(258));
    assertThat(word[30]).isEqualTo((byte) 1);
    assertThat(word[31]).isEqualTo((byte) 2);
    assertThat(io.tbridge.core.Uint256.fromWord(word)).isEqualTo(BigInteger.valueOf(258));
  }

  @Test
  void shouldComputeDepositIdAsKeccakOfAbiEncode() {
    ChainId chain = ChainId.of(31337);
    Address bridge = Samples.address(9);
    BigInteger nonce = BigInteger.valueOf(42);
    // Independent encoder: web3j's abi.encode of (uint256, address, uint256).
    String encoded =
        FunctionEncoder.encodeConstructor(
            Arrays.asList(
                new Uint256(chain.toBigInteger()),
                new org.web3j.abi.datatypes.Address(bridge.toLowerHex()),
                new Uint256(nonce)));
    byte[] expected = Hash.sha3(Numeric.hexStringToByteArray(encoded));

    assertThat(DepositId.of(chain, bridge, nonce).value().bytes()).isEqualTo(expected);
  }

  @Test
  void shouldSeparateDepositsByChainBridgeAndNonce() {
    DepositId base = DepositId.of(ChainId.of(1), Samples.address(1), BigInteger.ONE);
    assertThat(DepositId.of(ChainId.of(2), Samples.address(1), BigInteger.ONE)).isNotEqualTo(base);
    assertThat(DepositId.of(ChainId.of(1), Samples.address(2), BigInteger.ONE)).isNotEqualTo(base);
    assertThat(DepositId.of(ChainId.of(1), Samples.address(1), BigInteger.TWO)).isNotEqualTo(base);
    assertThat(DepositId.of(ChainId.of(1), Samples.address(1), BigInteger.ONE)).isEqualTo(base);
  }

  @Test
  void shouldMapLockToRelease() {
    LockEvent lock = Samples.lock(7);
    Release release = Release.fromLock(lock);

    assertThat(release.srcChainId()).isEqualTo(lock.sourceChainId());
    assertThat(release.srcBridge()).isEqualTo(lock.sourceBridge());
    assertThat(release.nonce()).isEqualTo(lock.nonce());
    assertThat(release.token()).isEqualTo(lock.dstToken()).isNotEqualTo(lock.srcToken());
    assertThat(release.recipient()).isEqualTo(lock.recipient());
    assertThat(release.amount()).isEqualTo(lock.amount());
    assertThat(release.depositId()).isEqualTo(lock.depositId());
  }

  @Test
  void shouldRejectLockToItsOwnChain() {
    LockEvent ok = Samples.lock(1);
    assertThatThrownBy(
            () ->
                new LockEvent(
                    ok.sourceChainId(),
                    ok.sourceBridge(),
                    ok.txHash(),
                    ok.logIndex(),
                    ok.blockHash(),
                    ok.blockNumber(),
                    ok.sourceChainId(),
                    ok.nonce(),
                    ok.srcToken(),
                    ok.dstToken(),
                    ok.sender(),
                    ok.recipient(),
                    ok.amount()))
        .hasMessageContaining("another chain");
  }

  @Test
  void shouldRejectAmountOutsideUint256() {
    LockEvent ok = Samples.lock(1);
    assertThatThrownBy(
            () ->
                new Release(
                    ok.sourceChainId(),
                    ok.sourceBridge(),
                    ok.nonce(),
                    ok.dstToken(),
                    ok.recipient(),
                    io.tbridge.core.Uint256.LIMIT))
        .hasMessageContaining("amount");
    assertThatThrownBy(
            () ->
                new Release(
                    ok.sourceChainId(),
                    ok.sourceBridge(),
                    BigInteger.valueOf(-1),
                    ok.dstToken(),
                    ok.recipient(),
                    BigInteger.ONE))
        .hasMessageContaining("nonce");
  }

  @Test
  void shouldRejectZeroNonceAmountAndAddressesTheContractNeverAccepts() {
    Release ok = Release.fromLock(Samples.lock(1));
    assertThatThrownBy(
            () ->
                new Release(
                    ok.srcChainId(),
                    ok.srcBridge(),
                    BigInteger.ZERO,
                    ok.token(),
                    ok.recipient(),
                    ok.amount()))
        .hasMessageContaining("nonce must not be zero");
    assertThatThrownBy(
            () ->
                new Release(
                    ok.srcChainId(),
                    ok.srcBridge(),
                    ok.nonce(),
                    ok.token(),
                    ok.recipient(),
                    BigInteger.ZERO))
        .hasMessageContaining("amount must not be zero");
    assertThatThrownBy(
            () ->
                new Release(
                    ok.srcChainId(),
                    ok.srcBridge(),
                    ok.nonce(),
                    ok.token(),
                    Address.ZERO,
                    ok.amount()))
        .hasMessageContaining("must not be zero");
    LockEvent lock = Samples.lock(1);
    assertThatThrownBy(
            () ->
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
                    Address.ZERO,
                    lock.sender(),
                    lock.recipient(),
                    lock.amount()))
        .hasMessageContaining("dstToken must not be the zero address");
  }

  @Test
  void shouldRejectNullComponentsClearly() {
    assertThatThrownBy(
            () ->
                new Release(
                    null,
                    Samples.address(1),
                    BigInteger.ONE,
                    Samples.address(2),
                    Samples.address(3),
                    BigInteger.ONE))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("srcChainId");
  }

  @Test
  void shouldKeepSignerSetSortedAndDistinct() {
    assertThat(SignerSet.of(3, 1, 2).parties()).containsExactly(1, 2, 3);
    assertThat(SignerSet.of(3, 1)).isEqualTo(SignerSet.of(1, 3));
    assertThatThrownBy(() -> SignerSet.of(1, 1)).hasMessageContaining("twice");
    assertThatThrownBy(() -> SignerSet.of(0)).hasMessageContaining("positive");
    assertThatThrownBy(SignerSet::of).hasMessageContaining("1 to");
  }
}
