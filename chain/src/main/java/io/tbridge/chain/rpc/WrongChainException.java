package io.tbridge.chain.rpc;

/** An endpoint serves another chain than the one it is configured for; it is never used. */
public final class WrongChainException extends RpcException {

  /** Endpoint {@code endpoint} reported {@code reported} instead of {@code expected}. */
  public WrongChainException(String endpoint, long expected, long reported) {
    super(
        endpoint,
        "serves chain id " + reported + " but is configured for chain id " + expected,
        false,
        RpcErrorKind.WRONG_CHAIN);
  }
}
