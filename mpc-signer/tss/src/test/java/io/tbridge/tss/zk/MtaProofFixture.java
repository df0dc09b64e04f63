package io.tbridge.tss.zk;

import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Two parties' key material for the MtA proofs (Π-enc, Π-aff-g, Π-log*): the prover's Paillier key
 * (fixture key 0) and the verifier's Paillier key with ring-Pedersen parameters on it (fixture key
 * 1), at the TEST level.
 */
final class MtaProofFixture {
  static final SecurityLevel LEVEL = SecurityLevel.TEST;
  static final int PROVER = 3;
  static final int VERIFIER = 5;
  static final SessionId SID = KeygenFixture.sessionId("mta-proofs", 1);
  static final SessionId OTHER_SID = KeygenFixture.sessionId("mta-proofs", 2);

  static final PaillierSecretKey PROVER_KEY = SafePrimeFixtures.paillierKey(LEVEL, 0);
  static final PaillierSecretKey VERIFIER_KEY = SafePrimeFixtures.paillierKey(LEVEL, 1);

  /** Prover's arithmetic with its factors (CRT), as the prover uses it. */
  static final PaillierMath PROVER_OWN = PaillierMath.of(PROVER_KEY);

  /** Prover's modulus as the verifier sees it. */
  static final PaillierMath PROVER_PUBLIC = PaillierMath.of(PROVER_KEY.publicKey());

  /** Verifier's arithmetic with its factors. */
  static final PaillierMath VERIFIER_OWN = PaillierMath.of(VERIFIER_KEY);

  /** Verifier's modulus as the prover sees it. */
  static final PaillierMath VERIFIER_PUBLIC = PaillierMath.of(VERIFIER_KEY.publicKey());

  /** The verifier's ring-Pedersen parameters (on its own modulus, as in aux-info). */
  static final RingPedersenParams RP =
      RingPedersenSetup.generate(VERIFIER_KEY, TestRandom.seeded(99)).params();

  private MtaProofFixture() {}

  /** Something that fails by aborting. */
  @FunctionalInterface
  interface Check {
    void run() throws ProtocolAbort;
  }

  /** Runs a check expected to abort, returning the abort. */
  static ProtocolAbort abortOf(Check check) {
    try {
      check.run();
    } catch (ProtocolAbort e) {
      return e;
    }
    throw new AssertionError("expected the check to abort");
  }

  /** Adapts a check to AssertJ. */
  static ThrowingCallable callable(Check check) {
    return check::run;
  }

  /** The mutation "add one". */
  static final UnaryOperator<BigInteger> PLUS_ONE = x -> x.add(BigInteger.ONE);
}
