package io.tbridge.chain.testing;

import io.tbridge.contracts.Bridge;
import io.tbridge.contracts.BridgedToken;
import io.tbridge.contracts.TestToken;
import io.tbridge.core.Address;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The real Bridge and a test ERC-20 deployed on an anvil chain through the generated bindings, with
 * one LOCK_RELEASE token, generous caps and helpers to route, trust, fund and lock.
 */
public final class BridgeFixture implements AutoCloseable {

  /** Admin, guardian and locker of every fixture bridge (funded with anvil_setBalance). */
  public static final Credentials ADMIN =
      Credentials.create("0x1111111111111111111111111111111111111111111111111111111111111111");

  /** The amount every fixture caps per transfer. */
  public static final BigInteger MAX_PER_TRANSFER = BigInteger.TEN.pow(24);

  private static final BigInteger LOCK_RELEASE = BigInteger.ONE;
  private static final BigInteger BURN_MINT = BigInteger.TWO;

  private final TestAnvil anvil;
  private final Web3j web3j;
  private final Bridge bridge;
  private final TestToken token;
  private final TransactionManager tm;
  private final ContractGasProvider gas;

  private BridgeFixture(
      TestAnvil anvil,
      Web3j web3j,
      Bridge bridge,
      TestToken token,
      TransactionManager tm,
      ContractGasProvider gas) {
    this.anvil = anvil;
    this.web3j = web3j;
    this.bridge = bridge;
    this.token = token;
    this.tm = tm;
    this.gas = gas;
  }

