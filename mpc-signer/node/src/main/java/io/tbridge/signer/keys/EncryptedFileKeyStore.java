package io.tbridge.signer.keys;

import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.channel.PartyIdentity;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.keygen.KeyShare;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A party's secrets in two files of a directory ({@code identity.enc}, {@code key-material.enc}),
 * each encrypted with AES-256-GCM under a key derived from the operator's passphrase with Argon2id.
 *
 * <p>File layout: magic {@code TBKS}, format version, item kind, key id, party index, Argon2id cost
 * and 16-byte salt, 12-byte nonce, then ciphertext and tag. Everything before the ciphertext is in
 * the clear so that a file of another party or key is named as such before any decryption, and all
 * of it, plus the protocol ("cggmp21"), the curve ("secp256k1") and the encoding version, is the
 * AEAD's associated data: changing any header byte, moving a file between slots or parties, or
 * editing the ciphertext makes decryption fail.
 */
public final class EncryptedFileKeyStore implements KeyShareStore {

  private static final byte[] MAGIC = "TBKS".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final String BINDING =
      "tbridge/keystore/v1|protocol=cggmp21|curve=secp256k1|encoding=1";
  private static final int KIND_IDENTITY = 1;
  private static final int KIND_MATERIAL = 2;
  private static final int SALT = 16;
  private static final int NONCE = 12;

  private final Path dir;
  private final String keyId;
  private final int party;
  private final byte[] wrappingKey;
  private final byte[] salt;
  private final KdfParams kdf;
  private final SecureRandom random;
  private final PartyIdentity identity;

  private EncryptedFileKeyStore(
      Path dir,
      String keyId,
      int party,
      byte[] wrappingKey,
      byte[] salt,
      KdfParams kdf,
      SecureRandom random,
      PartyIdentity identity) {
    this.dir = dir;
    this.keyId = keyId;
    this.party = party;
    this.wrappingKey = wrappingKey;
    this.salt = salt;
    this.kdf = kdf;
    this.random = random;
    this.identity = identity;
  }

