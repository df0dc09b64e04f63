package io.tbridge.signer.sign;

import io.tbridge.tss.sign.EcdsaSignature;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** How one signing attempt of a committee member ended. */
public sealed interface AttemptResult {

  /**
   * The combined signature (not yet checked against the group address).
   *
   * @param signature the signature
   * @param signers the committee that produced it
   */
  record Signed(EcdsaSignature signature, List<Integer> signers) implements AttemptResult {
    /** Validating constructor. */
    public Signed {
      Objects.requireNonNull(signature, "signature");
      signers = List.copyOf(signers);
    }
  }

  /**
   * The attempt failed. A culprit is a party a failed check proves faulty (excluded from later
   * attempts); suspects merely did not answer in time (the committee rotates, nobody is excluded).
   *
   * @param culprit the party a failed proof names, if any
   * @param suspects parties awaited at the deadline
   * @param check the failed check, or {@code timeout}
   */
  record Failed(OptionalInt culprit, Set<Integer> suspects, String check) implements AttemptResult {
    /** Validating constructor. */
    public Failed {
      Objects.requireNonNull(culprit, "culprit");
      suspects = Set.copyOf(suspects);
      Objects.requireNonNull(check, "check");
    }
  }
}
