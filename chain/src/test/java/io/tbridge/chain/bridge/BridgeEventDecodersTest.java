package io.tbridge.chain.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The Locked and Released decoders against the real Bridge on anvil (the reconciliation fields:
 * received and fee on the lock side; source chain, bridge and nonce on the release side), and their
 * refusal of logs in the old layouts or with inconsistent fields.
 */
class BridgeEventDecodersTest {

  private static final long CHAIN = 31337;
  private static final long REMOTE = 31338;
  private static final Address REMOTE_BRIDGE = Address.of("0x" + "5e".repeat(20));
  private static final Address RECIPIENT = Address.of("0x" + "0b".repeat(20));
  private static final Credentials GROUP =
      Credentials.create("0x4444444444444444444444444444444444444444444444444444444444444444");
  private static TestAnvil anvil;
  private static BridgeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    anvil = TestAnvil.start(CHAIN);
    fixture = BridgeFixture.deploy(anvil, Address.of(GROUP.getAddress()));
    fixture.route(REMOTE, Address.of("0x" + "d5".repeat(20)));
    fixture.trust(REMOTE, REMOTE_BRIDGE);
    fixture.fundBridge(BigInteger.TEN.pow(20));
    fixture.contract().setFee(BigInteger.valueOf(30)).send();
  }

  @AfterAll
  static void stop() {
    fixture.close();
    anvil.close();
  }

  private static List<RpcLog> logs(TransactionReceipt receipt) {
    return Chains.eth(anvil.url())
        .receiptLogs(Hash32.of(receipt.getTransactionHash()))
        .orElseThrow()
        .logs();
  }

  private static RpcLog withTopics(RpcLog l, List<Hash32> topics, byte[] data) {
    return new RpcLog(
        l.address(), topics, data, l.blockNumber(), l.blockHash(), l.txHash(), l.logIndex(), false);
  }

  private static Release release(long nonce, long amount) {
    return new Release(
        ChainId.of(REMOTE),
        REMOTE_BRIDGE,
        BigInteger.valueOf(nonce),
        fixture.token(),
        RECIPIENT,
        BigInteger.valueOf(amount));
  }

  private static byte[] sign(ReleasePayload payload) {
    Eip712Domain domain = Eip712Domain.of(ChainId.of(CHAIN), fixture.bridge());
    byte[] digest = BridgeEip712.digest(domain, payload).bytes();
    Sign.SignatureData sd = Sign.signMessage(digest, GROUP.getEcKeyPair(), false);
    byte[] sig = new byte[65];
    System.arraycopy(sd.getR(), 0, sig, 0, 32);
    System.arraycopy(sd.getS(), 0, sig, 32, 32);
    sig[64] = sd.getV()[0];
    return sig;
  }

  private static Bridge.Release abi(Release r) {
    return new Bridge.Release(
        r.srcChainId().toBigInteger(),
        r.srcBridge().toLowerHex(),
        r.nonce(),
        r.token().toLowerHex(),
        r.recipient().toLowerHex(),
        r.amount());
  }

  private static RpcLog lockLog() {
    TransactionReceipt receipt = fixture.lock(BigInteger.valueOf(10_000), RECIPIENT, REMOTE);
    return logs(receipt).stream()
        .filter(l -> l.topics().get(0).equals(LockedEventDecoder.TOPIC))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("a real lock decodes with what the bridge received and the fee, in source units")
  void aRealLockDecodesWithReceivedAndFee() {
    LockedEventDecoder.Decoded d =
        LockedEventDecoder.decodeWithAccounting(ChainId.of(CHAIN), fixture.bridge(), lockLog());
    assertThat(d.received()).isEqualTo(BigInteger.valueOf(10_000));
    assertThat(d.fee()).isEqualTo(BigInteger.valueOf(30));
    assertThat(d.lock().amount()).as("18 to 18 decimals: net of fee").isEqualTo(9_970);
    assertThat(d.lock().recipient()).isEqualTo(RECIPIENT);
    assertThat(d.lock().dstChainId()).isEqualTo(ChainId.of(REMOTE));
  }

  @Test
  @DisplayName("a Locked log of the old seven-field layout is refused naming the layout")
  void aLockedLogOfTheOldLayoutIsRefused() {
    RpcLog real = lockLog();
    List<Hash32> topics =
        List.of(
            LockedEventDecoder.LEGACY_TOPIC,
            real.topics().get(1),
            real.topics().get(2),
            real.topics().get(3));
    RpcLog old = withTopics(real, topics, Arrays.copyOf(real.data(), 4 * 32));
    assertThatThrownBy(() -> LockedEventDecoder.decode(ChainId.of(CHAIN), fixture.bridge(), old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("old layout");
    RpcLog shortData = withTopics(real, real.topics(), Arrays.copyOf(real.data(), 4 * 32));
    assertThatThrownBy(
            () -> LockedEventDecoder.decode(ChainId.of(CHAIN), fixture.bridge(), shortData))
        .hasMessageContaining("must be 192 bytes, got 128");
  }

  @Test
  @DisplayName(
      "Released carries source chain, bridge and nonce; a batch over a released deposit skips it")
  void releasedAndSkippedDecode() throws Exception {
    Release first = release(7, 100);
    TransactionReceipt single = fixture.contract().release(abi(first), sign(first)).send();
    RpcLog log =
        logs(single).stream()
            .filter(l -> l.topics().get(0).equals(BridgeAbi.RELEASED_TOPIC))
            .findFirst()
            .orElseThrow();
    ReleasedEventDecoder.Decoded d = ReleasedEventDecoder.decode(fixture.bridge(), log);
    assertThat(d.depositId()).isEqualTo(first.depositId());
    assertThat(d.srcChainId()).isEqualTo(ChainId.of(REMOTE));
    assertThat(d.srcBridge()).isEqualTo(REMOTE_BRIDGE);
    assertThat(d.nonce()).isEqualTo(7);
    assertThat(d.token()).isEqualTo(fixture.token());
    assertThat(d.recipient()).isEqualTo(RECIPIENT);
    assertThat(d.amount()).isEqualTo(100);

    Release second = release(8, 5);
    ReleaseBatch batch = ReleaseBatch.of(ChainId.of(CHAIN), List.of(first, second));
    TransactionReceipt b =
        fixture.contract().releaseBatch(List.of(abi(first), abi(second)), sign(batch)).send();
    List<RpcLog> batchLogs = logs(b);
    assertThat(batchLogs)
        .filteredOn(l -> l.topics().get(0).equals(ReleasedEventDecoder.SKIPPED_TOPIC))
        .singleElement()
        .satisfies(l -> assertThat(l.topics().get(1)).isEqualTo(first.depositId().value()));
    assertThat(batchLogs)
        .filteredOn(l -> l.topics().get(0).equals(BridgeAbi.RELEASED_TOPIC))
        .singleElement()
        .satisfies(
            l ->
                assertThat(ReleasedEventDecoder.decode(fixture.bridge(), l).depositId())
                    .isEqualTo(second.depositId()));
  }

  @Test
  @DisplayName("a Released log of the old layout, or whose id is not its fields' id, is refused")
  void aReleasedLogOfTheOldLayoutOrWithAForeignIdIsRefused() throws Exception {
    Release r = release(9, 1);
    TransactionReceipt receipt = fixture.contract().release(abi(r), sign(r)).send();
    RpcLog real =
        logs(receipt).stream()
            .filter(l -> l.topics().get(0).equals(BridgeAbi.RELEASED_TOPIC))
            .findFirst()
            .orElseThrow();
    RpcLog old =
        withTopics(
            real,
            List.of(
                ReleasedEventDecoder.LEGACY_TOPIC,
                real.topics().get(1),
                real.topics().get(3),
                real.topics().get(3)),
            Arrays.copyOf(real.data(), 32));
    assertThatThrownBy(() -> ReleasedEventDecoder.decode(fixture.bridge(), old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("old layout");
    RpcLog foreignId =
        withTopics(
            real,
            List.of(
                real.topics().get(0),
                release(10, 1).depositId().value(),
                real.topics().get(2),
                real.topics().get(3)),
            real.data());
    assertThatThrownBy(() -> ReleasedEventDecoder.decode(fixture.bridge(), foreignId))
        .hasMessageContaining("is not the id of its source chain, bridge and nonce");
  }
}
