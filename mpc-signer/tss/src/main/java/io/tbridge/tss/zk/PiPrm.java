package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Π-prm (CGGMP21, ring-Pedersen parameter proof): ring-Pedersen parameters are well formed, i.e. s
 * ∈ ⟨t⟩ mod N (the prover knows λ with s = t^λ). Without it a party could pick s outside the group
 * of t and learn the committed values of others' range proofs. Binary challenges, m repetitions,
 * soundness 2^-m.
 *
 * <p>For i = 1..m the prover samples a_i ∈ Z_φ(N) and sends A_i = t^a_i; for challenge bits e_i it
 * answers z_i = a_i + e_i·λ mod φ(N). The verifier checks t^z_i = A_i · s^e_i (mod N).
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover index, context bytes, N, s, t, A_1..m;
 * then m challenge bits.
 *
 * <p>Encoding: i32 m, m × bigInt A_i, i32 m, m × bigInt z_i.
 *
 * @param commitments A_1..A_m
 * @param responses z_1..z_m
 */
public record PiPrm(List<BigInteger> commitments, List<BigInteger> responses) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-prm/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-prm";

  /** Copies the lists. */
  public PiPrm {
    commitments = List.copyOf(commitments);
    responses = List.copyOf(responses);
  }

  /**
   * Proves s = t^λ for the ring-Pedersen parameters on the prover's own modulus (whose factors
   * {@code key} holds, so the exponentiations run by CRT).
   */
  public static PiPrm prove(
      SessionId sessionId,
      int prover,
      byte[] context,
      RingPedersenParams params,
      BigInteger lambda,
      PaillierSecretKey key,
      SecurityLevel level,
      SecureRandom random) {
    if (!params.n().equals(key.publicKey().n())) {
      throw new IllegalArgumentException("ring-Pedersen modulus and Paillier key differ");
    }
    BigInteger phi = key.phi();
    BigInteger p = key.p();
    BigInteger q = key.q();
    BigInteger pm1 = p.subtract(BigInteger.ONE);
    BigInteger qm1 = q.subtract(BigInteger.ONE);
    BigInteger tp = params.t().mod(p);
    BigInteger tq = params.t().mod(q);
    BigInteger qInvP = q.modInverse(p);
    int m = level.m();
    List<BigInteger> as = new ArrayList<>(m);
    List<BigInteger> commitments = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      BigInteger a = BigInts.randomBelow(phi, random);
      as.add(a);
      BigInteger ap = tp.modPow(a.mod(pm1), p);
      BigInteger aq = tq.modPow(a.mod(qm1), q);
      commitments.add(aq.add(ap.subtract(aq).multiply(qInvP).mod(p).multiply(q)));
    }
    boolean[] e = challenge(sessionId, prover, context, params, commitments, m);
    List<BigInteger> responses = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      responses.add(e[i] ? as.get(i).add(lambda).mod(phi) : as.get(i));
    }
    return new PiPrm(commitments, responses);
  }

  /** Verifies the proof for {@code params} claimed by {@code prover}; failures name the prover. */
  public void verify(
      SessionId sessionId,
      int prover,
      byte[] context,
      RingPedersenParams params,
      SecurityLevel level)
      throws ProtocolAbort {
    BigInteger n = params.n();
    int m = level.m();
    if (!level.acceptsModulusSize(n)) {
      throw fail(sessionId, prover, "modulus is not " + level.paillierBits() + " bits");
    }
    if (commitments.size() != m || responses.size() != m) {
      throw fail(
          sessionId,
          prover,
          "expected "
              + m
              + " commitments and responses, got "
              + commitments.size()
              + " and "
              + responses.size());
    }
    for (int i = 0; i < m; i++) {
      if (!BigInts.isUnit(commitments.get(i), n)) {
        throw fail(sessionId, prover, "commitment " + i + " is not a unit mod N");
      }
      BigInteger z = responses.get(i);
      if (z.signum() < 0 || z.compareTo(n) >= 0) {
        throw fail(sessionId, prover, "response " + i + " out of range [0, N)");
      }
    }
    boolean[] e = challenge(sessionId, prover, context, params, commitments, m);
    for (int i = 0; i < m; i++) {
      BigInteger lhs = params.t().modPow(responses.get(i), n);
      BigInteger rhs = e[i] ? commitments.get(i).multiply(params.s()).mod(n) : commitments.get(i);
      if (!lhs.equals(rhs)) {
        throw fail(sessionId, prover, "repetition " + i + ": t^z ≠ A·s^e");
      }
    }
  }

  /** Appends the encoding described in the class comment. */
  public void encodeTo(ByteWriter out) {
    out.bigInts(commitments).bigInts(responses);
  }

  /** Reads a proof with exactly {@code level.m()} commitments and responses. */
  public static PiPrm decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    List<BigInteger> a = in.bigInts(level.m(), level.paillierBits());
    List<BigInteger> z = in.bigInts(level.m(), level.paillierBits());
    return new PiPrm(a, z);
  }

  private static boolean[] challenge(
      SessionId sessionId,
      int prover,
      byte[] context,
      RingPedersenParams params,
      List<BigInteger> commitments,
      int m) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("context", context)
            .append("N", params.n())
            .append("s", params.s())
            .append("t", params.t());
    for (BigInteger a : commitments) {
      t.append("A", a);
    }
    return t.challengeBits(m);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiPrm[repetitions=" + commitments.size() + "]";
  }
}
