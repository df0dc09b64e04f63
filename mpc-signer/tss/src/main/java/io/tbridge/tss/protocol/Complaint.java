package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;

/**
 * A party's public evidence that a direct message it received failed a check: the accused sender's
 * message as received (payload and origin signature) and the check it failed. Every other party
 * verifies the signature and runs the same check on the same inputs, so all honest parties reach
 * the same verdict: the accused if the evidence holds, the complainer if it does not.
 *
 * <p>Encoding: u8 version (1), u8 round, i32 accused, length-prefixed payload, 64-byte origin
 * signature, length-prefixed check name (≤ 64 bytes).
 *
 * @param round the round of the disputed direct message
 * @param accused its sender
 * @param payload its payload, exactly as received
 * @param signature the accused's origin signature of it
 * @param check the check it failed at the complainer
 */
public record Complaint(int round, int accused, byte[] payload, byte[] signature, String check) {
  /** Encoding version. */
  public static final int VERSION = 1;

  /** The round number of complaint broadcasts, reserved in every session. */
  public static final int ROUND = 255;

  private static final int MAX_CHECK_BYTES = 64;

  /** Validating constructor; copies the arrays. */
  public Complaint {
    if (round < 1 || round > 254 || accused < 1) {
      throw new IllegalArgumentException("bad complaint header");
    }
    if (signature.length != Origin.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("origin signature must be 64 bytes");
    }
    if (check.isEmpty()
        || check.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CHECK_BYTES) {
      throw new IllegalArgumentException("check name must have 1.." + MAX_CHECK_BYTES + " bytes");
    }
    payload = payload.clone();
    signature = signature.clone();
  }

  /** A copy of the disputed payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** A copy of the accused's signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The statement the accused must have signed, for a complaint by {@code complainer}. */
  byte[] statement(SessionId sessionId, int complainer) {
    return Origin.statement(sessionId, round, accused, complainer, Origin.payloadHash(payload));
  }

  /** The complaint payload. */
  public byte[] encode() {
    return new ByteWriter()
        .u8(VERSION)
        .u8(round)
        .i32(accused)
        .bytes(payload)
        .raw(signature)
        .string(check)
        .toByteArray();
  }

  static Complaint decode(byte[] encoded) throws DecodingException {
    ByteReader r = new ByteReader(encoded);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown complaint version " + version);
    }
    int round = r.u8();
    int accused = r.i32();
    byte[] payload = r.bytes(ProtocolMessage.MAX_PAYLOAD_BYTES);
    byte[] signature = r.raw(Origin.SIGNATURE_BYTES);
    String check = r.string(MAX_CHECK_BYTES);
    r.end();
    try {
      return new Complaint(round, accused, payload, signature, check);
    } catch (IllegalArgumentException e) {
      throw new DecodingException(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Complaint[round=" + round + ", accused=" + accused + ", check=" + check + "]";
  }
}
