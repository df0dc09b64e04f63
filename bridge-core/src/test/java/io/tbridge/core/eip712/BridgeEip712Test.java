package io.tbridge.core.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import io.tbridge.core.Refund;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.Samples;
import io.tbridge.core.Uint256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Checks the hand-written hashing against web3j's generic EIP-712 encoder, which parses the type
 * definitions from JSON and knows nothing of our code. The contract itself is the second oracle
 * (contracts module integration test).
 */
class BridgeEip712Test {
  private static final Eip712Domain DOMAIN =
      Eip712Domain.of(ChainId.of(31338), Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  private static final String TYPES =
      """
      "types": {
        "EIP712Domain": [
          {"name": "name", "type": "string"},
          {"name": "version", "type": "string"},
          {"name": "chainId", "type": "uint256"},
          {"name": "verifyingContract", "type": "address"}
        ],
        "Release": [
          {"name": "srcChainId", "type": "uint256"},
          {"name": "srcBridge", "type": "address"},
          {"name": "nonce", "type": "uint256"},
          {"name": "token", "type": "address"},
          {"name": "recipient", "type": "address"},
          {"name": "amount", "type": "uint256"}
        ],
        "ReleaseBatch": [
          {"name": "releases", "type": "Release[]"}
        ]
      }
      """;

  private static String domainJson(Eip712Domain domain) {
    return """
        {"name": "Bridge", "version": "1", "chainId": %d, "verifyingContract": "%s"}
        """
        .formatted(domain.chainId().value(), domain.verifyingContract().toLowerHex());
  }

  private static String releaseJson(Release r) {
    return """
        {"srcChainId": %d, "srcBridge": "%s", "nonce": "%s", "token": "%s",
         "recipient": "%s", "amount": "%s"}
        """
        .formatted(
            r.srcChainId().value(),
            r.srcBridge().toChecksumHex(),
            r.nonce(),
            r.token().toLowerHex(),
            r.recipient().toChecksumHex(),
            r.amount());
  }

  private static byte[] web3jDigest(String primaryType, String message, Eip712Domain domain)
      throws Exception {
    String json =
        "{"
            + TYPES
            + ", \"primaryType\": \""
            + primaryType
            + "\", \"domain\": "
            + domainJson(domain)
            + ", \"message\": "
            + message
            + "}";
    return new StructuredDataEncoder(json).hashStructuredData();
  }

  private static Release release(long nonce, BigInteger amount) {
    Release base = Release.fromLock(Samples.lock(nonce));
    return new Release(
        base.srcChainId(), base.srcBridge(), base.nonce(), base.token(), base.recipient(), amount);
  }

  @Test
  void shouldUseTheArchitectureTypeStrings() {
    assertThat(BridgeEip712.RELEASE_TYPE)
        .isEqualTo(
            "Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,"
                + "address recipient,uint256 amount)");
    assertThat(BridgeEip712.RELEASE_BATCH_TYPE)
        .isEqualTo("ReleaseBatch(Release[] releases)" + BridgeEip712.RELEASE_TYPE);
    assertThat(BridgeEip712.RELEASE_TYPEHASH)
        .isEqualTo(Keccak256.hash(BridgeEip712.RELEASE_TYPE.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shouldMatchIndependentEncoderForRelease() throws Exception {
    Release release = release(7, new BigInteger("123456789012345678901234567890"));

    Hash32 ours = BridgeEip712.digest(DOMAIN, release);

    assertThat(ours.bytes()).isEqualTo(web3jDigest("Release", releaseJson(release), DOMAIN));
  }

  @Test
  void shouldMatchIndependentEncoderForExtremeValues() throws Exception {
    Release max =
        new Release(
            ChainId.of(Long.MAX_VALUE),
            Address.of("0xffffffffffffffffffffffffffffffffffffffff"),
            Uint256.MAX,
            Address.of("0x0000000000000000000000000000000000000001"),
            Address.of("0x8000000000000000000000000000000000000000"),
            Uint256.MAX);

    assertThat(BridgeEip712.digest(DOMAIN, max).bytes())
        .isEqualTo(web3jDigest("Release", releaseJson(max), DOMAIN));
  }

  @Test
  void shouldMatchIndependentEncoderForBatch() throws Exception {
    List<Release> releases =
        List.of(release(1, BigInteger.ONE), release(2, BigInteger.TEN), release(3, BigInteger.TWO));
    ReleaseBatch batch = ReleaseBatch.of(DOMAIN.chainId(), releases);
    String message =
        releases.stream()
            .map(BridgeEip712Test::releaseJson)
            .collect(Collectors.joining(",", "{\"releases\": [", "]}"));

    assertThat(BridgeEip712.digest(DOMAIN, batch).bytes())
        .isEqualTo(web3jDigest("ReleaseBatch", message, DOMAIN));
  }

  @Test
  void shouldMatchIndependentDomainSeparator() throws Exception {
    String json =
        "{"
            + TYPES
            + ", \"primaryType\": \"Release\", \"domain\": "
            + domainJson(DOMAIN)
            + ", \"message\": {}}";
    StructuredDataEncoder encoder = new StructuredDataEncoder(json);
    assertThat(BridgeEip712.domainSeparator(DOMAIN).bytes()).isEqualTo(encoder.hashDomain());
  }

  @Test
  void shouldBindDigestToChainAndContract() {
    Release release = release(1, BigInteger.ONE);
    Hash32 base = BridgeEip712.digest(DOMAIN, release);
    Eip712Domain otherChain = Eip712Domain.of(ChainId.of(1), DOMAIN.verifyingContract());
    Eip712Domain otherContract = Eip712Domain.of(DOMAIN.chainId(), Samples.address(77));

    assertThat(BridgeEip712.digest(otherChain, release)).isNotEqualTo(base);
    assertThat(BridgeEip712.digest(otherContract, release)).isNotEqualTo(base);
  }

  @Test
  void shouldChangeBatchDigestWithOrder() {
    Release a = release(1, BigInteger.ONE);
    Release b = release(2, BigInteger.ONE);
    assertThat(BridgeEip712.digest(DOMAIN, ReleaseBatch.of(DOMAIN.chainId(), List.of(a, b))))
        .isNotEqualTo(
            BridgeEip712.digest(DOMAIN, ReleaseBatch.of(DOMAIN.chainId(), List.of(b, a))));
  }

  @Test
  void shouldNotConfuseSingleReleaseWithBatchOfOne() {
    Release a = release(1, BigInteger.ONE);
    assertThat(BridgeEip712.digest(DOMAIN, a))
        .isNotEqualTo(BridgeEip712.digest(DOMAIN, ReleaseBatch.of(DOMAIN.chainId(), List.of(a))));
  }

  @Test
  void shouldRefuseBatchForAnotherChain() {
    ReleaseBatch batch = ReleaseBatch.of(ChainId.of(5), List.of(release(1, BigInteger.ONE)));
    assertThatThrownBy(() -> BridgeEip712.digest(DOMAIN, batch))
        .hasMessageContaining("cannot be signed for chain 31338");
  }

  @Test
  void shouldRefuseReleaseFromTheDomainChain() {
    Release release = release(1, BigInteger.ONE);
    Eip712Domain sourceAsDestination = Eip712Domain.of(release.srcChainId(), Samples.address(3));
    assertThatThrownBy(() -> BridgeEip712.digest(sourceAsDestination, release))
        .hasMessageContaining("cannot be paid out");
  }

  @Test
  void shouldRefuseZeroVerifyingContract() {
    assertThatThrownBy(() -> Eip712Domain.of(ChainId.of(1), Address.ZERO))
        .hasMessageContaining("zero address");
  }

  private static final String REFUND_TYPES =
      """
      "types": {
        "EIP712Domain": [
          {"name": "name", "type": "string"},
          {"name": "version", "type": "string"},
          {"name": "chainId", "type": "uint256"},
          {"name": "verifyingContract", "type": "address"}
        ],
        "Refund": [
          {"name": "dstChainId", "type": "uint256"},
          {"name": "dstBridge", "type": "address"},
          {"name": "nonce", "type": "uint256"},
          {"name": "token", "type": "address"},
          {"name": "to", "type": "address"},
          {"name": "amount", "type": "uint256"}
        ]
      }
      """;

  private static Refund refund(BigInteger amount) {
    return new Refund(
        ChainId.of(31337),
        Samples.address(5),
        BigInteger.valueOf(9),
        Samples.address(6),
        Samples.address(7),
        amount);
  }

  @Test
  void shouldMatchIndependentEncoderForRefund() throws Exception {
    Refund refund = refund(new BigInteger("123456789012345678901234567890"));
    String message =
        """
        {"dstChainId": %d, "dstBridge": "%s", "nonce": "%s", "token": "%s", "to": "%s",
         "amount": "%s"}
        """
            .formatted(
                refund.dstChainId().value(),
                refund.dstBridge().toChecksumHex(),
                refund.nonce(),
                refund.token().toLowerHex(),
                refund.to().toChecksumHex(),
                refund.amount());
    String json =
        "{"
            + REFUND_TYPES
            + ", \"primaryType\": \"Refund\", \"domain\": "
            + domainJson(DOMAIN)
            + ", \"message\": "
            + message
            + "}";

    assertThat(BridgeEip712.digest(DOMAIN, refund).bytes())
        .isEqualTo(new StructuredDataEncoder(json).hashStructuredData());
    assertThat(BridgeEip712.REFUND_TYPEHASH)
        .isEqualTo(Keccak256.hash(BridgeEip712.REFUND_TYPE.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shouldNotConfuseRefundWithReleaseOfTheSameWords() {
    Refund refund = refund(BigInteger.TEN);
    Release sameWords =
        new Release(
            refund.dstChainId(),
            refund.dstBridge(),
            refund.nonce(),
            refund.token(),
            refund.to(),
            refund.amount());
    assertThat(BridgeEip712.digest(DOMAIN, refund))
        .isNotEqualTo(BridgeEip712.digest(DOMAIN, sameWords));
  }

  @Test
  void shouldRefuseRefundOnTheDestinationChain() {
    Refund refund = refund(BigInteger.ONE);
    Eip712Domain destination = Eip712Domain.of(refund.dstChainId(), Samples.address(3));
    assertThatThrownBy(() -> BridgeEip712.digest(destination, refund))
        .hasMessageContaining("cannot be paid there");
  }

  @Test
  void shouldRefuseRefundWithZeroNonceAmountOrAddress() {
    assertThatThrownBy(() -> refund(BigInteger.ZERO)).hasMessageContaining("amount");
    assertThatThrownBy(
            () ->
                new Refund(
                    ChainId.of(1),
                    Samples.address(5),
                    BigInteger.ZERO,
                    Samples.address(6),
                    Samples.address(7),
                    BigInteger.ONE))
        .hasMessageContaining("nonce");
    assertThatThrownBy(
            () ->
                new Refund(
                    ChainId.of(1),
                    Samples.address(5),
                    BigInteger.ONE,
                    Samples.address(6),
                    Address.of("0x0000000000000000000000000000000000000000"),
                    BigInteger.ONE))
        .hasMessageContaining("must not be zero");
  }
}
