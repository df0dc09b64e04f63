package io.tbridge.tss.auxinfo;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierPublicKey;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SafePrimes;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.RoundMessages;
import io.tbridge.tss.protocol.RoundSpec;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.zk.PiFac;
import io.tbridge.tss.zk.PiMod;
import io.tbridge.tss.zk.PiPrm;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The aux-info protocol (CGGMP21 "auxiliary info & key refresh" without the key-refresh part, as in
 * the LFDT-Lockness threshold specification): every party publishes a Paillier modulus N_i on safe
 * primes with ring-Pedersen parameters (N_i, s_i, t_i), and proves them well formed. Nothing is
 * stored until every proof of every other party has verified.
 *
 * <ol>
 *   <li>Round 1 (broadcast, echoed in round 2): V_i = SHA-256(tag, sid, i, body_i, u_i), a
 *       commitment to body_i = (N_i, s_i, t_i, Π-prm proof, ρ_i) with 32 random bytes u_i.
 *   <li>Round 3 (broadcast): body_i and u_i. Each receiver checks the commitment, the modulus size
 *       and Π-prm, then sets ρ = ρ_1 ⊕ … ⊕ ρ_n, which no party could bias because all were
 *       committed before any was seen.
 *   <li>Round 4 (direct, to each j): Π-mod for N_i and Π-fac for N_i under j's ring-Pedersen
 *       parameters, both bound to ρ. Each receiver verifies both and outputs {@link AuxInfo}.
 * </ol>
 *
 * <p>Every proof transcript also binds the session id, the prover, the security level and the
 * committee. Payloads: round 1 = u8 version, 32 raw bytes V_i; round 3 = u8 version, bytes body, 32
 * raw bytes u_i, where body = bigInt N, bigInt s, bigInt t, Π-prm, 32 raw bytes ρ_i; round 4 = u8
 * version, Π-mod, Π-fac. Failed checks abort naming the sender: {@code aux-commitment}, {@code
 * aux-modulus}, {@code aux-ring-pedersen}, {@code pi-prm}, {@code pi-mod}, {@code pi-fac}, or
 * {@code malformed-message}.
 */
public final class AuxInfoSession extends RoundBasedSession<AuxInfo> {
  /** Payload encoding version of every round. */
  public static final int VERSION = 1;

  /** Domain tag of the round-1 commitment hash. */
  public static final String COMMIT_DOMAIN = "tbridge/cggmp21/aux-commit/v1";

  private static final int ROUND_COMMIT = 1;
  private static final int ROUND_ECHO = 2;
  private static final int ROUND_DECOMMIT = 3;
  private static final int ROUND_PROOFS = 4;
  private static final int RANDOM_BYTES = 32;
  private static final int HASH_BYTES = 32;

  private final Committee committee;
  private final SecurityLevel level;
  private final PaillierSecretKey paillierKey;
  private final SecureRandom random;
  private final byte[] baseContext;

  private RingPedersenParams ownRingPedersen;
  private byte[] ownBody;
  private byte[] ownOpening;
  private byte[] ownRho;
  private final Map<Integer, byte[]> commitments = new HashMap<>();
  private final Map<Integer, RingPedersenParams> ringPedersen = new TreeMap<>();
  private byte[] proofContext;

  /**
   * Sets up party {@code self}'s side. {@code paillierKey} must be built from two distinct safe
   * primes of the level's size (take them from a {@link io.tbridge.tss.paillier.SafePrimePool});
   * this is checked, as is the committee membership. The session id is claimed in {@code registry}.
   */
  public AuxInfoSession(
      SessionId sessionId,
      int self,
      Committee committee,
      SecurityLevel level,
      PaillierSecretKey paillierKey,
      SecureRandom random,
      SessionRegistry registry)
      throws ProtocolAbort {
    super(
        sessionId,
        self,
        checkedBeforeClaim(committee, self, level, paillierKey).parties(),
        List.of(
            RoundSpec.broadcast(ROUND_COMMIT).echoedIn(ROUND_ECHO),
            RoundSpec.broadcast(ROUND_DECOMMIT),
            RoundSpec.direct(ROUND_PROOFS)),
        registry);
    this.committee = committee;
    this.level = level;
    this.paillierKey = paillierKey;
    this.random = random;
    ByteWriter ctx = new ByteWriter().string(level.name());
    committee.encodeTo(ctx);
    this.baseContext = ctx.toByteArray();
  }

  /** Every check of the arguments, run before the session id is claimed so a refusal keeps it. */
  private static Committee checkedBeforeClaim(
      Committee committee, int self, SecurityLevel level, PaillierSecretKey paillierKey) {
    if (!committee.contains(self)) {
      throw new IllegalArgumentException("party " + self + " is not in the committee");
    }
    level.requireThreshold(committee.threshold());
    if (!level.acceptsModulusSize(paillierKey.publicKey().n())) {
      throw new IllegalArgumentException(
          "Paillier modulus must have " + level.paillierBits() + " bits for " + level.name());
    }
    if (!SafePrimes.isSafePrime(paillierKey.p(), level.primeBits())
        || !SafePrimes.isSafePrime(paillierKey.q(), level.primeBits())) {
      throw new IllegalArgumentException("Paillier key must be built from safe primes");
    }
    return committee;
  }

