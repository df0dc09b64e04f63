package io.tbridge.tss.keygen;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.RoundMessages;
import io.tbridge.tss.protocol.RoundSpec;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.zk.PiSch;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Distributed key generation without a dealer, t-of-n, as in the threshold keygen of the CGGMP21
 * (Lockness) specification: every party deals a Feldman VSS of a random polynomial of degree t−1;
 * the sum of all dealt polynomials shares the group key, which nobody ever holds.
 *
 * <ol>
 *   <li>Round 1 (broadcast, echoed in round 2): V_i = H(sid, i, rid_i, S_i, A_i, u_i), a hash
 *       commitment to the random string rid_i, the Feldman commitments S_i = (a_{i,k}·G)_{k<t}, the
 *       Schnorr commitment A_i and a blinding string u_i. Committing first stops a last party from
 *       choosing its polynomial after seeing the others (rogue-key attack).
 *   <li>Round 3: broadcast the opening (rid_i, S_i, A_i, u_i); send σ_{i,j} = f_i(j) to each P_j
 *       privately (the transport encrypts direct messages).
 *   <li>Round 4 (broadcast, echoed in round 5): after checking every opening against V_j and every
 *       received share against S_j (Feldman), compute rid = ⊕ rid_j, x_i = Σ_j σ_{j,i}, X_k = Σ_j
 *       F_j(k) for all k, and answer the Schnorr challenge e_i = H(sid, i, rid, X_i, A_i) with z_i
 *       = α_i + e_i·x_i: a proof that P_i knows its final share.
 *   <li>Output, after verifying every z_j: the {@link KeyShare}. Echoing round 4 makes every honest
 *       party see the same proofs, so either all honest parties finish or all abort.
 * </ol>
 *
 * Failed checks abort naming the party: {@code malformed-message}, {@code commitment-mismatch},
 * {@code feldman-vss}, {@code pi-sch}, plus the envelope and echo checks of {@link
 * RoundBasedSession}.
 */
public final class KeygenSession extends RoundBasedSession<KeyShare> {
  /** Domain tag of the round-1 hash commitment. */
  public static final String COMMIT_DOMAIN = "tbridge/cggmp21/keygen-commit/v1";

  /** Encoding version of every keygen payload. */
  public static final int VERSION = 1;

  static final int ROUND_COMMIT = 1;
  static final int ROUND_COMMIT_ECHO = 2;
  static final int ROUND_OPEN = 3;
  static final int ROUND_PROOF = 4;
  static final int ROUND_PROOF_ECHO = 5;

  private static final List<RoundSpec> ROUNDS =
      List.of(
          RoundSpec.broadcast(ROUND_COMMIT).echoedIn(ROUND_COMMIT_ECHO),
          RoundSpec.broadcastAndDirect(ROUND_OPEN),
          RoundSpec.broadcast(ROUND_PROOF).echoedIn(ROUND_PROOF_ECHO));

  private static final int RANDOM_BYTES = 32;
  private static final int HASH_BYTES = 32;

  private final Committee committee;
  private final SecureRandom random;

  // This party's secrets; dropped (set to null) as soon as they are no longer needed.
  private List<BigInteger> coefficients;
  private PiSch.Commitment schnorr;
  private BigInteger share;

  private byte[] ownOpening;
  private final Map<Integer, byte[]> commitments = new HashMap<>();
  private final Map<Integer, Opening> openings = new TreeMap<>();
  private final Map<Integer, ECPoint> publicShares = new TreeMap<>();
  private ECPoint publicKey;
  private byte[] rid;

  /** A party's opened round-1 commitment. */
  record Opening(byte[] rid, List<ECPoint> feldman, ECPoint schnorrCommitment, byte[] blinding) {}

  /**
   * Creates this party's side of a key generation and claims the session id.
   *
   * @param sessionId the id all committee members agreed on for this run
   * @param committee the parties and threshold of the key to create
   * @param self this party's index in the committee
   * @param registry where the id is claimed; a reused id is refused
   * @param random the source of every secret this party draws
   * @throws ProtocolAbort with check {@code session-id-reused} if this party already used the id
   */
  public KeygenSession(
      SessionId sessionId,
      Committee committee,
      int self,
      SessionRegistry registry,
      SecureRandom random)
      throws ProtocolAbort {
    super(sessionId, self, committee.parties(), ROUNDS, registry);
    this.committee = committee;
    this.random = random;
  }

  /**
   * As the five-argument constructor, first refusing a threshold {@code level} does not accept (t =
   * 1 at the production level), before the session id is claimed.
   *
   * @throws IllegalArgumentException if the committee's threshold is below {@link
   *     SecurityLevel#minimumThreshold()}
   */
  public KeygenSession(
      SessionId sessionId,
      Committee committee,
      int self,
      SessionRegistry registry,
      SecureRandom random,
      SecurityLevel level)
      throws ProtocolAbort {
    this(sessionId, thresholdChecked(committee, level), self, registry, random);
  }

