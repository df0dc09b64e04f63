package io.tbridge.chain.testing;

import io.tbridge.chain.reconcile.ChainSource;
import io.tbridge.chain.reconcile.ReconcileReport;
import io.tbridge.chain.reconcile.Reconciliation;
import io.tbridge.chain.reconcile.RouteTotals;
import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Refund;
import io.tbridge.core.Release;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.finality.ChainProfiles;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Two real anvil chains with a bridge each: chain A's test token (custody) is bridged to a
 * BridgedToken on chain B and back; releases and refunds are signed by a plain test key standing in
 * for the threshold group (a forged release is signed by the same key, as a stolen key would).
 */
public final class TwoBridges implements AutoCloseable {

  /** Chain id of chain A (custody side). */
  public static final long A = 31337;

  /** Chain id of chain B (bridged-token side). */
  public static final long B = 31338;

  /** The key standing in for the threshold group on both bridges. */
  public static final Credentials GROUP =
      Credentials.create("0x4444444444444444444444444444444444444444444444444444444444444444");

  /** Locker and recipient of every transfer (the fixtures' admin). */
  public static final Address USER = Address.of(BridgeFixture.ADMIN.getAddress());

  /** Chain A. */
  public final TestAnvil anvilA;

  /** Chain B. */
  public final TestAnvil anvilB;

  /** Chain A's bridge and custody token. */
  public final BridgeFixture a;

  /** Chain B's bridge. */
  public final BridgeFixture b;

  /** The BridgedToken on B that A's token is routed to. */
  public final Address wrapped;

  /** Starts both chains and deploys and configures both bridges. */
  public TwoBridges() throws Exception {
    anvilA = TestAnvil.start(A);
    anvilB = TestAnvil.start(B);
    a = BridgeFixture.deploy(anvilA, Address.of(GROUP.getAddress()));
    b = BridgeFixture.deploy(anvilB, Address.of(GROUP.getAddress()));
    wrapped = b.deployBridgedToken("wTST");
    a.route(B, wrapped);
    b.route(wrapped, A, a.token());
    a.trust(B, b.bridge());
    b.trust(A, a.bridge());
    a.contract().setFee(BigInteger.valueOf(30)).send();
  }

  /** Locks {@code amount} of A's token for the user on B; returns the nonce. */
  public BigInteger lockOnA(long amount) {
    return nonce(a.lock(BigInteger.valueOf(amount), USER, B));
  }

  /**
   * Locks (burns) {@code amount} of the wrapped token on B for the user on A; returns the nonce.
   */
  public BigInteger lockOnB(long amount) {
    return nonce(b.lock(wrapped, BigInteger.valueOf(amount), USER, A));
  }

  /** Releases on B the lock {@code nonce} of A for {@code amount} (as its Locked event says). */
  public void releaseOnB(BigInteger nonce, BigInteger amount) throws Exception {
    release(b, A, a.bridge(), nonce, wrapped, amount);
  }

  /** Releases on A the lock {@code nonce} of B. */
  public void releaseOnA(BigInteger nonce, BigInteger amount) throws Exception {
    release(a, B, b.bridge(), nonce, a.token(), amount);
  }

  /** Releases on {@code dst} a deposit of {@code srcChain}, signed by the group key. */
  public void release(
      BridgeFixture dst,
      long srcChain,
      Address srcBridge,
      BigInteger nonce,
      Address token,
      BigInteger amount)
      throws Exception {
    Release r = new Release(ChainId.of(srcChain), srcBridge, nonce, token, USER, amount);
    Eip712Domain domain = Eip712Domain.of(ChainId.of(dst.anvil().chainId()), dst.bridge());
    Bridge.Release abi =
        new Bridge.Release(
            r.srcChainId().toBigInteger(),
            r.srcBridge().toLowerHex(),
            r.nonce(),
            r.token().toLowerHex(),
            r.recipient().toLowerHex(),
            r.amount());
    dst.contract().release(abi, sign(BridgeEip712.digest(domain, r).bytes())).send();
  }

  /** Voids A's deposit {@code nonce} on B (schedule, wait out the 1 s timelock, execute). */
  public void voidOnB(BigInteger nonce) throws Exception {
    BigInteger src = BigInteger.valueOf(A);
    b.contract().scheduleVoidDeposit(src, a.bridge().toLowerHex(), nonce).send();
    anvilB.call("evm_increaseTime", 5);
    b.contract().voidDeposit(src, a.bridge().toLowerHex(), nonce).send();
  }

  /** Refunds A's deposit {@code nonce} of {@code amount} (net, source units) to the user. */
  public void refundOnA(BigInteger nonce, BigInteger amount) throws Exception {
    Refund f = new Refund(ChainId.of(B), b.bridge(), nonce, a.token(), USER, amount);
    Eip712Domain domain = Eip712Domain.of(ChainId.of(A), a.bridge());
    Bridge.Refund abi =
        new Bridge.Refund(
            f.dstChainId().toBigInteger(),
            f.dstBridge().toLowerHex(),
            f.nonce(),
            f.token().toLowerHex(),
            f.to().toLowerHex(),
            f.amount());
    a.contract().refund(abi, sign(BridgeEip712.digest(domain, f).bytes())).send();
  }

  /** Mines past anvil's finality depth on both chains, so the whole history is final. */
  public void finalizeAll() {
    anvilA.mine(70);
    anvilB.mine(70);
  }

  /** Reconciles both chains over their whole history up to the final heads. */
  public ReconcileReport reconcile() {
    return new Reconciliation(ChainProfiles.ANVIL_DEVNET, 16)
        .run(source("chain-a", anvilA, a), source("chain-b", anvilB, b));
  }

  private static ChainSource source(String name, TestAnvil anvil, BridgeFixture f) {
    return new ChainSource(
        name,
        ChainId.of(anvil.chainId()),
        Chains.reader(anvil.chainId(), 1, anvil.url()),
        f.bridge(),
        0,
        OptionalLong.empty());
  }

  /** The route of {@code srcChain} in {@code report}. */
  public static RouteTotals route(ReconcileReport report, long srcChain) {
    List<RouteTotals> rs =
        report.routes().stream().filter(r -> r.srcChain().value() == srcChain).toList();
    if (rs.size() != 1) {
      throw new AssertionError("expected one route from " + srcChain + ", got " + rs);
    }
    return rs.get(0);
  }

  private static BigInteger nonce(TransactionReceipt receipt) {
    return Bridge.getLockedEvents(receipt).get(0).nonce;
  }

  /** Net of A's 30 bps fee (what a lock of {@code amount} on A keeps). */
  public static BigInteger netOfFee(long amount) {
    return BigInteger.valueOf(amount - amount * 30 / 10_000);
  }

  private static byte[] sign(byte[] digest) {
    Sign.SignatureData sd = Sign.signMessage(digest, GROUP.getEcKeyPair(), false);
    byte[] sig = new byte[65];
    System.arraycopy(sd.getR(), 0, sig, 0, 32);
    System.arraycopy(sd.getS(), 0, sig, 32, 32);
    sig[64] = sd.getV()[0];
    return sig;
  }

  @Override
  public void close() {
    a.close();
    b.close();
    anvilA.close();
    anvilB.close();
  }
}
