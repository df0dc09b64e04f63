package io.tbridge.chain.testing;

import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * A {@link TransactionSigner} over an in-memory test key (not the file signer), counting the
 * transactions it signed; stands in for a remote signer in tests.
 */
public final class TestSigner implements TransactionSigner {

  private final Credentials key;
  private final AtomicInteger signed = new AtomicInteger();

  private TestSigner(Credentials key) {
    this.key = key;
  }

  /** A signer of the hex private key {@code hexKey} (a well-known test key, never a real one). */
  public static TestSigner of(String hexKey) {
    return new TestSigner(Credentials.create(hexKey));
  }

  @Override
  public Address address() {
    return Address.of(key.getAddress());
  }

  @Override
  public byte[] sign(RawTransaction tx, ChainId chainId) {
    signed.incrementAndGet();
    return TransactionEncoder.signMessage(tx, chainId.value(), key);
  }

  /** Transactions signed so far. */
  public int signed() {
    return signed.get();
  }

  @Override
  public String toString() {
    return "TestSigner[" + address() + "]";
  }
}