  private static Committee thresholdChecked(Committee committee, SecurityLevel level) {
    level.requireThreshold(committee.threshold());
    return committee;
  }

  /** Drops the polynomial, the Schnorr mask and the share however the run ended. */
  @Override
  protected void dropSecrets() {
    coefficients = null;
    schnorr = null;
    share = null;
  }

  /** Whether any per-run secret is still held (tests: false once the session ended). */
  boolean holdsSecrets() {
    return coefficients != null || schnorr != null || share != null;
  }

  @Override
  protected List<ProtocolMessage> firstRound() {
    int t = committee.threshold();
    coefficients = new ArrayList<>(t);
    List<ECPoint> feldman = new ArrayList<>(t);
    for (int k = 0; k < t; k++) {
      BigInteger a = Secp256k1.randomScalar(random);
      coefficients.add(a);
      feldman.add(Secp256k1.mulG(a));
    }
    schnorr = PiSch.commit(random);
    Opening own = new Opening(randomBytes(), List.copyOf(feldman), schnorr.a(), randomBytes());
    ownOpening = encodeOpening(own);
    openings.put(self(), own);
    byte[] v = commitment(sessionId(), self(), ownOpening);
    return List.of(broadcast(ROUND_COMMIT, new ByteWriter().u8(VERSION).raw(v).toByteArray()));
  }

  @Override
  protected List<ProtocolMessage> onRound(RoundMessages messages) throws ProtocolAbort {
    return switch (messages.round()) {
      case ROUND_COMMIT -> onCommitments(messages);
      case ROUND_OPEN -> onOpenings(messages);
      case ROUND_PROOF -> onProofs(messages);
      default -> throw new IllegalStateException("unexpected round " + messages.round());
    };
  }

  private List<ProtocolMessage> onCommitments(RoundMessages messages) throws ProtocolAbort {
    for (int j : messages.senders()) {
      try {
        ByteReader r = versioned(messages.broadcast(j));
        byte[] v = r.raw(HASH_BYTES);
        r.end();
        commitments.put(j, v);
      } catch (DecodingException e) {
        throw malformed(j, "round-1 commitment", e);
      }
    }
    List<ProtocolMessage> out = new ArrayList<>();
    out.add(broadcast(ROUND_OPEN, ownOpening));
    for (int j : others()) {
      BigInteger sigma = evaluatePolynomial(coefficients, j);
      out.add(
          direct(
              ROUND_OPEN,
              j,
              new ByteWriter().u8(VERSION).raw(Secp256k1.encodeScalar(sigma)).toByteArray()));
    }
    return out;
  }

