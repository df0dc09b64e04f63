package io.tbridge.tools.deploy;

import io.tbridge.chain.rpc.EndpointNames;
import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.contracts.Bridge;
import io.tbridge.contracts.BridgedToken;
import io.tbridge.contracts.TestToken;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.tools.deploy.DeployPlan.ChainPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.service.TxSignService;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * One chain of the plan as the deployer sees it: its endpoint, the deployer's account and the
 * transactions sent from it. Every failure is one line naming the chain and what was attempted; the
 * endpoint appears only as {@code scheme://host:port}.
 */
final class ChainClient implements AutoCloseable {

  /** Gas limit of a contract creation (the Bridge takes about 4.3M); web3j does not estimate it. */
  private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(8_000_000);

  /**
   * Receipt polls, 250 ms apart: ten minutes. Generous because a transaction given up on may still
   * be mined, and a re-run cannot know about a contract whose receipt it never saw.
   */
  private static final int RECEIPT_POLLS = 2400;

  private final ChainPlan plan;
  private final TransactionSigner deployer;
  private final Web3j web3j;
  private final RawTransactionManager tm;
  private final ContractGasProvider gas;
  private final PrintWriter log;

  ChainClient(ChainPlan plan, TransactionSigner deployer, PrintWriter log) {
    this.plan = plan;
    this.deployer = deployer;
    this.log = log;
    this.web3j = Web3j.build(new HttpService(plan.rpcUrl().toString()));
    this.tm =
        new SignerTransactionManager(
            web3j,
            deployer,
            plan.chainId(),
            new PollingTransactionReceiptProcessor(web3j, 250, RECEIPT_POLLS));
    this.gas = new EstimatingGas();
  }

  /** The plan's name of this chain. */
  String name() {
    return plan.name();
  }

  /** The deployer's address (the admin of bridges it deploys). */
  Address deployer() {
    return deployer.address();
  }

  /** Checks the endpoint answers with the plan's chain id and the deployer can pay gas. */
  void preflight() {
    long id = rpc("eth_chainId", () -> web3j.ethChainId().send().getChainId()).longValueExact();
    if (id != plan.chainId().value()) {
      throw fail(
          "RPC " + endpoint() + " reports chain id " + id + ", the plan says " + plan.chainId());
    }
    BigInteger balance =
        rpc(
            "eth_getBalance",
            () ->
                web3j
                    .ethGetBalance(
                        deployer.address().toLowerHex(), DefaultBlockParameterName.LATEST)
                    .send()
                    .getBalance());
    if (balance.signum() == 0) {
      throw fail("deployer " + deployer() + " has no native currency to pay gas");
    }
  }

  /** Whether {@code address} holds contract code. */
  boolean hasCode(Address address) {
    String code =
        rpc(
            "eth_getCode",
            () ->
                web3j
                    .ethGetCode(address.toLowerHex(), DefaultBlockParameterName.LATEST)
                    .send()
                    .getCode());
    return code != null && code.length() > 2;
  }

  /** Latest block timestamp, seconds. */
  long latestTimestamp() {
    return rpc(
            "eth_getBlockByNumber",
            () ->
                web3j
                    .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getTimestamp())
        .longValueExact();
  }

  /** Binding of the Bridge at {@code address}, sending as the deployer. */
  Bridge bridge(Address address) {
    return Bridge.load(address.toLowerHex(), web3j, tm, gas);
  }

  /** Binding of the ERC-20 at {@code address} (TestToken's ABI covers the ERC-20 views). */
  TestToken erc20(Address address) {
    return TestToken.load(address.toLowerHex(), web3j, tm, gas);
  }

  /** Binding of the BridgedToken at {@code address}. */
  BridgedToken bridgedToken(Address address) {
    return BridgedToken.load(address.toLowerHex(), web3j, tm, gas);
  }

  /** A deployed contract and its receipt's block. */
  record Deployed(Address address, long block) {}

  /** Deploys a Bridge. */
  Deployed deployBridge(Address guardian, Address groupSigner, Address treasury, long delay) {
    String admin = deployer.address().toLowerHex();
    return deploy(
        "Bridge",
        Bridge.deploy(
            web3j,
            tm,
            gas,
            admin,
            guardian.toLowerHex(),
            groupSigner.toLowerHex(),
            treasury.toLowerHex(),
            BigInteger.valueOf(delay)));
  }

  /** Deploys a TestToken. */
  Deployed deployTestToken(String name, String symbol, int decimals) {
    return deploy(
        "TestToken " + symbol,
        TestToken.deploy(web3j, tm, gas, name, symbol, BigInteger.valueOf(decimals)));
  }

  /** Deploys a BridgedToken bound to {@code bridge}. */
  Deployed deployBridgedToken(String name, String symbol, int decimals, Address bridge) {
    return deploy(
        "BridgedToken " + symbol,
        BridgedToken.deploy(
            web3j, tm, gas, name, symbol, BigInteger.valueOf(decimals), bridge.toLowerHex()));
  }

  private Deployed deploy(String what, RemoteCall<? extends Contract> call) {
    Contract c = call(what, call::send);
    TransactionReceipt r =
        c.getTransactionReceipt().orElseThrow(() -> fail(what + ": deployment has no receipt"));
    Deployed d = new Deployed(Address.of(c.getContractAddress()), r.getBlockNumber().longValue());
    log.printf("%s: deployed %s at %s (block %d)%n", name(), what, d.address(), d.block());
    log.flush();
    return d;
  }

  /** Sends an admin transaction; fails unless it is mined with status 1. */
  void send(String what, RemoteCall<TransactionReceipt> call) {
    TransactionReceipt r = call(what, call::send);
    if (!r.isStatusOK()) {
      throw fail(what + ": transaction " + r.getTransactionHash() + " reverted");
    }
    log.printf("%s: %s (tx %s)%n", name(), what, r.getTransactionHash());
    log.flush();
  }

  /** Runs a view; a revert or an RPC failure is one line. */
  <T> T view(String what, RemoteCall<T> call) {
    return call(what, call::send);
  }

  private interface Action<T> {
    T run() throws Exception;
  }

  private <T> T call(String what, Action<T> action) {
    try {
      return action.run();
    } catch (DeployException e) {
      throw fail(what + ": " + e.getMessage());
    } catch (IOException e) {
      throw fail(what + ": RPC " + endpoint() + " does not answer (" + cause(e) + ")");
    } catch (Exception e) {
      throw fail(what + ": " + cause(e));
    }
  }

  private <T> T rpc(String method, Action<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw fail("RPC " + endpoint() + " does not answer " + method + " (" + cause(e) + ")");
    } catch (Exception e) {
      throw fail("RPC " + endpoint() + ": " + method + " failed (" + cause(e) + ")");
    }
  }

  private static String cause(Throwable e) {
    String m = e.getMessage();
    String first = m == null ? "" : m.lines().findFirst().orElse("");
    return first.isEmpty()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + first;
  }

  private String endpoint() {
    return EndpointNames.safeName(plan.rpcUrl());
  }

  DeployException fail(String message) {
    return new DeployException("chain " + name() + ": " + message);
  }

  /**
   * Legacy gas pricing (every EVM chain accepts it) at twice the node's gas price, and each call's
   * gas estimated first: a call that would revert fails here, named, before anything is sent.
   */
  private final class EstimatingGas implements ContractGasProvider {
    @Override
    public BigInteger getGasPrice() {
      return rpc("eth_gasPrice", () -> web3j.ethGasPrice().send().getGasPrice()).shiftLeft(1);
    }

    @Override
    public BigInteger getGasLimit(Transaction tx) {
      EthEstimateGas est = rpc("eth_estimateGas", () -> web3j.ethEstimateGas(tx).send());
      if (est.hasError()) {
        throw new DeployException(
            "would revert: "
                + RevertNames.describe(est.getError().getData(), est.getError().getMessage()));
      }
      BigInteger g = est.getAmountUsed();
      return g.add(g.shiftRight(2)).add(BigInteger.valueOf(10_000));
    }

    @Override
    public BigInteger getGasLimit() {
      return DEPLOY_GAS;
    }
  }

  /**
   * web3j's raw transaction manager signing through a {@link TransactionSigner}; web3j offers no
   * constructor taking both a signing service and a receipt processor, so this one waits with
   * {@code receipts} itself.
   */
  private static final class SignerTransactionManager extends RawTransactionManager {
    private final TransactionReceiptProcessor receipts;

    SignerTransactionManager(
        Web3j web3j,
        TransactionSigner signer,
        ChainId chainId,
        TransactionReceiptProcessor receipts) {
      super(web3j, signService(signer), chainId.value());
      this.receipts = receipts;
    }

    private static TxSignService signService(TransactionSigner signer) {
      return new TxSignService() {
        @Override
        public byte[] sign(RawTransaction tx, long chainId) {
          return signer.sign(tx, ChainId.of(chainId));
        }

        @Override
        public String getAddress() {
          return signer.address().toLowerHex();
        }
      };
    }

    @Override
    protected TransactionReceipt processResponse(EthSendTransaction response)
        throws IOException, TransactionException {
      if (response.hasError()) {
        throw new org.web3j.protocol.exceptions.JsonRpcError(response.getError());
      }
      return receipts.waitForTransactionReceipt(response.getTransactionHash());
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
