package io.tbridge.chain.bridge;

import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The start-up check of a chain's RPC endpoints against the configured chain id and Bridge: the
 * endpoint reports that chain id, the bridge address holds code, and that code answers a Bridge
 * view ({@code route}). A wrong bridge address otherwise looks like a quiet chain: no Locked logs,
 * and the checkpoint moves past real locks.
 *
 * <p>Policy: an endpoint that answers wrongly (other chain, no code, not a Bridge) is {@link
 * Verdict#WRONG} and must refuse the start, because it is a misconfiguration that no retry fixes;
 * one that does not answer (transport error, timeout, overload) is {@link Verdict#UNREACHABLE}: the
 * process may start and its readiness reports the chain.
 */
public final class BridgeEndpointCheck {

  private BridgeEndpointCheck() {}

  /** What one endpoint's check found. */
  public enum Verdict {
    /** Right chain, Bridge code present and answering. */
    OK,
    /** Did not answer; may be a temporary outage. */
    UNREACHABLE,
    /** Answered, but not as the configured chain and Bridge: a misconfiguration. */
    WRONG
  }

  /**
   * The check of one endpoint.
   *
   * @param chain chain name from the config
   * @param endpoint the endpoint's display name (never the full URL: it may carry an API key)
   * @param verdict what was found
   * @param cause why, empty when OK
   */
  public record Result(String chain, String endpoint, Verdict verdict, String cause) {

    /** Validates fields. */
    public Result {
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(cause, "cause");
    }

    /** One log line naming chain, endpoint and cause. */
    public String line() {
      return "chain=" + chain + " endpoint=" + endpoint + ": " + cause;
    }
  }

  /** Thrown when an endpoint is misconfigured; the message is one line per failure, joined. */
  public static final class MisconfiguredException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient List<Result> failures;

    MisconfiguredException(List<Result> failures) {
      super(String.join("; ", failures.stream().map(Result::line).toList()));
      this.failures = List.copyOf(failures);
    }

    /** The endpoints that answered wrongly. */
    public List<Result> failures() {
      return failures;
    }
  }

  /** Checks one endpoint. */
  public static Result check(String chain, ChainId expected, Address bridge, EthRpc rpc) {
    String ep = rpc.name();
    long actual;
    try {
      actual = rpc.chainId();
    } catch (RpcException e) {
      return failed(chain, ep, "eth_chainId failed: " + e.getMessage(), e);
    }
    if (actual != expected.value()) {
      return new Result(
          chain,
          ep,
          Verdict.WRONG,
          "reports chain id " + actual + " but the config says " + expected.value());
    }
    byte[] code;
    try {
      code = rpc.code(bridge, BlockRef.LATEST);
    } catch (RpcException e) {
      return failed(chain, ep, "eth_getCode failed: " + e.getMessage(), e);
    }
    if (code.length == 0) {
      return new Result(
          chain, ep, Verdict.WRONG, "no contract code at bridge " + bridge + " (wrong address?)");
    }
    try {
      BridgeViews.decodeRoute(
          rpc.call(
              java.util.Optional.empty(),
              bridge,
              BridgeViews.routeCall(Address.ZERO, expected),
              BlockRef.LATEST));
    } catch (RpcException e) {
      return failed(
          chain,
          ep,
          "contract at " + bridge + " does not answer Bridge.route: " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      return new Result(
          chain,
          ep,
          Verdict.WRONG,
          "contract at " + bridge + " is not a Bridge (route answer: " + e.getMessage() + ")");
    }
    return new Result(chain, ep, Verdict.OK, "");
  }

  /** Checks every endpoint of a chain, in order. */
  public static List<Result> checkAll(
      String chain, ChainId expected, Address bridge, List<EthRpc> endpoints) {
    List<Result> out = new ArrayList<>(endpoints.size());
    for (EthRpc rpc : endpoints) {
      out.add(check(chain, expected, bridge, rpc));
    }
    return out;
  }

  /**
   * Checks every endpoint and throws {@link MisconfiguredException} if any answered wrongly;
   * returns the results (the caller logs the unreachable ones).
   */
  public static List<Result> requireUsable(
      String chain, ChainId expected, Address bridge, List<EthRpc> endpoints) {
    List<Result> all = checkAll(chain, expected, bridge, endpoints);
    List<Result> wrong = all.stream().filter(r -> r.verdict() == Verdict.WRONG).toList();
    if (!wrong.isEmpty()) {
      throw new MisconfiguredException(wrong);
    }
    return all;
  }

  // A retriable error (transport, timeout, overload) is an outage; any other answer is final.
  private static Result failed(String chain, String ep, String cause, RpcException e) {
    return new Result(chain, ep, e.retriable() ? Verdict.UNREACHABLE : Verdict.WRONG, cause);
  }
}
