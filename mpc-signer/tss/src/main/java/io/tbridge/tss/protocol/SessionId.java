package io.tbridge.tss.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identifier all parties of one protocol run agreed on before it starts. It is bound into every
 * Fiat–Shamir transcript and every message, so nothing from one session is accepted in another. 16
 * to 64 bytes.
 */
public record SessionId(byte[] bytes) {

  /** Validating constructor; copies the bytes. */
  public SessionId {
    if (bytes.length < 16 || bytes.length > 64) {
      throw new IllegalArgumentException("session id must be 16..64 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** A copy of the id bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lower-case hex, for logs and error messages. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SessionId[" + hex() + "]";
  }
}
