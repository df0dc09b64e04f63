package io.tbridge.tss.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignFixture;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignSessionTest {
  private static final List<Integer> SIGNERS = List.of(1, 2);
  private static final AtomicLong RUNS = new AtomicLong(100);
  private static final byte[] DIGEST = new byte[32];
  private static PresignFixture.Keys keys;

  static {
    for (int i = 0; i < 32; i++) {
      DIGEST[i] = (byte) (i * 7 + 1);
    }
  }

  @BeforeAll
  static void keys() {
    keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 11);
  }

  private static Map<Integer, Presignature> presign() {
    return PresignFixture.presign(keys, SIGNERS, RUNS.incrementAndGet());
  }

  private static SessionId sid() {
    return KeygenFixture.sessionId("sign-test", RUNS.incrementAndGet());
  }

  /** Party 2 rewrites its partial-signature payload. */
  private static LocalNetwork.Outcome<EcdsaSignature> signWithCheater(
      Map<Integer, Presignature> presignatures, UnaryOperator<byte[]> rewrite) throws Exception {
    Map<Integer, SignSession> sessions =
        SignFixture.sessions(presignatures, DIGEST, sid(), new InMemorySessionRegistry());
    return LocalNetwork.run(
        sessions,
        7,
        true,
        (m, recipient) ->
            m.from() == 2
                ? List.of(
                    ProtocolMessage.broadcast(
                        m.sessionId(), m.round(), m.from(), rewrite.apply(m.payload())))
                : List.of(m));
  }

  /** Replaces the last 32 bytes (σ) of a partial-signature payload. */
  private static byte[] withSigma(byte[] payload, BigInteger sigma) {
    byte[] out = payload.clone();
    byte[] raw = sigma.toByteArray();
    int len = Math.min(raw.length, 32);
    java.util.Arrays.fill(out, out.length - 32, out.length, (byte) 0);
    System.arraycopy(raw, raw.length - len, out, out.length - len, len);
    return out;
  }

  private static BigInteger sigmaOf(byte[] payload) {
    return new BigInteger(
        1, java.util.Arrays.copyOfRange(payload, payload.length - 32, payload.length));
  }

  @Test
  void shouldNameTheSignerWhosePartialSignatureIsWrong() throws Exception {
    var out =
        signWithCheater(
            presign(), p -> withSigma(p, sigmaOf(p).add(BigInteger.ONE).mod(Secp256k1.Q)));
    ProtocolAbort abort = out.aborts().get(1);
    assertThat(abort.check()).isEqualTo("partial-signature");
    assertThat(abort.culprit()).hasValue(2);
    assertThat(out.results()).doesNotContainKey(1);
  }

  @Test
  void shouldNameTheSignerWhoSignsAnotherDigest() throws Exception {
    var out =
        signWithCheater(
            presign(),
            p -> {
              byte[] q = p.clone();
              q[q.length - 33] ^= 1;
              return q;
            });
    assertThat(out.aborts().get(1).check()).isEqualTo("digest-mismatch");
    assertThat(out.aborts().get(1).culprit()).hasValue(2);
  }

  @Test
  void shouldNameTheSignerWhoSendsAMalformedOrOutOfRangePartial() throws Exception {
    var out = signWithCheater(presign(), p -> withSigma(p, Secp256k1.Q));
    assertThat(out.aborts().get(1).check()).isEqualTo("malformed-message");
    assertThat(out.aborts().get(1).culprit()).hasValue(2);
  }

  @Test
  void shouldNeverUseAPresignatureTwice() throws Exception {
    Map<Integer, Presignature> presignatures = presign();
    LocalNetwork.Outcome<EcdsaSignature> first = SignFixture.sign(presignatures, DIGEST, sid(), 1);
    assertThat(first.allFinished(2)).isTrue();
    byte[] otherDigest = DIGEST.clone();
    otherDigest[0] ^= 1;
    assertThatThrownBy(
            () ->
                new SignSession(
                    sid(), presignatures.get(1), otherDigest, new InMemorySessionRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already used");
    assertThatThrownBy(() -> presignatures.get(2).partialSign(BigInteger.TEN))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldConsumeThePresignatureEvenIfSigningNeverStarts() throws Exception {
    Map<Integer, Presignature> presignatures = presign();
    new SignSession(sid(), presignatures.get(1), DIGEST, new InMemorySessionRegistry());
    assertThat(presignatures.get(1).isUsed()).isTrue();
    assertThatThrownBy(
            () ->
                new SignSession(sid(), presignatures.get(1), DIGEST, new InMemorySessionRegistry()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseADigestThatIsNot32BytesOrAllZero() throws Exception {
    Map<Integer, Presignature> presignatures = presign();
    assertThatThrownBy(
            () ->
                new SignSession(
                    sid(), presignatures.get(1), new byte[31], new InMemorySessionRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SignSession(
                    sid(), presignatures.get(1), new byte[32], new InMemorySessionRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all-zero");
    assertThat(presignatures.get(1).isUsed()).isFalse();
  }

  @Test
  void aRefusedDigestShouldLeaveTheSessionIdFreeForACorrectRetry() throws Exception {
    Map<Integer, Presignature> presignatures = presign();
    SessionRegistry registry = new InMemorySessionRegistry();
    SessionId sid = sid();
    assertThatThrownBy(() -> new SignSession(sid, presignatures.get(1), new byte[32], registry))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignSession(sid, presignatures.get(1), new byte[33], registry))
        .isInstanceOf(IllegalArgumentException.class);

    var out = LocalNetwork.run(SignFixture.sessions(presignatures, DIGEST, sid, registry), 3);
    assertThat(out.aborts()).isEmpty();
    assertThat(out.results()).containsOnlyKeys(SIGNERS.toArray(Integer[]::new));
  }

  @Test
  void shouldGiveEveryPresigningRunAFreshNonce() {
    Map<Integer, Presignature> a = presign();
    Map<Integer, Presignature> b = presign();
    assertThat(a.get(1).r()).isNotEqualTo(b.get(1).r());
    assertThat(a.get(1).nonce()).isEqualTo(a.get(2).nonce());
  }

  @Test
  void shouldKeepSecretsOutOfToString() {
    Map<Integer, Presignature> presignatures = presign();
    String text = presignatures.get(1).toString();
    assertThat(text).contains("<redacted>");
    BigInteger sigma = presignatures.get(1).partialSign(BigInteger.ONE);
    // σ for m = 1 is k_1 + r·χ_1: neither it nor r·χ_1 may appear.
    assertThat(text).doesNotContain(sigma.toString()).doesNotContain(sigma.toString(16));
  }

  @Test
  void shouldEncodeOnlyValidSignatures() {
    BigInteger q = Secp256k1.Q;
    assertThatThrownBy(
            () -> new EcdsaSignature(BigInteger.ONE, q.shiftRight(1).add(BigInteger.ONE), 27))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("high-s");
    assertThatThrownBy(() -> new EcdsaSignature(BigInteger.ONE, BigInteger.ONE, 29))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EcdsaSignature(BigInteger.ZERO, BigInteger.ONE, 27))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] b = new EcdsaSignature(BigInteger.TWO, BigInteger.TEN, 28).toBytes65();
    assertThat(b).hasSize(65);
    assertThat(b[64]).isEqualTo((byte) 28);
    assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(b, 32, 64)))
        .isEqualTo(BigInteger.TEN);
  }
}
