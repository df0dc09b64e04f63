package io.tbridge.chain.tx;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import org.web3j.crypto.RawTransaction;

/**
 * Holds an account's key and signs its transactions; callers never see the key. An implementation
 * backed by a remote service (Vault, a KMS) signs the transaction's keccak digest and assembles the
 * same bytes as {@link KeyFileSigner}.
 */
public interface TransactionSigner {

  /** The account whose transactions this signs (the sender, who pays gas). */
  Address address();

  /**
   * The signed transaction, ready for {@code eth_sendRawTransaction}: an EIP-1559 transaction
   * (whose own chain id must equal {@code chainId}) or a legacy one, signed with EIP-155 replay
   * protection for {@code chainId}.
   *
   * @throws IllegalArgumentException if an EIP-1559 transaction names another chain
   */
  byte[] sign(RawTransaction tx, ChainId chainId);
}
