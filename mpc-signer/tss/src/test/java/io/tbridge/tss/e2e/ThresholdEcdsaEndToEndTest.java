package io.tbridge.tss.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignFixture;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.sign.EcRecover;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignFixture;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keygen → aux-info → presign → sign, all parties in one process, every message delivered in a
 * random order and twice. Each signature must verify with Bouncy Castle under the group key, be
 * low-s, and ecrecover (independently implemented) to the group's Ethereum address; different
 * signing subsets of one committee sign under the same key.
 */
class ThresholdEcdsaEndToEndTest {

  static Stream<Arguments> committees() {
    return Stream.of(
        Arguments.of(2, 3, List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3))),
        Arguments.of(3, 5, List.of(List.of(1, 2, 3), List.of(2, 4, 5))),
        Arguments.of(5, 9, List.of(List.of(2, 3, 5, 7, 9))));
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @MethodSource("committees")
  void shouldSignWithAnyThresholdSubsetSoThatBouncyCastleVerifiesAndEcrecoverGivesTheGroupAddress(
      int t, int n, List<List<Integer>> subsets) throws Exception {
    signWithEverySubset(t, n, subsets, SecurityLevel.TEST);
  }

  /**
   * The production modulus size, 2-of-3, once (the one 3072-bit run the CI budget allows: about 20
   * s, mostly aux-info).
   */
  @Test
  void shouldSignAtTheProductionModulusSize() throws Exception {
    signWithEverySubset(2, 3, List.of(List.of(1, 3)), SecurityLevel.PRODUCTION);
  }

  private static void signWithEverySubset(
      int t, int n, List<List<Integer>> subsets, SecurityLevel level) throws Exception {
    long seed = 1000L * t + n + (level.productionAllowed() ? 7 : 0);
    PresignFixture.Keys keys = PresignFixture.keys(t, n, level, seed);
    KeyShare any = keys.shares().get(1);
    int round = 0;
    for (List<Integer> signers : subsets) {
      round++;
      Map<Integer, Presignature> presignatures =
          PresignFixture.presign(keys, signers, seed * 10 + round);
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("transfer " + signers + " of " + t + "-of-" + n).getBytes());
      LocalNetwork.Outcome<EcdsaSignature> out =
          SignFixture.sign(
              presignatures, digest, KeygenFixture.sessionId("sign", seed * 10 + round), round);
      assertThat(out.aborts()).isEmpty();
      assertThat(out.results()).containsOnlyKeys(signers.toArray(Integer[]::new));
      EcdsaSignature sig = out.results().get(signers.get(0));
      assertThat(out.results().values()).allMatch(sig::equals);

      ECDSASigner verifier = new ECDSASigner();
      verifier.init(
          false,
          new ECPublicKeyParameters(
              any.publicKey(), new ECDomainParameters(Secp256k1.CURVE, Secp256k1.G, Secp256k1.Q)));
      assertThat(verifier.verifySignature(digest, sig.r(), sig.s())).isTrue();
      assertThat(sig.s()).isLessThanOrEqualTo(Secp256k1.Q.shiftRight(1));
      assertThat(sig.v()).isIn(27, 28);
      assertThat(EcRecover.address(digest, sig.v(), sig.r(), sig.s()))
          .isEqualTo(any.ethereumAddress().bytes());
      // The other parity recovers some other key: v really is the recovery id.
      assertThat(EcRecover.address(digest, 55 - sig.v(), sig.r(), sig.s()))
          .isNotEqualTo(any.ethereumAddress().bytes());
      assertThat(presignatures.values()).allMatch(Presignature::isUsed);
      assertThat(sig.r()).isNotEqualTo(BigInteger.ZERO);
    }
  }
}
