package io.tbridge.tss.channel;

import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.Notary;
import io.tbridge.tss.protocol.Origin;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SignedMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * End-to-end protection of protocol messages on an untrusted transport (Kafka): every message is
 * signed by its sender's identity key, every direct message is also encrypted to its recipient. The
 * transport then only moves bytes; neither the broker nor other readers of the topic can read a
 * direct message, and nobody can inject or alter a message in a committee member's name.
 *
 * <p>Sealing a direct message: a fresh ephemeral X25519 key pair; the shared secret with the
 * recipient's X25519 identity key goes through HKDF-SHA256 (salt {@value #KDF_SALT}, info = tag
 * {@value #KDF_INFO}, the ephemeral and the recipient's public key, the header) into a 256-bit
 * AES-GCM key and a 96-bit nonce; the content is encrypted with the header (version, kind, session,
 * round, sender, recipient) as associated data. Broadcasts are not encrypted. The content is the
 * sender's origin signature ({@link Origin}: Ed25519 over the session, round, sender, recipient and
 * a hash of the plaintext payload) followed by the payload; inside the encryption for a direct
 * message, so the signature cannot be used to test guesses of the plaintext. Either way the sender
 * also signs, with Ed25519, the tag {@value Envelope#SIGNATURE_DOMAIN} and every byte before the
 * envelope signature. See {@link Envelope} for the layout.
 *
 * <p>Two signatures because they prove different things: the envelope signature ties the bytes on
 * the wire to their sender (so an undecryptable ciphertext can be blamed), the origin signature
 * ties the plaintext to its sender, so a recipient can show any other party what it was sent
 * ({@link SignedMessage}; the channel is the sessions' {@link Notary}).
 *
 * <p>Opening: strict decoding, sender lookup, signature check, then the header's meaning, then the
 * recipient, then decryption. Blame: nothing before a valid signature can name a culprit (anyone
 * can write any sender index); after it, an invalid header or a ciphertext that does not decrypt is
 * the signer's fault ({@link Opened.Reason#namesSender()}).
 *
 * <p>Stateless apart from the random source, so the same sealed bytes always open to the same
 * message (the session ignores exact duplicates). Thread-safe.
 */
public final class SecureChannel implements Notary {
  /** HKDF salt of direct-message keys. */
  public static final String KDF_SALT = "tbridge/tss/channel/v1/hkdf-salt";

  /** HKDF info prefix of direct-message keys. */
  public static final String KDF_INFO = "tbridge/tss/channel/v1/direct-message-key";

  private static final int AES_KEY_BYTES = 32;
  private static final int GCM_NONCE_BYTES = 12;
  private static final BigInteger FIELD_PRIME =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private final PartyIdentity identity;
  private final int self;
  private final SortedMap<Integer, PublicIdentity> committee;
  private final Map<Integer, PublicKey> verificationKeys = new HashMap<>();
  private final Map<Integer, PublicKey> agreementKeys = new HashMap<>();
  private final SecureRandom random;

  /**
   * A channel for party {@code self} of a committee.
   *
   * @param identity this party's identity (private keys)
   * @param self this party's index
   * @param committee every member's public identity by party index, this party's included, as
   *     confirmed in the ceremony; distinct members must have distinct keys
   * @param random the source of the ephemeral keys
   * @throws IllegalArgumentException if an index is out of range, {@code self} is missing or maps
   *     to another identity, or two members share a key
   */
  public SecureChannel(
      PartyIdentity identity,
      int self,
      Map<Integer, PublicIdentity> committee,
      SecureRandom random) {
    if (committee.isEmpty() || committee.size() > Committee.MAX_PARTIES) {
      throw new IllegalArgumentException(
          "committee needs 1.." + Committee.MAX_PARTIES + " members, got " + committee.size());
    }
    Set<String> seenKeys = new HashSet<>();
    for (Map.Entry<Integer, PublicIdentity> e : committee.entrySet()) {
      int party = e.getKey();
      if (party < 1 || party > Committee.MAX_INDEX) {
        throw new IllegalArgumentException("party index out of range: " + party);
      }
      PublicIdentity id = e.getValue();
      // One key under two indices would let one operator speak as two parties.
      if (!seenKeys.add("s" + HexFormat.of().formatHex(id.signingKey()))
          || !seenKeys.add("a" + HexFormat.of().formatHex(id.agreementKey()))) {
        throw new IllegalArgumentException("party " + party + " reuses another member's key");
      }
      verificationKeys.put(party, Curve25519Keys.ed25519PublicKey(id.signingKey()));
      agreementKeys.put(party, Curve25519Keys.x25519PublicKey(id.agreementKey()));
    }
    if (!identity.publicIdentity().equals(committee.get(self))) {
      throw new IllegalArgumentException(
          "the committee's entry for party " + self + " is not this party's identity");
    }
    this.identity = identity;
    this.self = self;
    this.committee = Collections.unmodifiableSortedMap(new TreeMap<>(committee));
    this.random = random;
  }

  /** This party's index. */
  public int self() {
    return self;
  }

  /** Every member's public identity, by index. */
  public SortedMap<Integer, PublicIdentity> committee() {
    return committee;
  }

  /**
   * The bytes to publish for {@code message}: signed, and encrypted to the recipient if direct. A
   * direct message gets a fresh ephemeral key, so sealing it twice gives different bytes that open
   * to the same message.
   *
   * @throws IllegalArgumentException if the message is not from this party or its recipient is not
   *     a committee member
   */
  public byte[] seal(ProtocolMessage message) {
    if (message.from() != self) {
      throw new IllegalArgumentException(
          "party " + self + " cannot seal a message from party " + message.from());
    }
    byte[] sid = message.sessionId().bytes();
    byte[] content = content(message);
    if (message.isBroadcast()) {
      Envelope unsigned =
          new Envelope(
              Envelope.KIND_BROADCAST,
              sid,
              message.round(),
              self,
              ProtocolMessage.BROADCAST,
              new byte[0],
              content,
              new byte[0],
              new byte[0]);
      return sign(unsigned).encode();
    }
    int to = message.to();
    PublicKey recipientKey = agreementKeys.get(to);
    if (recipientKey == null) {
      throw new IllegalArgumentException("recipient " + to + " is not a committee member");
    }
    KeyPair ephemeral = Curve25519Keys.generateX25519(random);
    byte[] ephemeralRaw = Curve25519Keys.x25519Raw(ephemeral.getPublic());
    byte[] header = Envelope.header(Envelope.KIND_DIRECT, sid, message.round(), self, to);
    byte[] shared;
    try {
      shared = Curve25519Keys.agree(ephemeral.getPrivate(), recipientKey);
    } catch (InvalidKeyException e) {
      // Committee keys were validated (large order) at construction: this cannot be bad input.
      throw new IllegalStateException("X25519 agreement with a validated key failed", e);
    }
    byte[] plaintext = content;
    byte[] sealed;
    try {
      sealed =
          aesGcm(
              Cipher.ENCRYPT_MODE,
              shared,
              ephemeralRaw,
              committee.get(to).agreementKey(),
              header,
              plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    } finally {
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
    int bodyLength = sealed.length - Envelope.TAG_BYTES;
    Envelope unsigned =
        new Envelope(
            Envelope.KIND_DIRECT,
            sid,
            message.round(),
            self,
            to,
            ephemeralRaw,
            Arrays.copyOfRange(sealed, 0, bodyLength),
            Arrays.copyOfRange(sealed, bodyLength, sealed.length),
            new byte[0]);
    return sign(unsigned).encode();
  }

  /**
   * The origin signature followed by the payload: what an envelope carries (encrypted if direct).
   */
  private byte[] content(ProtocolMessage message) {
    byte[] payload = message.payload();
    byte[] origin = identity.sign(Origin.statement(message));
    byte[] out = Arrays.copyOf(origin, origin.length + payload.length);
    System.arraycopy(payload, 0, out, origin.length, payload.length);
    Arrays.fill(payload, (byte) 0);
    return out;
  }

  /** Whether {@code signature} is committee member {@code signer}'s origin signature. */
  @Override
  public boolean verify(int signer, byte[] statement, byte[] signature) {
    PublicKey key = verificationKeys.get(signer);
    return key != null
        && signature.length == Origin.SIGNATURE_BYTES
        && Curve25519Keys.verify(key, statement, signature);
  }

  private Envelope sign(Envelope unsigned) {
    return unsigned.withSignature(identity.sign(unsigned.signedBytes()));
  }

  /**
   * Authenticates (and, if direct, decrypts) bytes from the wire. Never throws for bad input: every
   * failure is an {@link Opened.Rejected} with its reason and, when the bytes carry a committee
   * member's valid signature, that member as culprit.
   */
  public Opened open(byte[] sealed) {
    return open(sealed, Optional.empty());
  }

  /**
   * Like {@link #open(byte[])}, but a validly signed message of another session is rejected as
   * {@link Opened.Reason#WRONG_SESSION} without a culprit. Use this when the consumer already knows
   * the session (e.g. from the record key): a replayed message of an old session is then dropped
   * here instead of making the session abort and blame its innocent sender.
   */
  public Opened open(byte[] sealed, SessionId expectedSession) {
    return open(sealed, Optional.of(expectedSession));
  }

  private Opened open(byte[] sealed, Optional<SessionId> expectedSession) {
    if (sealed.length == 0) {
      return reject(Opened.Reason.MALFORMED, "empty input");
    }
    int version = sealed[0] & 0xff;
    if (version != Envelope.VERSION) {
      return reject(Opened.Reason.UNKNOWN_VERSION, "envelope version " + version);
    }
    Envelope env;
    try {
      env = Envelope.decode(sealed);
    } catch (DecodingException e) {
      return reject(Opened.Reason.MALFORMED, e.getMessage());
    }
    int from = env.from();
    PublicKey senderKey = verificationKeys.get(from);
    if (senderKey == null) {
      return reject(Opened.Reason.UNKNOWN_SENDER, "claimed sender " + from);
    }
    // The signature comes first: until it verifies, every field is an unauthenticated claim.
    if (!Curve25519Keys.verify(senderKey, env.signedBytes(), env.signature())) {
      return reject(Opened.Reason.BAD_SIGNATURE, "not signed by party " + from);
    }
    Optional<String> invalid = invalidHeader(env);
    if (invalid.isPresent()) {
      return blame(Opened.Reason.INVALID_HEADER, from, invalid.get());
    }
    if (env.isDirect() && env.to() != self) {
      return reject(
          Opened.Reason.NOT_FOR_THIS_PARTY, "direct message from " + from + " to " + env.to());
    }
    SessionId sid = new SessionId(env.sessionId());
    if (expectedSession.isPresent() && !expectedSession.get().equals(sid)) {
      return reject(
          Opened.Reason.WRONG_SESSION, "message of session " + sid.hex() + " from party " + from);
    }
    byte[] content = env.body();
    if (env.isDirect()) {
      Optional<byte[]> decrypted = decrypt(env);
      if (decrypted.isEmpty()) {
        return blame(
            Opened.Reason.UNDECRYPTABLE,
            from,
            "round " + env.round() + " direct message from party " + from + " does not decrypt");
      }
      content = decrypted.get();
    }
    if (content.length < Origin.SIGNATURE_BYTES
        || content.length - Origin.SIGNATURE_BYTES > ProtocolMessage.MAX_PAYLOAD_BYTES) {
      return blame(
          Opened.Reason.BAD_ORIGIN_SIGNATURE, from, "content of " + content.length + " bytes");
    }
    byte[] origin = Arrays.copyOf(content, Origin.SIGNATURE_BYTES);
    byte[] payload = Arrays.copyOfRange(content, Origin.SIGNATURE_BYTES, content.length);
    ProtocolMessage message;
    try {
      message = new ProtocolMessage(sid, env.round(), from, env.to(), payload);
    } catch (IllegalArgumentException e) {
      // Unreachable after invalidHeader; kept so that a gap there still blames the signer.
      return blame(Opened.Reason.INVALID_HEADER, from, e.getMessage());
    }
    SignedMessage signed = new SignedMessage(message, origin);
    if (!verify(signed)) {
      return blame(
          Opened.Reason.BAD_ORIGIN_SIGNATURE,
          from,
          "round " + env.round() + " message from party " + from + " lacks its origin signature");
    }
    return new Opened.Message(signed);
  }

  /** What no honest sealer writes, given a valid signature. */
  private Optional<String> invalidHeader(Envelope env) {
    int length = env.sessionId().length;
    if (length < 16) {
      return Optional.of("session id of " + length + " bytes");
    }
    if (env.round() < 1) {
      return Optional.of("round 0");
    }
    if (!env.isDirect()) {
      return env.to() == ProtocolMessage.BROADCAST
          ? Optional.empty()
          : Optional.of("broadcast with recipient " + env.to());
    }
    if (env.to() == env.from() || !committee.containsKey(env.to())) {
      return Optional.of("direct message to " + env.to());
    }
    if (Curve25519Keys.fromLittleEndian(env.ephemeralKey()).compareTo(FIELD_PRIME) >= 0) {
      return Optional.of("non-canonical ephemeral key");
    }
    return Optional.empty();
  }

  /** The plaintext, or empty if the ciphertext is not what the header and key promise. */
  private Optional<byte[]> decrypt(Envelope env) {
    byte[] shared;
    try {
      shared = identity.agree(Curve25519Keys.x25519PublicKey(env.ephemeralKey()));
    } catch (InvalidKeyException e) {
      return Optional.empty(); // a small-order ephemeral key: the sender chose it
    }
    byte[] body = env.body();
    byte[] tag = env.tag();
    byte[] ciphertext = Arrays.copyOf(body, body.length + tag.length);
    System.arraycopy(tag, 0, ciphertext, body.length, tag.length);
    try {
      return Optional.of(
          aesGcm(
              Cipher.DECRYPT_MODE,
              shared,
              env.ephemeralKey(),
              identity.publicIdentity().agreementKey(),
              env.header(),
              ciphertext));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /**
   * AES-256-GCM under a key and nonce derived from the X25519 secret, bound to both public keys and
   * the header, with the header as associated data.
   */
  private static byte[] aesGcm(
      int mode,
      byte[] shared,
      byte[] ephemeralKey,
      byte[] recipientKey,
      byte[] header,
      byte[] input)
      throws GeneralSecurityException {
    byte[] info =
        new ByteWriter()
            .string(KDF_INFO)
            .raw(ephemeralKey)
            .raw(recipientKey)
            .bytes(header)
            .toByteArray();
    byte[] okm =
        Hkdf.derive(
            KDF_SALT.getBytes(StandardCharsets.UTF_8),
            shared,
            info,
            AES_KEY_BYTES + GCM_NONCE_BYTES);
    try {
      // The key is unique per message (fresh ephemeral key), so deriving the nonce with it is safe.
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          mode,
          new SecretKeySpec(okm, 0, AES_KEY_BYTES, "AES"),
          new GCMParameterSpec(Envelope.TAG_BYTES * 8, okm, AES_KEY_BYTES, GCM_NONCE_BYTES));
      cipher.updateAAD(header);
      return cipher.doFinal(input);
    } finally {
      Arrays.fill(okm, (byte) 0);
    }
  }

  private static Opened reject(Opened.Reason reason, String detail) {
    return new Opened.Rejected(reason, OptionalInt.empty(), detail);
  }

  private static Opened blame(Opened.Reason reason, int culprit, String detail) {
    return new Opened.Rejected(reason, OptionalInt.of(culprit), detail);
  }

  @Override
  public String toString() {
    return "SecureChannel[self=" + self + ", committee=" + committee.keySet() + "]";
  }
}