  @Override
  protected List<ProtocolMessage> firstRound() {
    RingPedersenSetup setup = RingPedersenSetup.generate(paillierKey, random);
    ownRingPedersen = setup.params();
    PiPrm prm =
        PiPrm.prove(
            sessionId(),
            self(),
            baseContext,
            ownRingPedersen,
            setup.lambda(),
            paillierKey,
            level,
            random);
    ownRho = new byte[RANDOM_BYTES];
    random.nextBytes(ownRho);
    ownOpening = new byte[RANDOM_BYTES];
    random.nextBytes(ownOpening);
    ByteWriter body =
        new ByteWriter()
            .bigInt(ownRingPedersen.n())
            .bigInt(ownRingPedersen.s())
            .bigInt(ownRingPedersen.t());
    prm.encodeTo(body);
    body.raw(ownRho);
    ownBody = body.toByteArray();
    byte[] commitment = commitmentHash(sessionId(), self(), ownBody, ownOpening);
    return List.of(
        broadcast(ROUND_COMMIT, new ByteWriter().u8(VERSION).raw(commitment).toByteArray()));
  }

  @Override
  protected List<ProtocolMessage> onRound(RoundMessages messages) throws ProtocolAbort {
    return switch (messages.round()) {
      case ROUND_COMMIT -> onCommitments(messages);
      case ROUND_DECOMMIT -> onDecommitments(messages);
      case ROUND_PROOFS -> onProofs(messages);
      default -> throw new IllegalStateException("no round " + messages.round());
    };
  }

  private List<ProtocolMessage> onCommitments(RoundMessages messages) throws ProtocolAbort {
    for (int j : messages.senders()) {
      try {
        ByteReader r = new ByteReader(messages.broadcast(j));
        readVersion(r);
        commitments.put(j, r.raw(HASH_BYTES));
        r.end();
      } catch (DecodingException e) {
        throw malformed(j, "aux-info commitment", e);
      }
    }
    byte[] payload = new ByteWriter().u8(VERSION).bytes(ownBody).raw(ownOpening).toByteArray();
    return List.of(broadcast(ROUND_DECOMMIT, payload));
  }

  /** What party j revealed in round 3, decoded. */
  private record Decommitment(RingPedersenParams params, PiPrm proof, byte[] rho) {}

  private List<ProtocolMessage> onDecommitments(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, Decommitment> opened = new TreeMap<>();
    for (int j : messages.senders()) {
      byte[] body;
      byte[] opening;
      try {
        ByteReader r = new ByteReader(messages.broadcast(j));
        readVersion(r);
        body = r.bytes(ProtocolMessage.MAX_PAYLOAD_BYTES);
        opening = r.raw(RANDOM_BYTES);
        r.end();
      } catch (DecodingException e) {
        throw malformed(j, "aux-info decommitment", e);
      }
      if (!MessageDigest.isEqual(
          commitmentHash(sessionId(), j, body, opening), commitments.get(j))) {
        throw abort(j, "aux-commitment", "revealed values do not match the round-1 commitment");
      }
      opened.put(j, decodeBody(j, body));
    }
    // Π-prm is the expensive check (m exponentiations per party): verify all senders in parallel.
    verifyAll(
        messages.senders(),
        j -> {
          Decommitment d = opened.get(j);
          d.proof().verify(sessionId(), j, baseContext, d.params(), level);
        });
    byte[] rho = ownRho.clone();
    for (Decommitment d : opened.values()) {
      for (int k = 0; k < RANDOM_BYTES; k++) {
        rho[k] ^= d.rho()[k];
      }
    }
    opened.forEach((j, d) -> ringPedersen.put(j, d.params()));
    ringPedersen.put(self(), ownRingPedersen);
    proofContext = new ByteWriter().bytes(baseContext).raw(rho).toByteArray();

    PiMod mod = PiMod.prove(sessionId(), self(), proofContext, paillierKey, level, random);
    List<ProtocolMessage> out = new ArrayList<>();
    BigInteger n = paillierKey.publicKey().n();
    for (int j : messages.senders()) {
      PiFac fac =
          PiFac.prove(
              sessionId(),
              self(),
              j,
              proofContext,
              n,
              paillierKey.p(),
              paillierKey.q(),
              ringPedersen.get(j),
              level,
              random);
      ByteWriter w = new ByteWriter().u8(VERSION);
      mod.encodeTo(w);
      fac.encodeTo(w);
      out.add(direct(ROUND_PROOFS, j, w.toByteArray()));
    }
    return out;
  }

