package io.tbridge.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

class KeyFileSignerTest {

  static final String KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  @TempDir Path dir;

  private static RawTransaction tx(long chainId) {
    return RawTransaction.createTransaction(
        chainId,
        BigInteger.ONE,
        BigInteger.valueOf(100_000),
        "0x5000000000000000000000000000000000000005",
        BigInteger.ZERO,
        "0x1234",
        BigInteger.valueOf(1_000_000),
        BigInteger.valueOf(2_000_000_000));
  }

  @Test
  void shouldSignAsTheKeysAddressAndNeverShowTheKey() throws Exception {
    Path f = dir.resolve("sender.key");
    Files.writeString(f, "0x" + KEY + "\n");
    KeyFileSigner signer = KeyFileSigner.read(f);
    Address expected = Address.of(Credentials.create(KEY).getAddress());
    assertThat(signer.address()).isEqualTo(expected);

    byte[] raw = signer.sign(tx(31338), ChainId.of(31338));
    SignedRawTransaction decoded =
        (SignedRawTransaction) TransactionDecoder.decode("0x" + hex(raw));
    assertThat(Address.of(decoded.getFrom())).isEqualTo(expected);
    assertThat(((Transaction1559) decoded.getTransaction()).getChainId()).isEqualTo(31338L);

    assertThat(signer.toString())
        .contains(expected.toString())
        .contains("redacted")
        .doesNotContainIgnoringCase(KEY)
        .doesNotContainIgnoringCase(KEY.substring(0, 16));
  }

  @Test
  void shouldRefuseATransactionOfAnotherChain() throws Exception {
    Path f = dir.resolve("sender.key");
    Files.writeString(f, KEY);
    KeyFileSigner signer = KeyFileSigner.read(f);
    assertThatThrownBy(() -> signer.sign(tx(1), ChainId.of(31338)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transaction for chain 1 signed as chain 31338");
  }

  @Test
  void shouldNameTheFileButNeverEchoWhatItHolds() throws Exception {
    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> KeyFileSigner.read(missing))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(missing + " does not exist");
    // One character short of a key: the error must not quote it.
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, KEY.substring(1));
    assertThatThrownBy(() -> KeyFileSigner.read(bad))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(bad + " does not hold a 32-byte hex private key");
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
