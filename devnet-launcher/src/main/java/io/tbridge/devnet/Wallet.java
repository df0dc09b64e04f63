package io.tbridge.devnet;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.contracts.Bridge;
import io.tbridge.contracts.TestToken;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * A user's account on one devnet chain, doing what a user's own client does: approve the bridge,
 * lock, read balances. (The devnet's demo and the end-to-end tests lock through it; nothing in it
 * is privileged.)
 */
public final class Wallet implements AutoCloseable {
  private static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(500_000));

  private final DevChain chain;
  private final Credentials key;
  private final Web3j web3j;
  private final FastRawTransactionManager transactions;
  private final Bridge bridge;
  private final TestToken token;

  /** {@code key}'s account on {@code chain}. */
  public Wallet(DevChain chain, Credentials key) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.key = Objects.requireNonNull(key, "key");
    this.web3j = Web3j.build(new HttpService(chain.rpcUrl()));
    this.transactions =
        new FastRawTransactionManager(
            web3j, key, chain.chainId(), new PollingTransactionReceiptProcessor(web3j, 100, 600));
    this.bridge = Bridge.load(chain.bridge(), web3j, transactions, GAS);
    // BridgedToken has the same ERC-20 surface; only mint differs (open on TestToken only).
    this.token = TestToken.load(chain.token(), web3j, transactions, GAS);
  }

  /** Reads the account's nonce from the chain again (after a reorg dropped a sent transaction). */
  public void resyncNonce() {
    call(
        () -> {
          transactions.resetNonce();
          return null;
        });
  }

  /** The account's address. */
  public Address address() {
    return Address.of(key.getAddress());
  }

  /** The chain. */
  public DevChain chain() {
    return chain;
  }

  /** TST balance. */
  public BigInteger balance() {
    return call(() -> token.balanceOf(key.getAddress()).send());
  }

  /** Mints TST to this account (chain-a's test token has an open mint; devnets only). */
  public void mintTestTokens(BigInteger amount) {
    call(() -> token.mint(key.getAddress(), amount).send());
  }

  /** Lets the bridge pull up to {@code amount}. */
  public void approveBridge(BigInteger amount) {
    call(() -> token.approve(chain.bridge(), amount).send());
  }

  /**
   * Locks {@code amount} TST for {@code recipient} on {@code dstChainId} (the bridge must be
   * approved for it) and returns the lock as the chain recorded it.
   */
  public LockEvent lock(BigInteger amount, long dstChainId, Address recipient) {
    TransactionReceipt r =
        call(
            () ->
                bridge
                    .lock(
                        chain.token(),
                        amount,
                        BigInteger.valueOf(dstChainId),
                        recipient.toLowerHex())
                    .send());
    return lockIn(r);
  }

  /** Sends {@code count} locks without waiting between them; returns them once all are mined. */
  public List<LockEvent> lockMany(int count, BigInteger amount, long dstChainId, Address to) {
    List<java.util.concurrent.CompletableFuture<TransactionReceipt>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(
          bridge
              .lock(chain.token(), amount, BigInteger.valueOf(dstChainId), to.toLowerHex())
              .sendAsync());
    }
    List<LockEvent> out = new ArrayList<>();
    try {
      for (var f : sent) {
        out.add(lockIn(call(f::get)));
      }
    } catch (DevnetException e) {
      // A failed send took its nonce: read it from the chain again so the next call is not stuck.
      resyncNonce();
      throw e;
    }
    return out;
  }

  private LockEvent lockIn(TransactionReceipt r) {
    if (!r.isStatusOK()) {
      throw new DevnetException(
          "lock reverted on " + chain.name() + ": tx " + r.getTransactionHash());
    }
    for (Log l : r.getLogs()) {
      List<Hash32> topics = l.getTopics().stream().map(Hash32::of).toList();
      if (!topics.isEmpty() && topics.get(0).equals(LockedEventDecoder.TOPIC)) {
        RpcLog log =
            new RpcLog(
                Address.of(l.getAddress()),
                topics,
                Numeric.hexStringToByteArray(l.getData()),
                l.getBlockNumber().longValueExact(),
                Hash32.of(l.getBlockHash()),
                Hash32.of(l.getTransactionHash()),
                l.getLogIndex().longValueExact(),
                false);
        return LockedEventDecoder.decode(
            ChainId.of(chain.chainId()), Address.of(chain.bridge()), log);
      }
    }
    throw new DevnetException("no Locked event in tx " + r.getTransactionHash());
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(Call<T> c) {
    try {
      return c.run();
    } catch (DevnetException e) {
      throw e;
    } catch (Exception e) {
      throw new DevnetException("transaction failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
