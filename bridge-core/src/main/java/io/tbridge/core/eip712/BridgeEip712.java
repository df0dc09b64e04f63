package io.tbridge.core.eip712;

import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import io.tbridge.core.Refund;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.Uint256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * EIP-712 hashing of the Bridge's typed data, computed here so a signer rebuilds the digest from
 * chain data itself instead of signing a hash handed to it. Must match the contract's {@code
 * hashRelease} / {@code hashReleaseBatch} / {@code hashRefund} bit for bit (checked against the
 * contract in the contracts module's integration test).
 */
public final class BridgeEip712 {
  /** encodeType of the domain. */
  public static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

  /** encodeType of a release. */
  public static final String RELEASE_TYPE =
      "Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address"
          + " recipient,uint256 amount)";

  /** encodeType of a batch: its own type followed by the referenced Release type. */
  public static final String RELEASE_BATCH_TYPE = "ReleaseBatch(Release[] releases)" + RELEASE_TYPE;

  /**
   * encodeType of a refund (paid on the deposit's source chain after its destination voided it).
   */
  public static final String REFUND_TYPE =
      "Refund(uint256 dstChainId,address dstBridge,uint256 nonce,address token,address to,uint256"
          + " amount)";

  /** keccak256 of {@link #DOMAIN_TYPE}. */
  public static final Hash32 DOMAIN_TYPEHASH = typeHash(DOMAIN_TYPE);

  /** keccak256 of {@link #RELEASE_TYPE}. */
  public static final Hash32 RELEASE_TYPEHASH = typeHash(RELEASE_TYPE);

  /** keccak256 of {@link #RELEASE_BATCH_TYPE}. */
  public static final Hash32 RELEASE_BATCH_TYPEHASH = typeHash(RELEASE_BATCH_TYPE);

  /** keccak256 of {@link #REFUND_TYPE}. */
  public static final Hash32 REFUND_TYPEHASH = typeHash(REFUND_TYPE);

  private static final byte[] NAME_HASH =
      Keccak256.hash(Eip712Domain.NAME.getBytes(StandardCharsets.UTF_8)).bytes();
  private static final byte[] VERSION_HASH =
      Keccak256.hash(Eip712Domain.VERSION.getBytes(StandardCharsets.UTF_8)).bytes();
  private static final byte[] PREFIX = {0x19, 0x01};

  private BridgeEip712() {}

  /** hashStruct of the domain. */
  public static Hash32 domainSeparator(Eip712Domain domain) {
    Objects.requireNonNull(domain, "domain");
    return Keccak256.hash(
        DOMAIN_TYPEHASH.bytes(),
        NAME_HASH,
        VERSION_HASH,
        Uint256.toWord(domain.chainId().toBigInteger()),
        domain.verifyingContract().toWord());
  }

  /** hashStruct of one release. */
  public static Hash32 structHash(Release release) {
    Objects.requireNonNull(release, "release");
    return Keccak256.hash(
        RELEASE_TYPEHASH.bytes(),
        Uint256.toWord(release.srcChainId().toBigInteger()),
        release.srcBridge().toWord(),
        Uint256.toWord(release.nonce()),
        release.token().toWord(),
        release.recipient().toWord(),
        Uint256.toWord(release.amount()));
  }

  /** hashStruct of a batch: the array is the keccak of its members' struct hashes in order. */
  public static Hash32 structHash(ReleaseBatch batch) {
    Objects.requireNonNull(batch, "batch");
    ByteArrayOutputStream members = new ByteArrayOutputStream(32 * batch.releases().size());
    for (Release release : batch.releases()) {
      members.writeBytes(structHash(release).bytes());
    }
    return Keccak256.hash(
        RELEASE_BATCH_TYPEHASH.bytes(), Keccak256.hash(members.toByteArray()).bytes());
  }

  /** hashStruct of one refund. */
  public static Hash32 structHash(Refund refund) {
    Objects.requireNonNull(refund, "refund");
    return Keccak256.hash(
        REFUND_TYPEHASH.bytes(),
        Uint256.toWord(refund.dstChainId().toBigInteger()),
        refund.dstBridge().toWord(),
        Uint256.toWord(refund.nonce()),
        refund.token().toWord(),
        refund.to().toWord(),
        Uint256.toWord(refund.amount()));
  }

  /**
   * The digest a group signature over {@code refund} for {@code domain} (the deposit's source
   * bridge) signs, as the contract's {@code hashRefund}.
   *
   * @throws IllegalArgumentException if the domain's chain is the refund's destination chain (a
   *     deposit is refunded on its source, never where it was voided)
   */
  public static Hash32 digest(Eip712Domain domain, Refund refund) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(refund, "refund");
    if (refund.dstChainId().equals(domain.chainId())) {
      throw new IllegalArgumentException(
          "a refund of a deposit to chain " + refund.dstChainId() + " cannot be paid there");
    }
    return Keccak256.hash(PREFIX, domainSeparator(domain).bytes(), structHash(refund).bytes());
  }

  /**
   * The digest a group signature over {@code payload} for {@code domain} signs: keccak256(0x19 0x01
   * ‖ domainSeparator ‖ hashStruct).
   *
   * @throws IllegalArgumentException if the payload cannot be paid out on the domain's chain (a
   *     batch for another chain, or a release from that same chain)
   */
  public static Hash32 digest(Eip712Domain domain, ReleasePayload payload) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(payload, "payload");
    Hash32 structHash;
    if (payload instanceof Release release) {
      if (release.srcChainId().equals(domain.chainId())) {
        throw new IllegalArgumentException(
            "a release from chain " + release.srcChainId() + " cannot be paid out there");
      }
      structHash = structHash(release);
    } else {
      ReleaseBatch batch = (ReleaseBatch) payload;
      if (!batch.dstChainId().equals(domain.chainId())) {
        throw new IllegalArgumentException(
            "batch for chain "
                + batch.dstChainId()
                + " cannot be signed for chain "
                + domain.chainId());
      }
      structHash = structHash(batch);
    }
    return Keccak256.hash(PREFIX, domainSeparator(domain).bytes(), structHash.bytes());
  }

  private static Hash32 typeHash(String type) {
    return Keccak256.hash(type.getBytes(StandardCharsets.UTF_8));
  }
}