  /**
   * Creates a new store in {@code dir} with a fresh identity for {@code party} of {@code keyId}.
   *
   * @throws KeyStoreException if a store already exists there
   */
  public static EncryptedFileKeyStore initialise(
      Path dir, String keyId, int party, char[] passphrase, KdfParams kdf, SecureRandom random) {
    Path file = dir.resolve("identity.enc");
    if (Files.exists(file)) {
      throw new KeyStoreException(
          "a key store already exists at " + dir + "; refusing to overwrite it");
    }
    requirePassphrase(passphrase);
    byte[] salt = new byte[SALT];
    random.nextBytes(salt);
    byte[] key = derive(passphrase, salt, kdf);
    PartyIdentity identity = PartyIdentity.generate(random);
    EncryptedFileKeyStore store =
        new EncryptedFileKeyStore(dir, keyId, party, key, salt, kdf, random, identity);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new KeyStoreException(
          "cannot create key store directory " + dir + ": " + e.getMessage());
    }
    byte[] secret = identity.exportSecret();
    try {
      store.write(KIND_IDENTITY, file, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    return store;
  }

  /**
   * Opens the store of {@code party} of {@code keyId} in {@code dir}.
   *
   * @param allowWeakKdf accept files whose Argon2id cost is below {@link KdfParams#FLOOR} (tests)
   * @throws KeyStoreException missing store, wrong passphrase, another party's or key's file,
   *     damage
   */
  public static EncryptedFileKeyStore open(
      Path dir,
      String keyId,
      int party,
      char[] passphrase,
      boolean allowWeakKdf,
      SecureRandom random) {
    Path file = dir.resolve("identity.enc");
    Header h = readHeader(file, KIND_IDENTITY, keyId, party, true).orElseThrow();
    if (!h.kdf.meetsFloor() && !allowWeakKdf) {
      throw new KeyStoreException(
          "key store "
              + file
              + " uses an Argon2id cost below the floor ("
              + h.kdf
              + "); re-encrypt it");
    }
    requirePassphrase(passphrase);
    byte[] key = derive(passphrase, h.salt, h.kdf);
    EncryptedFileKeyStore probe =
        new EncryptedFileKeyStore(dir, keyId, party, key, h.salt, h.kdf, random, null);
    byte[] secret = probe.decrypt(file, h);
    try {
      PartyIdentity identity = PartyIdentity.importSecret(secret);
      return new EncryptedFileKeyStore(dir, keyId, party, key, h.salt, h.kdf, random, identity);
    } catch (DecodingException | RuntimeException e) {
      throw new KeyStoreException("key store " + file + " holds no valid identity");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public PartyIdentity identity() {
    return identity;
  }

  @Override
  public Optional<KeyMaterial> keyMaterial() {
    Path file = dir.resolve("key-material.enc");
    Optional<Header> h = readHeader(file, KIND_MATERIAL, keyId, party, false);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    byte[] plain = decrypt(file, h.get());
    try {
      ByteBuffer b = ByteBuffer.wrap(plain);
      byte[] share = new byte[b.getInt()];
      b.get(share);
      byte[] aux = new byte[b.getInt()];
      b.get(aux);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes");
      }
      return Optional.of(new KeyMaterial(keyId, KeyShare.decode(share), AuxInfo.decode(aux)));
    } catch (DecodingException | RuntimeException e) {
      throw new KeyStoreException("key store " + file + " holds no valid key share and aux info");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public void storeKeyMaterial(KeyMaterial material) {
    Objects.requireNonNull(material, "material");
    if (!material.keyId().equals(keyId) || material.share().self() != party) {
      throw new IllegalArgumentException("key material of another key or party");
    }
    byte[] share = material.share().encode();
    byte[] aux = material.aux().encode();
    byte[] plain =
        ByteBuffer.allocate(8 + share.length + aux.length)
            .putInt(share.length)
            .put(share)
            .putInt(aux.length)
            .put(aux)
            .array();
    try {
      write(KIND_MATERIAL, dir.resolve("key-material.enc"), plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(share, (byte) 0);
      Arrays.fill(aux, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "EncryptedFileKeyStore[" + dir + ", key " + keyId + ", party " + party + "]";
  }

  private record Header(
      int kind,
      String keyId,
      int party,
      KdfParams kdf,
      byte[] salt,
      byte[] nonce,
      byte[] raw,
      int bodyOffset) {}

  private byte[] header(int kind, byte[] nonce) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + 1 + 1 + 1 + id.length + 4 + 4 + 4 + 1 + SALT + NONCE)
        .put(MAGIC)
        .put((byte) FORMAT)
        .put((byte) kind)
        .put((byte) id.length)
        .put(id)
        .putInt(party)
        .putInt(kdf.memoryKiB())
        .putInt(kdf.iterations())
        .put((byte) kdf.parallelism())
        .put(salt)
        .put(nonce)
        .array();
  }

  private void write(int kind, Path file, byte[] plain) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] head = header(kind, nonce);
    byte[] body = crypt(Cipher.ENCRYPT_MODE, nonce, aad(head), plain, file);
    AtomicFiles.write(
        file, ByteBuffer.allocate(head.length + body.length).put(head).put(body).array());
  }

  private byte[] decrypt(Path file, Header h) {
    byte[] body = Arrays.copyOfRange(h.raw, h.bodyOffset, h.raw.length);
    return crypt(Cipher.DECRYPT_MODE, h.nonce, aad(Arrays.copyOf(h.raw, h.bodyOffset)), body, file);
  }

  private static byte[] aad(byte[] header) {
    byte[] binding = BINDING.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(binding.length + header.length).put(binding).put(header).array();
  }

  private byte[] crypt(int mode, byte[] nonce, byte[] aad, byte[] in, Path file) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(wrappingKey, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new KeyStoreException(
          "wrong passphrase for key store "
              + file
              + " (party "
              + party
              + ", key "
              + keyId
              + "), or the file was altered");
    } catch (GeneralSecurityException e) {
      throw new KeyStoreException(
          "cannot use key store " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static Optional<Header> readHeader(
      Path file, int kind, String keyId, int party, boolean required) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new KeyStoreException(
            "no key store at " + file.getParent() + ": initialise it first");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new KeyStoreException("cannot read key store file " + file + ": " + e.getMessage());
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(raw);
      byte[] magic = new byte[4];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new KeyStoreException("key store file " + file + " is not a tbridge key store file");
      }
      int format = b.get() & 0xff;
      if (format != FORMAT) {
        throw new KeyStoreException(
            "key store file " + file + " has unknown format version " + format);
      }
      int fileKind = b.get() & 0xff;
      byte[] id = new byte[b.get() & 0xff];
      b.get(id);
      String fileKey = new String(id, StandardCharsets.UTF_8);
      int fileParty = b.getInt();
      KdfParams kdf = new KdfParams(b.getInt(), b.getInt(), b.get() & 0xff);
      byte[] salt = new byte[SALT];
      b.get(salt);
      byte[] nonce = new byte[NONCE];
      b.get(nonce);
      if (fileParty != party) {
        throw new KeyStoreException(
            "key store file " + file + " belongs to party " + fileParty + ", not party " + party);
      }
      if (!fileKey.equals(keyId)) {
        throw new KeyStoreException(
            "key store file " + file + " belongs to key " + fileKey + ", not key " + keyId);
      }
      if (fileKind != kind) {
        throw new KeyStoreException(
            "key store file " + file + " holds another kind of secret (moved between slots?)");
      }
      if (b.remaining() < 16) {
        throw new KeyStoreException("key store file " + file + " is truncated");
      }
      return Optional.of(
          new Header(fileKind, fileKey, fileParty, kdf, salt, nonce, raw, b.position()));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new KeyStoreException("key store file " + file + " is truncated or damaged");
    }
  }

  private static void requirePassphrase(char[] passphrase) {
    if (passphrase == null || passphrase.length < 12) {
      throw new KeyStoreException("the key store passphrase must have at least 12 characters");
    }
  }

  private static byte[] derive(char[] passphrase, byte[] salt, KdfParams kdf) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(kdf.memoryKiB())
            .withIterations(kdf.iterations())
            .withParallelism(kdf.parallelism())
            .withSalt(salt)
            .build());
    byte[] key = new byte[32];
    gen.generateBytes(passphrase, key);
    return key;
  }
}
