package io.tbridge.chain.rpc;

import java.util.List;
import java.util.Objects;

/**
 * A transaction receipt with its logs, as one endpoint reported it.
 *
 * @param receipt status, block and gas
 * @param logs every log of the transaction, in order
 */
public record ReceiptLogs(TxReceipt receipt, List<RpcLog> logs) {

  /** Validates and copies. */
  public ReceiptLogs {
    Objects.requireNonNull(receipt, "receipt");
    logs = List.copyOf(logs);
  }
}
