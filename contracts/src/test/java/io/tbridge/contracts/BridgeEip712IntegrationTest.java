package io.tbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Refund;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.Signature65;
import io.tbridge.core.Uint256;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.testkit.AnvilProcess;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * bridge-core's EIP-712 hashing against the real Bridge contract on two real anvil chains: a lock
 * on chain A is turned into a release by bridge-core, its digest must equal the contract's own
 * {@code hashRelease} / {@code hashReleaseBatch}, and a signature by the group key over it must
 * release on chain B, once, for exactly the signed values, on exactly that chain and contract. A
 * deposit voided on chain B is refunded on chain A with a {@code Refund} digest bridge-core built.
 */
@Tag("anvil")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeEip712IntegrationTest {
  private static final long CHAIN_A = 31337;
  private static final long CHAIN_B = 31338;
  private static final BigInteger LOCK_RELEASE = BigInteger.ONE;
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final BigInteger E6 = BigInteger.TEN.pow(6);

  /** A plain secp256k1 key standing in for the threshold group (whose key nobody holds). */
  private static final ECKeyPair GROUP_KEY =
      ECKeyPair.create(
          Numeric.toBigInt(
              Hash.sha3("tbridge contracts IT group key".getBytes(StandardCharsets.UTF_8))));

  private static final ContractGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(12_000_000));

  private AnvilProcess chainA;
  private AnvilProcess chainB;
  private Bridge bridgeA;
  private Bridge bridgeB;
  private TestToken tokenA;
  private TestToken tokenB;
  private Credentials user;
  private String recipient;
  private Credentials submitter;

  @BeforeAll
  void deployAndConfigureBothChains() throws Exception {
    chainA = AnvilProcess.builder().chainId(CHAIN_A).start();
    chainB = AnvilProcess.builder().chainId(CHAIN_B).start();
    String group = "0x" + Keys.getAddress(GROUP_KEY);

    Credentials adminA = chainA.devAccount(0);
    TransactionManager adminTxA = txManager(chainA, adminA);
    bridgeA = deployBridge(chainA, adminTxA, group);
    tokenA =
        TestToken.deploy(chainA.web3j(), adminTxA, GAS, "Token A", "TKA", BigInteger.valueOf(18))
            .send();
    bridgeA
        .configureToken(tokenA.getContractAddress(), LOCK_RELEASE, BigInteger.valueOf(18))
        .send();
    bridgeA.setTokenAllowed(tokenA.getContractAddress(), true).send();
    bridgeA
        .setTokenCaps(
            tokenA.getContractAddress(),
            E18.multiply(BigInteger.valueOf(1_000)),
            E18.multiply(BigInteger.valueOf(10_000)))
        .send();
    // Destination has 6 decimals: the Locked amount is already scaled to destination units.
    Credentials adminB = chainB.devAccount(0);
    TransactionManager adminTxB = txManager(chainB, adminB);
    bridgeB = deployBridge(chainB, adminTxB, group);
    tokenB =
        TestToken.deploy(chainB.web3j(), adminTxB, GAS, "Token B", "TKB", BigInteger.valueOf(6))
            .send();
    bridgeA
        .setRoute(
            tokenA.getContractAddress(),
            BigInteger.valueOf(CHAIN_B),
            tokenB.getContractAddress(),
            BigInteger.valueOf(6))
        .send();

    bridgeB.configureToken(tokenB.getContractAddress(), LOCK_RELEASE, BigInteger.valueOf(6)).send();
    bridgeB
        .setTokenCaps(
            tokenB.getContractAddress(),
            E6.multiply(BigInteger.valueOf(1_000)),
            E6.multiply(BigInteger.valueOf(10_000)))
        .send();
    bridgeB
        .setTrustedSource(BigInteger.valueOf(CHAIN_A), bridgeA.getContractAddress(), true)
        .send();
    tokenB.mint(bridgeB.getContractAddress(), E6.multiply(BigInteger.valueOf(1_000_000))).send();

    user = chainA.devAccount(3);
    recipient = chainB.devAccount(4).getAddress();
    submitter = chainB.devAccount(5);
    TestToken userTokenA =
        TestToken.load(tokenA.getContractAddress(), chainA.web3j(), txManager(chainA, user), GAS);
    userTokenA.mint(user.getAddress(), E18.multiply(BigInteger.valueOf(100))).send();
    userTokenA.approve(bridgeA.getContractAddress(), E18.multiply(BigInteger.valueOf(100))).send();
  }

  @AfterAll
  void stopChains() {
    if (chainA != null) {
      chainA.close();
    }
    if (chainB != null) {
      chainB.close();
    }
  }

  @Test
  void shouldReleaseOnceWhatJavaHashedAndTheGroupSigned() throws Exception {
    LockEvent lock = lock(E18.multiply(BigInteger.valueOf(5)));
    assertThat(lock.amount()).isEqualTo(E6.multiply(BigInteger.valueOf(5)));
    assertThat(lock.dstToken()).isEqualTo(Address.of(tokenB.getContractAddress()));
    // The lock travels as bytes on bridge.locks.v1; what the signer sees is the decoded copy.
    ObservedLockCodec codec = new ObservedLockCodec();
    LockEvent received = codec.decode(codec.encode(lock)).orElseThrow();
    assertThat(received).isEqualTo(lock);

    Release release = Release.fromLock(received);
    Hash32 digest = BridgeEip712.digest(destinationB(), release);

    assertThat(bridgeB.hashRelease(binding(release)).send()).isEqualTo(digest.bytes());
    assertThat(
            bridgeA
                .depositIdOf(
                    BigInteger.valueOf(CHAIN_A), bridgeA.getContractAddress(), lock.nonce())
                .send())
        .isEqualTo(lock.depositId().value().bytes());

    Signature65 signature = sign(digest);
    assertThat(signature.recoverSigner(digest))
        .contains(Address.of("0x" + Keys.getAddress(GROUP_KEY)));
    BigInteger before = balanceB(recipient);

    TransactionReceipt receipt =
        bridgeB(submitter).release(binding(release), signature.toBytes()).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(balanceB(recipient).subtract(before)).isEqualTo(release.amount());
    assertThat(
            bridgeB
                .isReleased(BigInteger.valueOf(CHAIN_A), bridgeA.getContractAddress(), lock.nonce())
                .send())
        .isTrue();
    assertThat(Bridge.getReleasedEvents(receipt).get(0).depositId)
        .isEqualTo(lock.depositId().value().bytes());

    // Replay of the same signed release.
    String replay = bridgeB.release(binding(release), signature.toBytes()).encodeFunctionCall();
    assertThat(assertReverts(replay, "AlreadyReleased(bytes32)"))
        .isEqualTo(lock.depositId().value().toHex().substring(2));
    assertThat(balanceB(recipient).subtract(before)).isEqualTo(release.amount());
  }

  @Test
  void shouldRefuseTamperedAmountAndSignaturesForAnotherDomain() throws Exception {
    LockEvent lock = lock(E18);
    Release release = Release.fromLock(lock);
    Signature65 good = sign(BridgeEip712.digest(destinationB(), release));

    Release tampered =
        new Release(
            release.srcChainId(),
            release.srcBridge(),
            release.nonce(),
            release.token(),
            release.recipient(),
            release.amount().add(BigInteger.ONE));
    // The signature still recovers, just not to the group: the contract names the stranger,
    // and Java's own recovery over the tampered digest finds the same one.
    String stranger =
        assertReverts(
            bridgeB.release(binding(tampered), good.toBytes()).encodeFunctionCall(),
            "SignerMismatch(address)");
    Address javaRecovered =
        good.recoverSigner(BridgeEip712.digest(destinationB(), tampered)).orElseThrow();
    assertThat(stranger).isEqualTo(Numeric.toHexStringNoPrefix(javaRecovered.toWord()));
    assertThat(javaRecovered).isNotEqualTo(Address.of("0x" + Keys.getAddress(GROUP_KEY)));

    Eip712Domain otherChain = Eip712Domain.of(ChainId.of(1), destinationB().verifyingContract());
    Signature65 forOtherChain = sign(BridgeEip712.digest(otherChain, release));
    assertReverts(
        bridgeB.release(binding(release), forOtherChain.toBytes()).encodeFunctionCall(),
        "SignerMismatch(address)");

    // (Not bridge A: the same deployer and nonce can give it the same address as bridge B, which
    // is exactly why the chain id in the domain matters.)
    Eip712Domain otherContract =
        Eip712Domain.of(destinationB().chainId(), Address.of(tokenB.getContractAddress()));
    Signature65 forOtherContract = sign(BridgeEip712.digest(otherContract, release));
    assertReverts(
        bridgeB.release(binding(release), forOtherContract.toBytes()).encodeFunctionCall(),
        "SignerMismatch(address)");

    // The high-s twin of a valid signature is refused by the contract too (and Signature65
    // cannot even represent it).
    byte[] highS = good.toBytes();
    System.arraycopy(Uint256.toWord(Signature65.CURVE_ORDER.subtract(good.s())), 0, highS, 32, 32);
    highS[64] = (byte) (55 - good.v());
    assertThatThrownBy(() -> Signature65.fromBytes(highS)).hasMessageContaining("low");
    assertReverts(
        bridgeB.release(binding(release), highS).encodeFunctionCall(),
        "InvalidSignatureS(bytes32)");

    // The untampered release still goes through afterwards.
    assertThat(bridgeB(submitter).release(binding(release), good.toBytes()).send().isStatusOK())
        .isTrue();
  }

  @Test
  void shouldReleaseBatchWhoseDigestJavaComputed() throws Exception {
    List<LockEvent> locks =
        List.of(lock(E18.multiply(BigInteger.TWO)), lock(E18.multiply(BigInteger.valueOf(3))));
    ReleaseBatch batch = ReleaseBatch.fromLocks(locks);
    Hash32 digest = BridgeEip712.digest(destinationB(), batch);
    List<Bridge.Release> bindings = new ArrayList<>();
    batch.releases().forEach(r -> bindings.add(binding(r)));

    assertThat(bridgeB.hashReleaseBatch(bindings).send()).isEqualTo(digest.bytes());
    // A batch of one is a different payload than the single release.
    assertThat(bridgeB.hashReleaseBatch(bindings.subList(0, 1)).send())
        .isNotEqualTo(bridgeB.hashRelease(bindings.get(0)).send());

    Signature65 signature = sign(digest);
    List<Bridge.Release> reversed = List.of(bindings.get(1), bindings.get(0));
    assertReverts(
        bridgeB.releaseBatch(reversed, signature.toBytes()).encodeFunctionCall(),
        "SignerMismatch(address)");
    BigInteger before = balanceB(recipient);

    TransactionReceipt receipt =
        bridgeB(submitter).releaseBatch(bindings, signature.toBytes()).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(balanceB(recipient).subtract(before)).isEqualTo(E6.multiply(BigInteger.valueOf(5)));
    for (LockEvent lock : locks) {
      assertThat(
              bridgeB
                  .isReleased(
                      BigInteger.valueOf(CHAIN_A), bridgeA.getContractAddress(), lock.nonce())
                  .send())
          .isTrue();
    }
    // A replayed batch would pay nothing: it reverts as a whole (members alone are skipped).
    assertReverts(
        bridgeB.releaseBatch(bindings, signature.toBytes()).encodeFunctionCall(),
        "BatchAlreadyReleased()");
  }

  @Test
  void shouldRefundOnceAVoidedDepositWhoseRefundJavaHashed() throws Exception {
    bridgeA
        .setTrustedSource(BigInteger.valueOf(CHAIN_B), bridgeB.getContractAddress(), true)
        .send();
    BigInteger amount = E18.multiply(BigInteger.valueOf(4));
    BigInteger before = tokenA.balanceOf(user.getAddress()).send();
    LockEvent lock = lock(amount);
    BigInteger sourceChain = BigInteger.valueOf(CHAIN_A);

    // Destination: void behind the timelock (anvil's clock moved past the delay).
    bridgeB.scheduleVoidDeposit(sourceChain, bridgeA.getContractAddress(), lock.nonce()).send();
    chainB.call("evm_increaseTime", List.of(3600));
    TransactionReceipt voided =
        bridgeB.voidDeposit(sourceChain, bridgeA.getContractAddress(), lock.nonce()).send();
    List<Bridge.DepositVoidedEventResponse> events = Bridge.getDepositVoidedEvents(voided);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).depositId).isEqualTo(lock.depositId().value().bytes());
    Release release = Release.fromLock(lock);
    assertReverts(
        bridgeB
            .release(binding(release), sign(BridgeEip712.digest(destinationB(), release)).toBytes())
            .encodeFunctionCall(),
        "AlreadyReleased(bytes32)");

    // Source: the refund names the voiding contract as the log has it, and what the lock kept.
    Refund refund =
        new Refund(
            ChainId.of(CHAIN_B),
            Address.of(events.get(0).log.getAddress()),
            lock.nonce(),
            lock.srcToken(),
            lock.sender(),
            amount);
    Eip712Domain sourceA =
        Eip712Domain.of(ChainId.of(CHAIN_A), Address.of(bridgeA.getContractAddress()));
    Hash32 digest = BridgeEip712.digest(sourceA, refund);
    assertThat(bridgeA.hashRefund(binding(refund)).send()).isEqualTo(digest.bytes());
    Signature65 signature = sign(digest);
    Bridge submitterA =
        Bridge.load(
            bridgeA.getContractAddress(),
            chainA.web3j(),
            txManager(chainA, chainA.devAccount(5)),
            GAS);

    TransactionReceipt receipt = submitterA.refund(binding(refund), signature.toBytes()).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(tokenA.balanceOf(user.getAddress()).send()).isEqualTo(before);
    assertThat(bridgeA.isRefunded(lock.nonce()).send()).isTrue();
    EthCall replay =
        chainA
            .web3j()
            .ethCall(
                Transaction.createEthCallTransaction(
                    chainA.devAccount(5).getAddress(),
                    bridgeA.getContractAddress(),
                    bridgeA.refund(binding(refund), signature.toBytes()).encodeFunctionCall()),
                DefaultBlockParameterName.LATEST)
            .send();
    assertThat(replay.hasError()).isTrue();
    assertThat(String.valueOf(replay.getError().getData()))
        .contains(
            Numeric.toHexString(
                    Hash.sha3("AlreadyRefunded(uint256)".getBytes(StandardCharsets.US_ASCII)))
                .substring(0, 10));
  }

  private LockEvent lock(BigInteger amount) throws Exception {
    Bridge userBridge =
        Bridge.load(bridgeA.getContractAddress(), chainA.web3j(), txManager(chainA, user), GAS);
    TransactionReceipt receipt =
        userBridge
            .lock(tokenA.getContractAddress(), amount, BigInteger.valueOf(CHAIN_B), recipient)
            .send();
    assertThat(receipt.isStatusOK()).isTrue();
    List<Bridge.LockedEventResponse> events = Bridge.getLockedEvents(receipt);
    assertThat(events).hasSize(1);
    Bridge.LockedEventResponse event = events.get(0);
    Log log = event.log;
    // What a watcher does: the emitting contract and chain are taken from the log, not the event.
    return new LockEvent(
        ChainId.of(CHAIN_A),
        Address.of(log.getAddress()),
        Hash32.of(log.getTransactionHash()),
        log.getLogIndex().longValueExact(),
        Hash32.of(log.getBlockHash()),
        log.getBlockNumber().longValueExact(),
        ChainId.of(event.dstChainId.longValueExact()),
        event.nonce,
        Address.of(event.srcToken),
        Address.of(event.dstToken),
        Address.of(event.sender),
        Address.of(event.recipient),
        event.amount);
  }

  private Eip712Domain destinationB() {
    return Eip712Domain.of(ChainId.of(CHAIN_B), Address.of(bridgeB.getContractAddress()));
  }

  private Bridge bridgeB(Credentials credentials) {
    return Bridge.load(
        bridgeB.getContractAddress(), chainB.web3j(), txManager(chainB, credentials), GAS);
  }

  private BigInteger balanceB(String account) throws Exception {
    return tokenB.balanceOf(account).send();
  }

  /**
   * Asserts that a call of {@code data} to bridge B reverts with custom error {@code error}, both
   * when simulated and when actually mined (status 0, nothing changed); returns the error's
   * ABI-encoded arguments as hex.
   */
  private String assertReverts(String data, String error) throws IOException {
    String selector =
        Numeric.toHexString(Hash.sha3(error.getBytes(StandardCharsets.US_ASCII))).substring(0, 10);
    EthCall call =
        chainB
            .web3j()
            .ethCall(
                Transaction.createEthCallTransaction(
                    submitter.getAddress(), bridgeB.getContractAddress(), data),
                DefaultBlockParameterName.LATEST)
            .send();
    assertThat(call.hasError()).as("eth_call must revert with %s", error).isTrue();
    // anvil puts the revert bytes in error.data; web3j keeps it as raw JSON text (quoted).
    String revertData = String.valueOf(call.getError().getData()).replace("\"", "");
    assertThat(revertData).startsWith(selector);

    // Mined for real with a fixed gas limit (no estimate to stop it early): it must fail on chain.
    EthSendTransaction sent =
        txManager(chainB, submitter)
            .sendTransaction(
                GAS.getGasPrice(),
                GAS.getGasLimit(),
                bridgeB.getContractAddress(),
                data,
                BigInteger.ZERO);
    assertThat(sent.hasError()).as("anvil must accept the transaction").isFalse();
    TransactionReceipt mined;
    try {
      mined =
          new PollingTransactionReceiptProcessor(chainB.web3j(), 50, 400)
              .waitForTransactionReceipt(sent.getTransactionHash());
    } catch (TransactionException e) {
      throw new AssertionError("no receipt for " + sent.getTransactionHash(), e);
    }
    assertThat(mined.isStatusOK()).as("mined %s must fail", error).isFalse();
    return revertData.substring(10);
  }

  private static Signature65 sign(Hash32 digest) {
    // web3j signs without hashing again (needToHash=false) and already returns low s; canonical()
    // makes that an explicit requirement instead of an assumption.
    Sign.SignatureData raw = Sign.signMessage(digest.bytes(), GROUP_KEY, false);
    return Signature65.canonical(
        new BigInteger(1, raw.getR()), new BigInteger(1, raw.getS()), (raw.getV()[0] & 0xff) - 27);
  }

  private static Bridge.Release binding(Release r) {
    return new Bridge.Release(
        r.srcChainId().toBigInteger(),
        r.srcBridge().toChecksumHex(),
        r.nonce(),
        r.token().toChecksumHex(),
        r.recipient().toChecksumHex(),
        r.amount());
  }

  private static Bridge.Refund binding(Refund f) {
    return new Bridge.Refund(
        f.dstChainId().toBigInteger(),
        f.dstBridge().toChecksumHex(),
        f.nonce(),
        f.token().toChecksumHex(),
        f.to().toChecksumHex(),
        f.amount());
  }

  private static Bridge deployBridge(AnvilProcess chain, TransactionManager admin, String group)
      throws Exception {
    String adminAddress = chain.devAccount(0).getAddress();
    String guardian = chain.devAccount(1).getAddress();
    String treasury = chain.devAccount(2).getAddress();
    return Bridge.deploy(
            chain.web3j(),
            admin,
            GAS,
            adminAddress,
            guardian,
            group,
            treasury,
            BigInteger.valueOf(3600))
        .send();
  }

  private static TransactionManager txManager(AnvilProcess chain, Credentials credentials) {
    Web3j web3j = chain.web3j();
    // anvil mines on receipt of each transaction: poll every 50 ms, not web3j's 15 s default.
    return new RawTransactionManager(
        web3j,
        credentials,
        chain.chainId(),
        new PollingTransactionReceiptProcessor(web3j, 50, 400));
  }
}