  private Decommitment decodeBody(int j, byte[] body) throws ProtocolAbort {
    BigInteger n;
    BigInteger s;
    BigInteger t;
    PiPrm proof;
    byte[] rho;
    try {
      ByteReader r = new ByteReader(body);
      n = r.bigInt(level.paillierBits());
      s = r.bigInt(level.paillierBits());
      t = r.bigInt(level.paillierBits());
      proof = PiPrm.decodeFrom(r, level);
      rho = r.raw(RANDOM_BYTES);
      r.end();
    } catch (DecodingException e) {
      throw malformed(j, "aux-info decommitment body", e);
    }
    if (!level.acceptsModulusSize(n) || !n.testBit(0)) {
      throw abort(
          j, "aux-modulus", "modulus is not an odd " + level.paillierBits() + "-bit number");
    }
    if (n.equals(paillierKey.publicKey().n())) {
      throw abort(j, "aux-modulus", "modulus copies ours");
    }
    try {
      return new Decommitment(new RingPedersenParams(n, s, t), proof, rho);
    } catch (IllegalArgumentException e) {
      throw abort(j, "aux-ring-pedersen", e.getMessage());
    }
  }

  private List<ProtocolMessage> onProofs(RoundMessages messages) throws ProtocolAbort {
    // Π-fac is made under our own parameters: we know N̂'s factors, so we verify by CRT.
    PaillierMath ownMath = PaillierMath.of(paillierKey);
    verifyAll(messages.senders(), j -> checkProofs(j, self(), messages.direct(j), ownMath));
    Map<Integer, PaillierPublicKey> paillier = new TreeMap<>();
    ringPedersen.forEach((j, rp) -> paillier.put(j, PaillierPublicKey.of(rp.n())));
    finish(AuxInfo.of(self(), committee, level, paillierKey, paillier, ringPedersen));
    return List.of();
  }

  /**
   * Checks the Π-mod and Π-fac that {@code from} sent {@code to}; only {@code to} receives them, so
   * a failure is a direct fault (published as a complaint in a signed run).
   *
   * @param verifierMath arithmetic modulo {@code to}'s ring-Pedersen modulus (by CRT for our own)
   */
  private void checkProofs(int from, int to, byte[] payload, PaillierMath verifierMath)
      throws ProtocolAbort {
    PiMod mod;
    PiFac fac;
    try {
      ByteReader r = new ByteReader(payload);
      readVersion(r);
      mod = PiMod.decodeFrom(r, level);
      fac = PiFac.decodeFrom(r, level);
      r.end();
    } catch (DecodingException e) {
      throw malformedDirect(ROUND_PROOFS, from, "aux-info proofs", e);
    }
    BigInteger nj = ringPedersen.get(from).n();
    try {
      mod.verify(sessionId(), from, proofContext, nj, level);
      fac.verify(
          sessionId(), from, to, proofContext, nj, ringPedersen.get(to), verifierMath, level);
    } catch (ProtocolAbort a) {
      throw directFault(ROUND_PROOFS, from, a.check(), a.getMessage());
    }
  }

  @Override
  protected void checkDirect(int round, int from, int to, byte[] payload) throws ProtocolAbort {
    if (round != ROUND_PROOFS) {
      throw new IllegalStateException("aux-info has direct messages in round 4 only");
    }
    // A judge does not know the recipient's factors: the public (slower) arithmetic.
    PaillierMath verifierMath = PaillierMath.of(PaillierPublicKey.of(ringPedersen.get(to).n()));
    checkProofs(from, to, payload, verifierMath);
  }

  private interface Check {
    void run(int party) throws ProtocolAbort;
  }

  /**
   * Runs {@code check} for every party, in parallel (the proofs are independent and CPU-bound), and
   * throws the abort of the lowest-indexed failing party so the outcome is deterministic.
   */
  private static void verifyAll(List<Integer> parties, Check check) throws ProtocolAbort {
    IntFunction<Optional<ProtocolAbort>> one =
        j -> {
          try {
            check.run(j);
            return Optional.empty();
          } catch (ProtocolAbort a) {
            return Optional.of(a);
          }
        };
    List<Optional<ProtocolAbort>> results =
        parties.parallelStream().map(j -> one.apply(j)).toList();
    for (Optional<ProtocolAbort> r : results) {
      if (r.isPresent()) {
        throw r.get();
      }
    }
  }

  /** V = SHA-256(tag, sid, party, body, opening) (package-private for tests playing a cheater). */
  static byte[] commitmentHash(SessionId sessionId, int party, byte[] body, byte[] opening) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(
          new ByteWriter()
              .string(COMMIT_DOMAIN)
              .bytes(sessionId.bytes())
              .i32(party)
              .bytes(body)
              .bytes(opening)
              .toByteArray());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  private static void readVersion(ByteReader r) throws DecodingException {
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown aux-info payload version " + version);
    }
  }

  @Override
  public String toString() {
    return "AuxInfoSession[session="
        + sessionId().hex()
        + ", self="
        + self()
        + ", parties="
        + Arrays.toString(committee.parties().toArray())
        + "]";
  }
}
