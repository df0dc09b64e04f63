package io.tbridge.tss.channel;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.ProtocolMessage;

/**
 * The wire form of one sealed message, parsed but not yet trusted. Decoding checks only the
 * structure (version, kind, lengths, no trailing bytes); what the fields mean is checked by {@link
 * SecureChannel} after the signature, so that a signed but invalid header can be blamed on its
 * signer.
 *
 * <p>Layout (version 2): header = u8 version, u8 kind (1 broadcast, 2 direct), length-prefixed
 * session id (≤ 64 bytes), u8 round, i32 from, i32 to; then a broadcast carries the length-prefixed
 * content, a direct message the 32-byte ephemeral X25519 key, the length-prefixed AES-GCM
 * ciphertext of the content and the 16-byte tag; last, the 64-byte Ed25519 signature over the
 * domain tag and everything before it. The content is the 64-byte origin signature ({@link
 * io.tbridge.tss.protocol.Origin}) followed by the payload.
 */
record Envelope(
    int kind,
    byte[] sessionId,
    int round,
    int from,
    int to,
    byte[] ephemeralKey,
    byte[] body,
    byte[] tag,
    byte[] signature) {

  static final int VERSION = 2;
  static final int KIND_BROADCAST = 1;
  static final int KIND_DIRECT = 2;
  static final int MAX_SESSION_ID_BYTES = 64;
  static final int TAG_BYTES = 16;
  static final int MAX_CONTENT_BYTES =
      ProtocolMessage.MAX_PAYLOAD_BYTES + io.tbridge.tss.protocol.Origin.SIGNATURE_BYTES;

  /** The domain tag of every channel signature, so the identity key signs nothing else alike. */
  static final String SIGNATURE_DOMAIN = "tbridge/tss/channel/v1/signature";

  boolean isDirect() {
    return kind == KIND_DIRECT;
  }

  /** Version, kind, session, round, sender, recipient: the AEAD's associated data. */
  byte[] header() {
    return header(kind, sessionId, round, from, to);
  }

  static byte[] header(int kind, byte[] sessionId, int round, int from, int to) {
    return new ByteWriter()
        .u8(VERSION)
        .u8(kind)
        .bytes(sessionId)
        .u8(round)
        .i32(from)
        .i32(to)
        .toByteArray();
  }

  /** Everything before the signature. */
  private ByteWriter unsigned() {
    ByteWriter w = new ByteWriter().raw(header());
    if (isDirect()) {
      w.raw(ephemeralKey).bytes(body).raw(tag);
    } else {
      w.bytes(body);
    }
    return w;
  }

  /** What the sender signs: domain tag, then every byte of the envelope before the signature. */
  byte[] signedBytes() {
    return new ByteWriter().string(SIGNATURE_DOMAIN).raw(unsigned().toByteArray()).toByteArray();
  }

  /** The same envelope carrying {@code sig}. */
  Envelope withSignature(byte[] sig) {
    return new Envelope(kind, sessionId, round, from, to, ephemeralKey, body, tag, sig);
  }

  byte[] encode() {
    return unsigned().raw(signature).toByteArray();
  }

  /** A length-prefixed content: up to the largest payload plus the origin signature. */
  private static byte[] content(ByteReader r) throws DecodingException {
    int length = r.i32();
    if (length < 0 || length > MAX_CONTENT_BYTES) {
      throw new DecodingException("content length " + length + " out of range");
    }
    return r.raw(length);
  }

  /** Parses the structure; version must already be known to be {@link #VERSION}. */
  static Envelope decode(byte[] wire) throws DecodingException {
    ByteReader r = new ByteReader(wire);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown envelope version " + version);
    }
    int kind = r.u8();
    if (kind != KIND_BROADCAST && kind != KIND_DIRECT) {
      throw new DecodingException("unknown message kind " + kind);
    }
    byte[] sid = r.bytes(MAX_SESSION_ID_BYTES);
    int round = r.u8();
    int from = r.i32();
    int to = r.i32();
    byte[] ephemeral = new byte[0];
    byte[] tag = new byte[0];
    byte[] body;
    if (kind == KIND_DIRECT) {
      ephemeral = r.raw(Curve25519Keys.KEY_BYTES);
      body = content(r);
      tag = r.raw(TAG_BYTES);
    } else {
      body = content(r);
    }
    byte[] signature = r.raw(Curve25519Keys.SIGNATURE_BYTES);
    r.end();
    return new Envelope(kind, sid, round, from, to, ephemeral, body, tag, signature);
  }
}