  /** Deploys a bridge whose group signer is {@code groupSigner}, and a configured test token. */
  public static BridgeFixture deploy(TestAnvil anvil, Address groupSigner) {
    fund(anvil, Address.of(ADMIN.getAddress()));
    Web3j web3j = Web3j.build(new HttpService(anvil.url().toString()));
    try {
      var tm =
          new RawTransactionManager(
              web3j,
              ADMIN,
              anvil.chainId(),
              new PollingTransactionReceiptProcessor(web3j, 20, 500));
      var gas =
          new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(9_000_000));
      String admin = ADMIN.getAddress();
      Bridge bridge =
          Bridge.deploy(
                  web3j, tm, gas, admin, admin, groupSigner.toLowerHex(), admin, BigInteger.ONE)
              .send();
      TestToken token =
          TestToken.deploy(web3j, tm, gas, "Test", "TST", BigInteger.valueOf(18)).send();
      bridge
          .configureToken(token.getContractAddress(), LOCK_RELEASE, BigInteger.valueOf(18))
          .send();
      bridge.setTokenAllowed(token.getContractAddress(), true).send();
      bridge
          .setTokenCaps(
              token.getContractAddress(), MAX_PER_TRANSFER, MAX_PER_TRANSFER.shiftLeft(10))
          .send();
      token.mint(admin, MAX_PER_TRANSFER.shiftLeft(8)).send();
      token.approve(bridge.getContractAddress(), MAX_PER_TRANSFER.shiftLeft(8)).send();
      return new BridgeFixture(anvil, web3j, bridge, token, tm, gas);
    } catch (Exception e) {
      web3j.shutdown();
      throw new IllegalStateException("cannot deploy the bridge fixture", e);
    }
  }

  /**
   * Deploys a {@code BridgedToken} (18 decimals) minted by this bridge, configured BURN_MINT, lock
   * allowed, with the fixture's caps, and approved for the bridge by the admin; returns it.
   */
  public Address deployBridgedToken(String symbol) {
    BridgedToken t =
        send(
            () ->
                BridgedToken.deploy(
                        web3j,
                        tm,
                        gas,
                        "Bridged " + symbol,
                        symbol,
                        BigInteger.valueOf(18),
                        bridge.getContractAddress())
                    .send());
    String a = t.getContractAddress();
    send(() -> bridge.configureToken(a, BURN_MINT, BigInteger.valueOf(18)).send());
    send(() -> bridge.setTokenAllowed(a, true).send());
    send(() -> bridge.setTokenCaps(a, MAX_PER_TRANSFER, MAX_PER_TRANSFER.shiftLeft(10)).send());
    send(() -> t.approve(bridge.getContractAddress(), MAX_PER_TRANSFER.shiftLeft(8)).send());
    return Address.of(a);
  }

  /** Routes {@code srcToken} to {@code dstToken} on {@code dstChainId} (18 decimals). */
  public void route(Address srcToken, long dstChainId, Address dstToken) {
    send(
        () ->
            bridge
                .setRoute(
                    srcToken.toLowerHex(),
                    BigInteger.valueOf(dstChainId),
                    dstToken.toLowerHex(),
                    BigInteger.valueOf(18))
                .send());
  }

  /** Locks {@code amount} of {@code srcToken} (the admin's) for {@code recipient}. */
  public TransactionReceipt lock(
      Address srcToken, BigInteger amount, Address recipient, long dstChainId) {
    return send(
        () ->
            bridge
                .lock(
                    srcToken.toLowerHex(),
                    amount,
                    BigInteger.valueOf(dstChainId),
                    recipient.toLowerHex())
                .send());
  }

  /** Gives {@code account} 1000 ether on {@code anvil}. */
  public static void fund(TestAnvil anvil, Address account) {
    anvil.call("anvil_setBalance", account.toLowerHex(), "0x3635c9adc5dea00000");
  }

  /** The bridge contract's address. */
  public Address bridge() {
    return Address.of(bridge.getContractAddress());
  }

  /** The test token's address. */
  public Address token() {
    return Address.of(token.getContractAddress());
  }

  /** The generated binding (admin as sender). */
  public Bridge contract() {
    return bridge;
  }

  /** The chain. */
  public TestAnvil anvil() {
    return anvil;
  }

  /** Routes the test token to {@code dstToken} on {@code dstChainId} (18 decimals). */
  public void route(long dstChainId, Address dstToken) {
    send(
        () ->
            bridge
                .setRoute(
                    token.getContractAddress(),
                    BigInteger.valueOf(dstChainId),
                    dstToken.toLowerHex(),
                    BigInteger.valueOf(18))
                .send());
  }

  /** Trusts releases from {@code srcBridge} on {@code srcChainId}. */
  public void trust(long srcChainId, Address srcBridge) {
    send(
        () ->
            bridge
                .setTrustedSource(BigInteger.valueOf(srcChainId), srcBridge.toLowerHex(), true)
                .send());
  }

  /** Mints {@code amount} test tokens to the bridge so it can pay releases. */
  public void fundBridge(BigInteger amount) {
    send(() -> token.mint(bridge.getContractAddress(), amount).send());
  }

  /** Sets the per-transfer cap of the test token (the daily cap stays generous). */
  public void capPerTransfer(BigInteger maxPerTransfer) {
    send(
        () ->
            bridge
                .setTokenCaps(
                    token.getContractAddress(), maxPerTransfer, MAX_PER_TRANSFER.shiftLeft(10))
                .send());
  }

  /** Pauses the bridge (guardian). */
  public void pause() {
    send(() -> bridge.pause().send());
  }

  /** Locks {@code amount} for {@code recipient} on {@code dstChainId}; returns the receipt. */
  public TransactionReceipt lock(BigInteger amount, Address recipient, long dstChainId) {
    return send(
        () ->
            bridge
                .lock(
                    token.getContractAddress(),
                    amount,
                    BigInteger.valueOf(dstChainId),
                    recipient.toLowerHex())
                .send());
  }

  /** The token balance of {@code account}. */
  public BigInteger balanceOf(Address account) {
    return send(() -> token.balanceOf(account.toLowerHex()).send());
  }

  /** Whether the deposit was released here. */
  public boolean isReleased(long srcChainId, Address srcBridge, BigInteger nonce) {
    return send(
        () ->
            bridge
                .isReleased(BigInteger.valueOf(srcChainId), srcBridge.toLowerHex(), nonce)
                .send());
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T send(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw new IllegalStateException("fixture transaction failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
