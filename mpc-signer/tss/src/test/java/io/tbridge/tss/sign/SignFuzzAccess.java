package io.tbridge.tss.sign;

import io.tbridge.tss.codec.DecodingException;
import java.math.BigInteger;

/** Lets tests in other packages reach the package-private partial-signature codec. */
public final class SignFuzzAccess {
  private SignFuzzAccess() {}

  /** Decodes a partial-signature payload. */
  public static void decodePartial(byte[] payload) throws DecodingException {
    SignSession.Partial.decode(payload);
  }

  /** A valid partial-signature payload. */
  public static byte[] samplePartial() {
    return new SignSession.Partial(new byte[32], new byte[32], BigInteger.TEN).encode();
  }
}
