package io.tbridge.chain.tx;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction2930;

/**
 * A {@link TransactionSigner} holding a private key read from a file of hex (one line, with or
 * without {@code 0x}). The key is never logged: {@link #toString} shows the address only, and no
 * error quotes the file's content.
 */
public final class KeyFileSigner implements TransactionSigner {

  private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

  private final Credentials credentials;
  private final Address address;

  private KeyFileSigner(Credentials credentials) {
    this.credentials = credentials;
    this.address = Address.of(credentials.getAddress());
  }

  /**
   * The key in {@code file}.
   *
   * @throws KeyFileException naming the file and the problem (missing, unreadable, not a key)
   */
  public static KeyFileSigner read(Path file) {
    String hex;
    try {
      hex = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file + " does not exist");
    } catch (IOException e) {
      throw new KeyFileException(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    // Checked here, because web3j's own parse errors quote the input, which is the key.
    if (!HEX_KEY.matcher(hex).matches()) {
      throw new KeyFileException(file + " does not hold a 32-byte hex private key");
    }
    return new KeyFileSigner(Credentials.create(hex));
  }

  @Override
  public Address address() {
    return address;
  }

  @Override
  public byte[] sign(RawTransaction tx, ChainId chainId) {
    if (tx.getTransaction() instanceof Transaction2930 t && t.getChainId() != chainId.value()) {
      throw new IllegalArgumentException(
          "transaction for chain " + t.getChainId() + " signed as chain " + chainId);
    }
    return TransactionEncoder.signMessage(tx, chainId.value(), credentials);
  }

  /** The address only: the key is redacted. */
  @Override
  public String toString() {
    return "KeyFileSigner[address=" + address + ", key=<redacted>]";
  }
}
