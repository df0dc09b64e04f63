package io.tbridge.signer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.fixtures.AuxInfoFixture;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.testing.KeygenFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileKeyStoreTest {
  private static final char[] PASS = "correct horse battery staple".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static Map<Integer, KeyShare> shares;
  private static Map<Integer, AuxInfo> aux;

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    Committee c = Committee.ofSize(2, 3);
    shares = KeygenFixture.generate(c, 7);
    aux = AuxInfoFixture.direct(c, SecurityLevel.TEST, 7);
  }

  private EncryptedFileKeyStore init(Path d, int party) {
    return EncryptedFileKeyStore.initialise(
        d, "devnet-1", party, PASS.clone(), KdfParams.forTests(), RANDOM);
  }

  private EncryptedFileKeyStore open(Path d, int party, char[] pass) {
    return EncryptedFileKeyStore.open(d, "devnet-1", party, pass, true, RANDOM);
  }

  @Test
  void identityAndKeyMaterialShouldRoundTrip() {
    EncryptedFileKeyStore s = init(dir, 2);
    assertThat(s.keyMaterial()).isEmpty();
    s.storeKeyMaterial(new KeyMaterial("devnet-1", shares.get(2), aux.get(2)));
    EncryptedFileKeyStore again = open(dir, 2, PASS.clone());
    assertThat(again.identity().publicIdentity()).isEqualTo(s.identity().publicIdentity());
    KeyMaterial m = again.keyMaterial().orElseThrow();
    assertThat(m.share().secretShare()).isEqualTo(shares.get(2).secretShare());
    assertThat(m.share().publicKey()).isEqualTo(shares.get(2).publicKey());
    assertThat(m.aux().paillierSecretKey().publicKey())
        .isEqualTo(aux.get(2).paillierSecretKey().publicKey());
  }

  @Test
  void aWrongPassphraseShouldBeOneClearLine() {
    init(dir, 2);
    assertThatThrownBy(() -> open(dir, 2, "not the passphrase at all".toCharArray()))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("wrong passphrase")
        .hasMessageContaining("party 2")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aMissingStoreAndAShortPassphraseShouldBeNamed() {
    assertThatThrownBy(() -> open(dir.resolve("nothing"), 2, PASS.clone()))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("no key store at");
    assertThatThrownBy(
            () ->
                EncryptedFileKeyStore.initialise(
                    dir, "devnet-1", 1, "short".toCharArray(), KdfParams.forTests(), RANDOM))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("at least 12");
  }

  @Test
  void aFileOfAnotherPartyOrKeyShouldBeNamedBeforeDecrypting() throws Exception {
    Path other = dir.resolve("p3");
    init(other, 3);
    Path mine = dir.resolve("p2");
    Files.createDirectories(mine);
    Files.copy(other.resolve("identity.enc"), mine.resolve("identity.enc"));
    assertThatThrownBy(() -> open(mine, 2, PASS.clone()))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("belongs to party 3, not party 2");
    assertThatThrownBy(
            () -> EncryptedFileKeyStore.open(other, "mainnet-1", 3, PASS.clone(), true, RANDOM))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("belongs to key devnet-1");
  }

  @Test
  void aFileMovedToAnotherSlotShouldBeRefused() throws Exception {
    EncryptedFileKeyStore s = init(dir, 1);
    s.storeKeyMaterial(new KeyMaterial("devnet-1", shares.get(1), aux.get(1)));
    Files.copy(
        dir.resolve("identity.enc"),
        dir.resolve("key-material.enc"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> open(dir, 1, PASS.clone()).keyMaterial())
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("another kind of secret");
  }

  @Test
  void everyTamperedByteShouldBeRefused() throws Exception {
    init(dir, 1);
    Path f = dir.resolve("identity.enc");
    byte[] good = Files.readAllBytes(f);
    for (int i = 0; i < good.length; i += 7) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      Files.write(f, bad);
      assertThatThrownBy(() -> open(dir, 1, PASS.clone()))
          .as("flipped byte %d", i)
          .isInstanceOf(KeyStoreException.class)
          .hasMessageNotContaining("\n");
    }
    Files.write(f, java.util.Arrays.copyOf(good, 20));
    assertThatThrownBy(() -> open(dir, 1, PASS.clone())).isInstanceOf(KeyStoreException.class);
  }

  @Test
  void weakCostsShouldBeRefusedUnlessAllowedAndSecretsNeverPrinted() {
    EncryptedFileKeyStore s = init(dir, 1);
    s.storeKeyMaterial(new KeyMaterial("devnet-1", shares.get(1), aux.get(1)));
    assertThatThrownBy(
            () -> EncryptedFileKeyStore.open(dir, "devnet-1", 1, PASS.clone(), false, RANDOM))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("below the floor");
    String secretHex = shares.get(1).secretShare().toString(16);
    KeyMaterial m = s.keyMaterial().orElseThrow();
    assertThat(m.toString() + s + s.identity())
        .doesNotContain(secretHex)
        .doesNotContain(new String(PASS));
    Throwable wrong =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> open(dir, 1, "wrong passphrase here".toCharArray()));
    assertThat(wrong.getMessage()).doesNotContain("wrong passphrase here");
  }

  @Test
  void productionCostsShouldMeetTheFloor() {
    assertThat(KdfParams.production().meetsFloor()).isTrue();
    assertThat(KdfParams.forTests().meetsFloor()).isFalse();
  }
}