  private List<ProtocolMessage> onOpenings(RoundMessages messages) throws ProtocolAbort {
    int t = committee.threshold();
    BigInteger x = evaluatePolynomial(coefficients, self());
    // Broadcast checks first: every honest party holds the same openings, so these verdicts agree.
    for (int j : messages.senders()) {
      byte[] openingBytes = messages.broadcast(j);
      Opening opening;
      try {
        opening = decodeOpening(openingBytes, t);
      } catch (DecodingException e) {
        throw malformed(j, "round-3 opening", e);
      }
      if (!MessageDigest.isEqual(commitment(sessionId(), j, openingBytes), commitments.get(j))) {
        throw abort(j, "commitment-mismatch", "opening does not match the round-1 commitment");
      }
      openings.put(j, opening);
    }
    // Then the shares, which only this party sees: a failure is published as a complaint.
    for (int j : messages.senders()) {
      x = x.add(checkShare(j, self(), messages.direct(j)));
    }
    share = x.mod(Secp256k1.Q);
    coefficients = null;

    // Sum the dealt polynomials coefficient-wise, then evaluate once per party.
    List<ECPoint> sum = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      ECPoint acc = Secp256k1.CURVE.getInfinity();
      for (Opening o : openings.values()) {
        acc = acc.add(o.feldman().get(k));
      }
      sum.add(acc.normalize());
    }
    publicKey = sum.get(0);
    if (publicKey.isInfinity()) {
      throw abort(0, "group-key-identity", "the dealt constant terms sum to the identity");
    }
    for (int k : committee.parties()) {
      ECPoint xk = evaluateCommitments(sum, k);
      if (xk.isInfinity()) {
        throw abort(0, "public-share-identity", "public share of party " + k + " is the identity");
      }
      publicShares.put(k, xk);
    }
    if (share.signum() == 0 || !Secp256k1.mulG(share).equals(publicShares.get(self()))) {
      // All inputs were checked above, so this can only be a local fault.
      throw abort(0, "internal-error", "own share does not match own public share");
    }
    rid = new byte[RANDOM_BYTES];
    for (Opening o : openings.values()) {
      for (int b = 0; b < RANDOM_BYTES; b++) {
        rid[b] ^= o.rid()[b];
      }
    }
    BigInteger e = PiSch.challenge(sessionId(), self(), rid, publicShares.get(self()), schnorr.a());
    BigInteger z = PiSch.respond(schnorr, share, e);
    schnorr = null;
    return List.of(
        broadcast(
            ROUND_PROOF,
            new ByteWriter().u8(VERSION).raw(Secp256k1.encodeScalar(z)).toByteArray()));
  }

  /** The share dealer {@code from} sent party {@code to}, checked against its Feldman vector. */
  private BigInteger checkShare(int from, int to, byte[] payload) throws ProtocolAbort {
    BigInteger sigma;
    try {
      ByteReader r = versioned(payload);
      sigma = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
      r.end();
    } catch (DecodingException e) {
      throw malformedDirect(ROUND_OPEN, from, "round-3 share", e);
    }
    if (!Secp256k1.mulG(sigma).equals(evaluateCommitments(openings.get(from).feldman(), to))) {
      throw directFault(
          ROUND_OPEN,
          from,
          "feldman-vss",
          "the share sent to party " + to + " is not on its polynomial");
    }
    return sigma;
  }

  @Override
  protected void checkDirect(int round, int from, int to, byte[] payload) throws ProtocolAbort {
    if (round != ROUND_OPEN) {
      throw new IllegalStateException(
          "keygen has direct messages in round " + ROUND_OPEN + " only");
    }
    checkShare(from, to, payload);
  }

  private List<ProtocolMessage> onProofs(RoundMessages messages) throws ProtocolAbort {
    for (int j : messages.senders()) {
      BigInteger z;
      try {
        ByteReader r = versioned(messages.broadcast(j));
        z = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
        r.end();
      } catch (DecodingException e) {
        throw malformed(j, "round-4 proof", e);
      }
      ECPoint xj = publicShares.get(j);
      ECPoint aj = openings.get(j).schnorrCommitment();
      BigInteger e = PiSch.challenge(sessionId(), j, rid, xj, aj);
      if (!PiSch.verifyResponse(xj, aj, e, z)) {
        throw abort(j, "pi-sch", "Schnorr proof for its key share does not verify");
      }
    }
    KeyShare result = KeyShare.of(self(), committee, share, publicShares, publicKey);
    share = null;
    finish(result);
    return List.of();
  }

  /** H(tag, sid, party, opening): the round-1 commitment to an encoded opening. */
  static byte[] commitment(SessionId sessionId, int party, byte[] opening) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(
          new ByteWriter()
              .string(COMMIT_DOMAIN)
              .bytes(sessionId.bytes())
              .i32(party)
              .bytes(opening)
              .toByteArray());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  /** Opening encoding: u8 version, 32-byte rid, i32 t, t × 33-byte point, 33-byte A, 32-byte u. */
  static byte[] encodeOpening(Opening o) {
    ByteWriter w = new ByteWriter().u8(VERSION).raw(o.rid()).i32(o.feldman().size());
    o.feldman().forEach(p -> w.raw(Secp256k1.encode(p)));
    return w.raw(Secp256k1.encode(o.schnorrCommitment())).raw(o.blinding()).toByteArray();
  }

  static Opening decodeOpening(byte[] payload, int threshold) throws DecodingException {
    ByteReader r = versioned(payload);
    byte[] rid = r.raw(RANDOM_BYTES);
    int count = r.i32();
    if (count != threshold) {
      throw new DecodingException("expected " + threshold + " Feldman commitments, got " + count);
    }
    List<ECPoint> feldman = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      feldman.add(Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES)));
    }
    ECPoint a = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
    byte[] u = r.raw(RANDOM_BYTES);
    r.end();
    return new Opening(rid, List.copyOf(feldman), a, u);
  }

  private static ByteReader versioned(byte[] payload) throws DecodingException {
    ByteReader r = new ByteReader(payload);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown keygen payload version " + version);
    }
    return r;
  }

  /** f(x) = Σ a_k·x^k mod q (Horner). */
  static BigInteger evaluatePolynomial(List<BigInteger> coefficients, int x) {
    BigInteger bx = BigInteger.valueOf(x);
    BigInteger acc = BigInteger.ZERO;
    for (int k = coefficients.size() - 1; k >= 0; k--) {
      acc = acc.multiply(bx).add(coefficients.get(k)).mod(Secp256k1.Q);
    }
    return acc;
  }

  /** F(x) = Σ x^k·S_k (Horner over points). */
  static ECPoint evaluateCommitments(List<ECPoint> commitments, long x) {
    BigInteger bx = BigInteger.valueOf(x);
    ECPoint acc = Secp256k1.CURVE.getInfinity();
    for (int k = commitments.size() - 1; k >= 0; k--) {
      acc = acc.multiply(bx).add(commitments.get(k));
    }
    return acc.normalize();
  }

  private byte[] randomBytes() {
    byte[] b = new byte[RANDOM_BYTES];
    random.nextBytes(b);
    return b;
  }

  @Override
  public String toString() {
    return "KeygenSession[session="
        + sessionId().hex()
        + ", self="
        + self()
        + ", committee="
        + committee.parties()
        + ", t="
        + committee.threshold()
        + "]";
  }
}
