package io.tbridge.chain.reconcile;

import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.core.Address;
import io.tbridge.core.Keccak256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a token's bridge configuration, the bridge's balance and the supply at one block, each
 * through the whole endpoint quorum ({@code eth_call} at a fixed final block, so endpoints agree).
 */
final class TokenReader {

  private static final byte[] TOKEN_CONFIG = selector("tokenConfig(address)");
  private static final byte[] BALANCE_OF = selector("balanceOf(address)");
  private static final byte[] TOTAL_SUPPLY = selector("totalSupply()");

  private TokenReader() {}

  /** The fact of {@code token} on {@code c} at block {@code at}. */
  static TokenFact read(ChainSource c, Address token, long at) {
    byte[] cfg = call(c, c.bridge(), concat(TOKEN_CONFIG, token.toWord()), at, "tokenConfig");
    if (cfg.length != 5 * 32) {
      throw new ReconcileException(
          "chain " + c.name() + ": tokenConfig(" + token + ") returned " + cfg.length + " bytes");
    }
    int mode = word(cfg, 0).intValueExact();
    int decimals = word(cfg, 2).intValueExact();
    BigInteger balance =
        uint(call(c, token, concat(BALANCE_OF, c.bridge().toWord()), at, "balanceOf"), c, token);
    BigInteger supply = uint(call(c, token, TOTAL_SUPPLY, at, "totalSupply"), c, token);
    return new TokenFact(c.chainId(), token, mode, decimals, balance, supply);
  }

  private static byte[] call(ChainSource c, Address to, byte[] data, long at, String what) {
    return c.reader()
        .readAll(
            what + " of " + to + " at block " + at,
            e -> e.call(Optional.empty(), to, data, BlockRef.number(at)));
  }

  private static BigInteger uint(byte[] ret, ChainSource c, Address token) {
    if (ret.length != 32) {
      throw new ReconcileException(
          "chain "
              + c.name()
              + ": token "
              + token
              + " is not an ERC-20 ("
              + ret.length
              + " bytes)");
    }
    return new BigInteger(1, ret);
  }

  private static BigInteger word(byte[] ret, int i) {
    return new BigInteger(1, Arrays.copyOfRange(ret, 32 * i, 32 * (i + 1)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] selector(String signature) {
    return Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)).bytes(), 4);
  }
}
