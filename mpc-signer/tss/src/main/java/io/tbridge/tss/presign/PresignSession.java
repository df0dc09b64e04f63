package io.tbridge.tss.presign;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExp;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.precompute.EncryptionNoise;
import io.tbridge.tss.precompute.ProofRandomness;
import io.tbridge.tss.precompute.ProofRandomnessPool;
import io.tbridge.tss.presign.PresignMessages.Identification;
import io.tbridge.tss.presign.PresignMessages.MtaCiphertexts;
import io.tbridge.tss.presign.PresignMessages.Round1Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round1Direct;
import io.tbridge.tss.presign.PresignMessages.Round3Direct;
import io.tbridge.tss.presign.PresignMessages.Round4Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round4Direct;
import io.tbridge.tss.presign.PresignMessages.Round6Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round6Direct;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.RoundMessages;
import io.tbridge.tss.protocol.RoundSpec;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiDec;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import io.tbridge.tss.zk.PiMul;
import io.tbridge.tss.zk.PiMulStar;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.bouncycastle.math.ec.ECPoint;

/**
 * CGGMP21 presigning (Fig. 7 of the paper) for a threshold key: the signing subset S (at least t
 * committee members) first turns its Shamir shares into additive ones, x'_i = λ_{i,S}·x_i with
 * public counterparts λ_{j,S}·X_j, then runs the three-round protocol among S. The result is a
 * {@link Presignature}: R = k⁻¹·G, k_i and χ_i with Σχ_i = k·x, usable for exactly one signature.
 *
 * <p>Rounds (numbers as carried in messages):
 *
 * <ol>
 *   <li>Each party samples k_i, γ_i, broadcasts K_i = Enc_i(k_i), G_i = Enc_i(γ_i) and a context
 *       digest, and sends each j a Π-enc proof for K_i under j's ring-Pedersen parameters.
 *   <li>Echo of round 1's broadcasts (reliable broadcast, {@link
 *       io.tbridge.tss.protocol.EchoBroadcast}).
 *   <li>Each party checks the Π-enc proofs, computes Γ_i = γ_i·G and for each j the two MtA
 *       ciphertexts D_{j,i} = K_j^γ_i·Enc_j(−β_{i,j}), F_{j,i} = Enc_i(−β_{i,j}) and D̂_{j,i} =
 *       K_j^x'_i·Enc_j(−β̂_{i,j}), F̂_{j,i} = Enc_i(−β̂_{i,j}) with β, β̂ ← ±2^ℓ', each with a
 *       Π-aff-g proof, plus a Π-log* proof that Γ_i matches G_i; all sent to j.
 *   <li>Each party checks those proofs, sets Γ = ΣΓ_j, Δ_i = k_i·Γ, decrypts α_{i,j} = dec(D_{i,j})
 *       and α̂_{i,j}, computes δ_i = γ_i·k_i + Σ(α_{i,j} + β_{i,j}) and χ_i = x'_i·k_i + Σ(α̂_{i,j}
 *       + β̂_{i,j}) mod q, broadcasts δ_i, Δ_i, S_i = χ_i·Γ and, per recipient j, a digest of the
 *       ciphertexts it sent j in round 3; it sends each j a Π-log* proof that Δ_i matches K_i.
 *   <li>Echo of round 4's broadcasts, so that every party reaches the same verdict on the sums
 *       below and later identifies from the same data.
 * </ol>
 *
 * Output: each party checks that the digest j committed to for it matches what j sent it in round 3
 * and the Π-log* proofs; then δ = Σδ_j must satisfy δ·G = ΣΔ_j and ΣS_j = δ·X (X the group key),
 * and R = δ⁻¹·Γ. Every failed proof or malformed message aborts naming its sender.
 *
 * <p>If a sum check fails, some party lied about δ_j or S_j, and the paper's identification step
 * runs (rounds 6 and its echo 7, only on this path): every party publishes the round-3 ciphertexts
 * it sent (checked against its round-4 digests) and proves, for the failed check only, that its
 * announced value is what those ciphertexts hold: for δ, H_i = Enc(k_i·γ_i) with Π-mul and Π-dec of
 * U_i = H_i·ΠD_{i,j}·ΠF_{j,i}⁻¹ against δ_i; for χ, Ĥ_i = Enc(k_i·x'_i) with Π-mul* and a wide
 * Π-log* of Û_i against S_i. It also re-proves each MtA it ran (Π-aff-g) to every third party, so a
 * pair of colluders cannot hide behind a proof only the accomplice saw. The first party, in index
 * order, whose identification data fails is named. Identification needs a plaintext bound of ℓ' + ε
 * + 10 bits inside the proofs' hiding margin, which the 3072-bit production level has and the
 * 2048-bit test level has not: at a level without it, a failed sum check aborts naming nobody.
 *
 * <p>Heavy per-counterparty work (proofs, MtA encryptions) runs on the injected {@link Executor};
 * each task gets its own child random source derived in a fixed order, so a seeded run is
 * reproducible however the tasks are scheduled.
 */
public final class PresignSession extends RoundBasedSession<Presignature> {
  /** Round 1: K_i, G_i and Π-enc. */
  public static final int ROUND_ENC = 1;

  /** Round 2: echo of round 1. */
  public static final int ROUND_ECHO = 2;

  /** Round 3: MtA ciphertexts, Π-aff-g and Π-log*. */
  public static final int ROUND_MTA = 3;

  /** Round 4: δ_i, Δ_i, S_i, round-3 digests and Π-log*. */
  public static final int ROUND_DELTA = 4;

  /** Round 5: echo of round 4. */
  public static final int ROUND_DELTA_ECHO = 5;

  /** Round 6: identification, only after a failed sum check. */
  public static final int ROUND_IDENTIFY = 6;

  /** Round 7: echo of round 6. */
  public static final int ROUND_IDENTIFY_ECHO = 7;

  /** Domain tag of the context digest every party broadcasts in round 1. */
  public static final String CONTEXT_DOMAIN = "tbridge/cggmp21/presign-context/v1";

  private static final List<RoundSpec> ROUNDS =
      List.of(
          RoundSpec.broadcastAndDirect(ROUND_ENC).echoedIn(ROUND_ECHO),
          RoundSpec.direct(ROUND_MTA),
          RoundSpec.broadcastAndDirect(ROUND_DELTA).echoedIn(ROUND_DELTA_ECHO),
          RoundSpec.broadcastAndDirect(ROUND_IDENTIFY).echoedIn(ROUND_IDENTIFY_ECHO));

  /** Test-only deviations of a dishonest party (package-private seam, never set in production). */
  enum Fault {
    /** Announce δ_i + 1 in round 4 and prove the true δ_i when identification runs. */
    LIE_ABOUT_DELTA,
    /** Announce S_i + G in round 4 and prove the true χ_i when identification runs. */
    LIE_ABOUT_S
  }

  private final SecurityLevel level;
  private final SecureRandom random;
  private final Executor executor;
  private final Optional<ProofRandomness> precomputed;
  private final ECPoint groupKey;
  private final PaillierSecretKey paillierKey;
  private final PaillierMath ownMath;
  private final RingPedersenParams ownRp;
  private final Map<Integer, PaillierMath> math = new HashMap<>();
  private final Map<Integer, RingPedersenParams> rp = new HashMap<>();
  private BigInteger additiveShare;
  private final Map<Integer, ECPoint> additivePublicShares = new HashMap<>();
  private final byte[] context;

  private BigInteger k;
  private BigInteger gamma;
  private BigInteger rho;
  private BigInteger nu;
  private BigInteger bigK;
  private BigInteger bigG;
  private ECPoint gammaPoint;
  private final Map<Integer, BigInteger> othersK = new HashMap<>();
  private final Map<Integer, BigInteger> othersG = new HashMap<>();
  private BigInteger betaSum;
  private BigInteger betaHatSum;
  private final Map<Integer, Mta> sentForDelta = new TreeMap<>();
  private final Map<Integer, Mta> sentForChi = new TreeMap<>();
  private final Map<Integer, Round3Direct> receivedMta = new TreeMap<>();
  private ECPoint bigGamma;
  private ECPoint bigDelta;
  private BigInteger delta;
  private BigInteger chi;
  private ECPoint bigS;
  private final Map<Integer, Round4Broadcast> announced = new TreeMap<>();
  private Identification identification;
  private Optional<Fault> fault = Optional.empty();

  /**
   * Sets up this party's side of presigning and claims the session id.
   *
   * @param sessionId the id all signers agreed on, fresh for every presigning run
   * @param share this party's key share
   * @param aux this party's aux info for the same committee
   * @param signers the signing subset: at least t committee members, this party included
   * @param registry where the session id is claimed (a reused id aborts)
   * @param random the randomness source (seeded in tests); the run's secrets are drawn from a
   *     stream hedged with this party's share and the session ({@link HedgedRandom}), so a repeated
   *     or cloned state of it does not repeat nonces
   * @param executor runs the per-counterparty computations (e.g. a pool over the machine's cores;
   *     {@code Runnable::run} runs them in the caller's thread). The calling thread blocks until
   *     its tasks are done, so the executor must not be the one whose threads call {@link #handle},
   *     or a saturated pool could wait on itself.
   * @throws IllegalArgumentException if the share, aux info and subset do not fit together
   * @throws ProtocolAbort if the session id was already used by this party
   */
  public PresignSession(
      SessionId sessionId,
      KeyShare share,
      AuxInfo aux,
      Collection<Integer> signers,
      SessionRegistry registry,
      SecureRandom random,
      Executor executor)
      throws ProtocolAbort {
    this(sessionId, share, aux, signers, registry, random, executor, Optional.empty());
  }

  /**
   * As the executor constructor, drawing the proofs' statement-independent randomness (encryption
   * noise, ring-Pedersen masks) from {@code precomputed}, e.g. a warm {@link
   * io.tbridge.tss.precompute.ProofRandomnessPool}; empty samples it inline from {@code random}.
   */
  public PresignSession(
      SessionId sessionId,
      KeyShare share,
      AuxInfo aux,
      Collection<Integer> signers,
      SessionRegistry registry,
      SecureRandom random,
      Executor executor,
      Optional<ProofRandomness> precomputed)
      throws ProtocolAbort {
    super(sessionId, share.self(), validSigners(share, aux, signers), ROUNDS, registry);
    this.level = aux.level();
    this.executor = executor;
    this.precomputed = precomputed;
    this.groupKey = share.publicKey();
    this.paillierKey = aux.paillierSecretKey();
    this.ownMath = PaillierMath.of(paillierKey);
    this.ownRp = aux.ringPedersen(self());
    List<Integer> subset = parties();
    for (int j : subset) {
      math.put(j, j == self() ? ownMath : PaillierMath.of(aux.paillierPublicKey(j)));
      rp.put(j, aux.ringPedersen(j));
      additivePublicShares.put(j, share.additivePublicShare(j, subset));
    }
    this.additiveShare = share.additiveShare(subset);
    this.context = contextDigest(sessionId, subset, groupKey, additivePublicShares, aux);
    // Every secret of the run comes from this hedged stream, not from the caller's RNG directly.
    this.random = HedgedRandom.of(random, share, sessionId, context);
  }

  /** Same as the full constructor, computing everything in the caller's thread. */
  public PresignSession(
      SessionId sessionId,
      KeyShare share,
      AuxInfo aux,
      Collection<Integer> signers,
      SessionRegistry registry,
      SecureRandom random)
      throws ProtocolAbort {
    this(sessionId, share, aux, signers, registry, random, Runnable::run);
  }

  /** Where a task with child random {@code rnd} draws proof randomness: the pool, else inline. */
  private ProofRandomness source(SecureRandom rnd) {
    return precomputed.orElseGet(() -> ProofRandomness.inline(rnd));
  }

  /**
   * Registers in {@code pool} every queue this party's presignatures among {@code signers} draw
   * from, deep enough for {@code presignatures} honest runs, so that a warm pool serves them
   * without a miss: per other signer j, four encryption noises under N_j (the two MtA ciphertexts D
   * and the two Π-aff-g A's), five (ℓ+ε, ℓ+ε) masks under j's ring-Pedersen parameters (Π-enc C,
   * two Π-log* D, two Π-aff-g E), two (ℓ'+ε, ℓ+ε) masks (Π-aff-g F), two split blindings (ℓ+64, ℓ)
   * (Π-aff-g S, whose witness may be the key share) and five ℓ-blindings (Π-enc S, two Π-log* S,
   * two Π-aff-g T); under the own key seven noises per j (Π-enc A, two Π-log* A, two F, two B_y)
   * plus two for K_i and G_i. The identification round, which runs only after a failed sum check,
   * draws more and is served by misses.
   *
   * @param pool the party's pool
   * @param aux this party's aux info
   * @param signers the signing subset these presignatures will be run among, this party included
   * @param presignatures how many runs the queues should cover
   */
  public static void preparePool(
      ProofRandomnessPool pool, AuxInfo aux, Collection<Integer> signers, int presignatures) {
    if (!signers.contains(aux.self()) || presignatures < 1) {
      throw new IllegalArgumentException("need this party among the signers and a positive depth");
    }
    SecurityLevel level = aux.level();
    int ell = level.ell();
    int eps = level.epsilon();
    int others = signers.size() - 1;
    pool.prepareNoise(PaillierMath.of(aux.paillierSecretKey()), presignatures * (2 + 7 * others));
    for (int j : signers) {
      if (j == aux.self()) {
        continue;
      }
      PaillierMath mj = PaillierMath.of(aux.paillierPublicKey(j));
      RingPedersenParams rpj = aux.ringPedersen(j);
      pool.prepareNoise(mj, presignatures * 4);
      pool.prepareCommitments(rpj, mj, ell + eps, ell + eps, presignatures * 5);
      pool.prepareCommitments(rpj, mj, level.ellPrime() + eps, ell + eps, presignatures * 2);
      pool.prepareCommitments(rpj, mj, ell + BigInts.BLINDING_BITS, ell, presignatures * 2);
      pool.prepareBlindings(rpj, mj, ell, presignatures * 5);
    }
  }

  /** Pool items one honest presignature among {@code signers} parties takes from each party. */
  public static int poolItemsPerPresignature(int signers) {
    int others = signers - 1;
    return 2 + 7 * others + (4 + 5 + 2 + 2 + 5) * others;
  }

  /**
   * The largest signing subset presigning supports at {@code level}: every message must fit {@link
   * ProtocolMessage#MAX_PAYLOAD_BYTES}, and the identification round's messages grow with the
   * subset (one published tuple per other signer, one Π-aff-g re-proof per third party). At a level
   * without identification the committee limit applies.
   */
  public static int maxSigners(SecurityLevel level) {
    if (!supportsIdentification(level)) {
      return Committee.MAX_PARTIES;
    }
    int yBits = identificationBits(level);
    int n = 2;
    while (n < Committee.MAX_PARTIES && fitsPayload(level, n + 1, yBits)) {
      n++;
    }
    return n;
  }

  private static boolean fitsPayload(SecurityLevel level, int signers, int yBits) {
    return PresignMessages.maxRound6DirectBytes(level, signers, yBits)
            <= ProtocolMessage.MAX_PAYLOAD_BYTES
        && PresignMessages.maxRound6BroadcastBytes(level, signers)
            <= ProtocolMessage.MAX_PAYLOAD_BYTES;
  }

  private static List<Integer> validSigners(
      KeyShare share, AuxInfo aux, Collection<Integer> signers) {
    if (share.self() != aux.self()) {
      throw new IllegalArgumentException("key share and aux info belong to different parties");
    }
    if (!share.committee().equals(aux.committee())) {
      throw new IllegalArgumentException("key share and aux info are for different committees");
    }
    List<Integer> subset = share.committee().signingSubset(signers);
    if (!subset.contains(share.self())) {
      throw new IllegalArgumentException("this party is not in the signing subset");
    }
    if (subset.size() < 2) {
      throw new IllegalArgumentException("presigning needs at least two signers");
    }
    int max = maxSigners(aux.level());
    if (subset.size() > max) {
      throw new IllegalArgumentException(
          "presigning among "
              + subset.size()
              + " signers is refused: its identification messages would exceed the "
              + ProtocolMessage.MAX_PAYLOAD_BYTES
              + "-byte payload limit; at most "
              + max
              + " signers at level "
              + aux.level().name());
    }
    return subset;
  }

  /**
   * Everything the signers must agree on besides the session id: the subset, the group key, the
   * additive public shares and every signer's Paillier and ring-Pedersen parameters. A party that
   * runs with different inputs is caught in round 1 instead of failing a proof later.
   */
  private static byte[] contextDigest(
      SessionId sid,
      List<Integer> subset,
      ECPoint groupKey,
      Map<Integer, ECPoint> publicShares,
      AuxInfo aux) {
    ByteWriter w =
        new ByteWriter()
            .string(CONTEXT_DOMAIN)
            .bytes(sid.bytes())
            .string(aux.level().name())
            .raw(Secp256k1.encode(groupKey))
            .i32(subset.size());
    for (int j : subset) {
      RingPedersenParams r = aux.ringPedersen(j);
      w.i32(j)
          .raw(Secp256k1.encode(publicShares.get(j)))
          .bigInt(aux.paillierPublicKey(j).n())
          .bigInt(r.n())
          .bigInt(r.s())
          .bigInt(r.t());
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  @Override
  protected List<ProtocolMessage> firstRound() throws ProtocolAbort {
    BigInteger n = ownMath.n();
    k = Secp256k1.randomScalar(random);
    gamma = Secp256k1.randomScalar(random);
    EncryptionNoise kNoise = source(random).encryptionNoise(ownMath);
    EncryptionNoise gNoise = source(random).encryptionNoise(ownMath);
    rho = kNoise.r();
    nu = gNoise.r();
    bigK = kNoise.encrypt(ownMath, k);
    bigG = gNoise.encrypt(ownMath, gamma);

    List<Integer> others = others();
    List<Parallel.Task<PiEnc>> tasks = new ArrayList<>();
    for (int j : others) {
      SecureRandom child = SplitRandom.from(random, "pi-enc/" + j);
      tasks.add(
          () ->
              PiEnc.prove(
                  sessionId(),
                  self(),
                  j,
                  ownMath,
                  bigK,
                  k,
                  rho,
                  rp.get(j),
                  math.get(j),
                  level,
                  source(child)));
    }
    List<PiEnc> proofs = Parallel.run(executor, tasks);

    List<ProtocolMessage> out = new ArrayList<>();
    out.add(broadcast(ROUND_ENC, new Round1Broadcast(context, bigK, bigG).encode()));
    for (int idx = 0; idx < others.size(); idx++) {
      out.add(direct(ROUND_ENC, others.get(idx), new Round1Direct(proofs.get(idx)).encode()));
    }
    return out;
  }

  @Override
  protected List<ProtocolMessage> onRound(RoundMessages messages) throws ProtocolAbort {
    return switch (messages.round()) {
      case ROUND_ENC -> onEncryptions(messages);
      case ROUND_MTA -> onMta(messages);
      case ROUND_DELTA -> onDelta(messages);
      case ROUND_IDENTIFY -> onIdentification(messages);
      default -> throw new IllegalStateException("unexpected round " + messages.round());
    };
  }

  /** Round 1 in: check Π-enc for every K_j, then run both MtAs with every j. */
  private List<ProtocolMessage> onEncryptions(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, PiEnc> proofs = new HashMap<>();
    for (int j : messages.senders()) {
      Round1Broadcast b;
      try {
        b = Round1Broadcast.decode(messages.broadcast(j), level);
      } catch (DecodingException e) {
        throw malformed(j, "presign round 1", e);
      }
      if (!Arrays.equals(b.context(), context)) {
        throw abort(
            j,
            "presign-context",
            "party " + j + " runs presigning with a different signer set, key or aux info");
      }
      PaillierMath mj = math.get(j);
      if (!mj.isCiphertext(b.bigK()) || !mj.isCiphertext(b.bigG())) {
        throw abort(j, "invalid-ciphertext", "K or G is not in Z*_{N²}");
      }
      othersK.put(j, b.bigK());
      othersG.put(j, b.bigG());
    }
    // The direct Π-enc only after every broadcast check, so those verdicts come first everywhere.
    for (int j : messages.senders()) {
      proofs.put(j, decodeRound1Direct(j, messages.direct(j)));
    }
    // One batch: the checks first (so a failure is reported before anything else), then this
    // party's MtA work for every j. Nothing computed here leaves the party unless every check
    // passed.
    List<Parallel.Task<Object>> tasks = new ArrayList<>();
    for (int j : messages.senders()) {
      tasks.add(
          () -> {
            verifyEnc(j, self(), proofs.get(j), ownRp, ownMath);
            return null;
          });
    }
    int checks = tasks.size();
    gammaPoint = Secp256k1.mulG(gamma);
    List<Integer> others = others();
    for (int j : others) {
      SecureRandom deltaRandom = SplitRandom.from(random, "mta-delta/" + j);
      SecureRandom chiRandom = SplitRandom.from(random, "mta-chi/" + j);
      SecureRandom logRandom = SplitRandom.from(random, "log-gamma/" + j);
      tasks.add(() -> mta(j, gamma, gammaPoint, deltaRandom));
      tasks.add(() -> mta(j, additiveShare, additivePublicShares.get(self()), chiRandom));
      tasks.add(
          () ->
              PiLogStar.prove(
                  sessionId(),
                  self(),
                  j,
                  ownMath,
                  bigG,
                  Secp256k1.G,
                  gammaPoint,
                  gamma,
                  nu,
                  rp.get(j),
                  math.get(j),
                  level,
                  source(logRandom)));
    }
    List<Object> results;
    try {
      results = Parallel.run(executor, tasks);
    } catch (ProtocolAbort a) {
      // Only the Π-enc checks can fail with a culprit (the rest is this party's own work).
      throw directFault(ROUND_ENC, a);
    }

    betaSum = BigInteger.ZERO;
    betaHatSum = BigInteger.ZERO;
    List<ProtocolMessage> out = new ArrayList<>();
    for (int idx = 0; idx < others.size(); idx++) {
      Mta forDelta = (Mta) results.get(checks + 3 * idx);
      Mta forChi = (Mta) results.get(checks + 3 * idx + 1);
      PiLogStar log = (PiLogStar) results.get(checks + 3 * idx + 2);
      betaSum = betaSum.add(forDelta.beta());
      betaHatSum = betaHatSum.add(forChi.beta());
      // Kept for the identification round: the third-party re-proofs need the witnesses.
      sentForDelta.put(others.get(idx), forDelta);
      sentForChi.put(others.get(idx), forChi);
      Round3Direct msg =
          new Round3Direct(
              gammaPoint,
              forDelta.d(),
              forDelta.f(),
              forChi.d(),
              forChi.f(),
              forDelta.proof(),
              forChi.proof(),
              log);
      out.add(direct(ROUND_MTA, others.get(idx), msg.encode()));
    }
    return out;
  }

  /**
   * One MtA as the sender: D = K_j^x·Enc_j(−β; s), F = Enc_i(−β; r), the Π-aff-g proof, and the
   * witness (x, s, r) a re-proof to a third party needs.
   */
  private record Mta(
      BigInteger x,
      BigInteger beta,
      BigInteger s,
      BigInteger r,
      BigInteger d,
      BigInteger f,
      PiAffG proof) {
    @Override
    public String toString() {
      return "Mta[<redacted>]";
    }
  }

  private Mta mta(int j, BigInteger x, ECPoint xPoint, SecureRandom rnd) {
    PaillierMath mj = math.get(j);
    BigInteger beta = BigInts.randomSigned(level.ellPrime(), rnd);
    BigInteger y = beta.negate();
    EncryptionNoise sNoise = source(rnd).encryptionNoise(mj);
    EncryptionNoise rNoise = source(rnd).encryptionNoise(ownMath);
    BigInteger s = sNoise.r();
    BigInteger r = rNoise.r();
    BigInteger kj = othersK.get(j);
    // x is γ_i or the key share x'_i, which meets every counterparty in every presigning: the
    // power K_j^x is split into two fresh exponents so that modPow never walks x itself.
    BigInteger kx = mj.powModNSquaredSplit(kj, x, level.ell(), rnd);
    BigInteger d = kx.multiply(sNoise.encrypt(mj, y)).mod(mj.nSquared());
    BigInteger f = rNoise.encrypt(ownMath, y);
    PiAffG proof =
        PiAffG.prove(
            sessionId(),
            self(),
            j,
            new PiAffG.Statement(mj, ownMath, kj, d, f, xPoint),
            new PiAffG.Witness(x, y, s, r),
            rp.get(j),
            mj,
            level,
            source(rnd));
    return new Mta(x, beta, s, r, d, f, proof);
  }

  /** The round-3 ciphertexts this party sent {@code j}. */
  private MtaCiphertexts sentCiphertexts(int j) {
    Mta forDelta = sentForDelta.get(j);
    Mta forChi = sentForChi.get(j);
    return new MtaCiphertexts(gammaPoint, forDelta.d(), forDelta.f(), forChi.d(), forChi.f());
  }

  /** Round 3 in: check every MtA and Γ_j, derive δ_i, χ_i, Δ_i, prove Δ_i. */
  private List<ProtocolMessage> onMta(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, Round3Direct> in = new TreeMap<>();
    for (int j : messages.senders()) {
      in.put(j, decodeRound3Direct(j, messages.direct(j)));
    }
    ECPoint sum = gammaPoint;
    for (Round3Direct m : in.values()) {
      sum = sum.add(m.gammaPoint());
    }
    bigGamma = sum.normalize();
    boolean degenerate = bigGamma.isInfinity();
    if (!degenerate) {
      bigDelta = Secp256k1.mulSecret(bigGamma, k);
    }

    // One batch: every check first, then (unless Γ is degenerate) the Π-log* proofs for Δ_i,
    // which are only sent if all checks pass.
    List<Parallel.Task<Object>> tasks = new ArrayList<>();
    for (int j : messages.senders()) {
      Round3Direct m = in.get(j);
      tasks.add(
          () -> {
            verifyMta(j, self(), m, bigK, ownRp, ownMath);
            return null;
          });
    }
    int checks = tasks.size();
    List<Integer> others = others();
    if (!degenerate) {
      for (int j : others) {
        SecureRandom child = SplitRandom.from(random, "log-delta/" + j);
        tasks.add(
            () ->
                PiLogStar.prove(
                    sessionId(),
                    self(),
                    j,
                    ownMath,
                    bigK,
                    bigGamma,
                    bigDelta,
                    k,
                    rho,
                    rp.get(j),
                    math.get(j),
                    level,
                    source(child)));
      }
      // The decryptions join the batch too (≈ 18 ms each with blinding); they come after the
      // checks in task order, so a check failure is what gets reported.
      for (Round3Direct m : in.values()) {
        tasks.add(() -> paillierKey.decryptSigned(m.d()));
        tasks.add(() -> paillierKey.decryptSigned(m.dHat()));
      }
    }
    List<Object> results;
    try {
      results = Parallel.run(executor, tasks);
    } catch (ProtocolAbort a) {
      // Only the checks of the round-3 messages can fail with a culprit.
      throw directFault(ROUND_MTA, a);
    }
    if (degenerate) {
      // Every Γ_j is proven to be dec(G_j)·G, and the G_j were fixed in round 1: Γ = 0 needs
      // Σγ_j = 0, which happens with negligible probability.
      throw abort(0, "degenerate-nonce", "Γ is the identity");
    }

    BigInteger q = Secp256k1.Q;
    BigInteger alphaSum = BigInteger.ZERO;
    BigInteger alphaHatSum = BigInteger.ZERO;
    int decryptions = checks + others.size();
    for (int idx = 0; idx < in.size(); idx++) {
      alphaSum = alphaSum.add((BigInteger) results.get(decryptions + 2 * idx));
      alphaHatSum = alphaHatSum.add((BigInteger) results.get(decryptions + 2 * idx + 1));
    }
    delta = gamma.multiply(k).add(alphaSum).add(betaSum).mod(q);
    chi = additiveShare.multiply(k).add(alphaHatSum).add(betaHatSum).mod(q);
    bigS = Secp256k1.mulSecret(bigGamma, chi);

    receivedMta.putAll(in);

    SortedMap<Integer, byte[]> digests = new TreeMap<>();
    for (int j : others) {
      digests.put(j, sentCiphertexts(j).digest(sessionId(), self(), j));
    }
    BigInteger announcedDelta = delta;
    ECPoint announcedS = bigS;
    if (fault.equals(Optional.of(Fault.LIE_ABOUT_DELTA))) {
      announcedDelta = delta.add(BigInteger.ONE).mod(q);
    } else if (fault.equals(Optional.of(Fault.LIE_ABOUT_S))) {
      announcedS = bigS.add(Secp256k1.G).normalize();
    }
    Round4Broadcast own = new Round4Broadcast(announcedDelta, bigDelta, announcedS, digests);
    announced.put(self(), own);

    List<ProtocolMessage> out = new ArrayList<>();
    out.add(broadcast(ROUND_DELTA, own.encode()));
    for (int idx = 0; idx < others.size(); idx++) {
      PiLogStar proof = (PiLogStar) results.get(checks + idx);
      out.add(direct(ROUND_DELTA, others.get(idx), new Round4Direct(proof).encode()));
    }
    return out;
  }

  /**
   * Round 4 in (after its echo): check each sender's digest of what it sent this party in round 3
   * and its Δ_j proof, then δ and the S_j; output the presignature or start identification.
   */
  private PiEnc decodeRound1Direct(int from, byte[] payload) throws ProtocolAbort {
    try {
      return Round1Direct.decode(payload, level).psi0();
    } catch (DecodingException e) {
      throw malformedDirect(ROUND_ENC, from, "presign round 1 direct", e);
    }
  }

  private Round3Direct decodeRound3Direct(int from, byte[] payload) throws ProtocolAbort {
    try {
      return Round3Direct.decode(payload, level);
    } catch (DecodingException e) {
      throw malformedDirect(ROUND_MTA, from, "presign round 3", e);
    }
  }

  /** Π-enc of {@code from}'s K for verifier {@code to}, under {@code to}'s ring-Pedersen setup. */
  private void verifyEnc(
      int from, int to, PiEnc proof, RingPedersenParams toRp, PaillierMath toMath)
      throws ProtocolAbort {
    proof.verify(sessionId(), from, to, math.get(from), kOf(from), toRp, toMath, level);
  }

  /** The three proofs of {@code from}'s round-3 message to {@code to} (whose K is {@code toK}). */
  private void verifyMta(
      int from,
      int to,
      Round3Direct m,
      BigInteger toK,
      RingPedersenParams toRp,
      PaillierMath toMath)
      throws ProtocolAbort {
    PaillierMath mj = math.get(from);
    m.psi()
        .verify(
            sessionId(),
            from,
            to,
            new PiAffG.Statement(toMath, mj, toK, m.d(), m.f(), m.gammaPoint()),
            toRp,
            toMath,
            level);
    m.psiHat()
        .verify(
            sessionId(),
            from,
            to,
            new PiAffG.Statement(
                toMath, mj, toK, m.dHat(), m.fHat(), additivePublicShares.get(from)),
            toRp,
            toMath,
            level);
    m.psiPrime()
        .verify(
            sessionId(), from, to, mj, gOf(from), Secp256k1.G, m.gammaPoint(), toRp, toMath, level);
  }

  private BigInteger kOf(int party) {
    return party == self() ? bigK : othersK.get(party);
  }

  private BigInteger gOf(int party) {
    return party == self() ? bigG : othersG.get(party);
  }

  /**
   * A judge's rerun of the round-1 Π-enc or round-3 MtA checks of a message another party
   * complained about, with the recipient's public Paillier arithmetic (no CRT). The round-4 Π-log*
   * is not judged here: its statement uses Γ, which a cheater can make differ between parties (the
   * identification round catches that), so a judge's inputs may not be the complainer's; its
   * failure stays a local abort.
   */
  @Override
  protected void checkDirect(int round, int from, int to, byte[] payload) throws ProtocolAbort {
    PaillierMath toMath = to == self() ? ownMath : math.get(to);
    RingPedersenParams toRp = rp.get(to);
    try {
      switch (round) {
        case ROUND_ENC -> verifyEnc(from, to, decodeRound1Direct(from, payload), toRp, toMath);
        case ROUND_MTA ->
            verifyMta(from, to, decodeRound3Direct(from, payload), kOf(to), toRp, toMath);
        default -> {
          // No check of a round-4 or round-6 direct message raises a complaint, so one about
          // them is false: returning names the complainer.
        }
      }
    } catch (ProtocolAbort a) {
      throw directFault(round, a);
    }
  }

  private List<ProtocolMessage> onDelta(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, Round4Broadcast> in = new TreeMap<>();
    Map<Integer, PiLogStar> proofs = new HashMap<>();
    for (int j : messages.senders()) {
      try {
        in.put(j, Round4Broadcast.decode(messages.broadcast(j)));
        proofs.put(j, Round4Direct.decode(messages.direct(j), level).psiDoublePrime());
      } catch (DecodingException e) {
        throw malformed(j, "presign round 4", e);
      }
    }
    for (Map.Entry<Integer, Round4Broadcast> e : in.entrySet()) {
      int j = e.getKey();
      if (!e.getValue().sentDigests().keySet().equals(othersOf(j))) {
        throw abort(j, "round3-commitment", "party " + j + " committed to the wrong recipients");
      }
      byte[] expected = receivedMta.get(j).ciphertexts().digest(sessionId(), j, self());
      if (!Arrays.equals(e.getValue().digestFor(self()).orElseThrow(), expected)) {
        throw abort(
            j,
            "round3-commitment",
            "party " + j + " committed to other round-3 ciphertexts than it sent this party");
      }
    }
    announced.putAll(in);
    List<Parallel.Task<Void>> checks = new ArrayList<>();
    for (int j : messages.senders()) {
      checks.add(
          () -> {
            proofs
                .get(j)
                .verify(
                    sessionId(),
                    j,
                    self(),
                    math.get(j),
                    othersK.get(j),
                    bigGamma,
                    in.get(j).bigDelta(),
                    ownRp,
                    ownMath,
                    level);
            return null;
          });
    }
    Parallel.run(executor, checks);

    BigInteger q = Secp256k1.Q;
    BigInteger deltaSum = BigInteger.ZERO;
    ECPoint deltaPoints = Secp256k1.CURVE.getInfinity();
    ECPoint sPoints = Secp256k1.CURVE.getInfinity();
    for (Round4Broadcast b : announced.values()) {
      deltaSum = deltaSum.add(b.delta());
      deltaPoints = deltaPoints.add(b.bigDelta());
      sPoints = sPoints.add(b.bigS());
    }
    deltaSum = deltaSum.mod(q);
    if (deltaSum.signum() == 0 || !Secp256k1.mulG(deltaSum).equals(deltaPoints.normalize())) {
      return identify(Identification.DELTA, "delta-consistency", "δ·G ≠ ΣΔ_j");
    }
    if (!Secp256k1.mulPublic(groupKey, deltaSum).equals(sPoints.normalize())) {
      return identify(Identification.CHI, "chi-consistency", "ΣS_j ≠ δ·X");
    }
    BigInteger deltaInv = deltaSum.modInverse(q);
    ECPoint bigR = Secp256k1.mulPublic(bigGamma, deltaInv);
    Map<Integer, ECPoint> kTimesR = new TreeMap<>();
    Map<Integer, ECPoint> chiTimesR = new TreeMap<>();
    for (Map.Entry<Integer, Round4Broadcast> e : announced.entrySet()) {
      kTimesR.put(e.getKey(), Secp256k1.mulPublic(e.getValue().bigDelta(), deltaInv));
      chiTimesR.put(e.getKey(), Secp256k1.mulPublic(e.getValue().bigS(), deltaInv));
    }
    finish(
        new Presignature(
            sessionId(), self(), parties(), groupKey, bigR, k, chi, kTimesR, chiTimesR));
    return List.of();
  }

  /** Every party of this run except {@code j}. */
  private Set<Integer> othersOf(int j) {
    Set<Integer> set = new java.util.TreeSet<>(parties());
    set.remove(j);
    return set;
  }

  /**
   * The plaintext bound of U_i and Û_i: |α + β| per counterparty stays below 2^(ℓ'+ε+1) given the
   * Π-aff-g ranges (with their slack), k_i·γ_i below 2^(2ℓ), and up to 254 counterparties add 8
   * bits; 10 bits cover it.
   */
  static int identificationBits(SecurityLevel level) {
    return level.ellPrime() + level.epsilon() + 10;
  }

  /**
   * Whether {@code level} leaves the Π-dec and wide Π-log* room to hide the identification data.
   */
  static boolean supportsIdentification(SecurityLevel level) {
    int bits = identificationBits(level);
    return bits <= PiDec.maxPlaintextBits(level) && bits <= PiLogStar.maxPlaintextBits(level);
  }

  /**
   * A sum check failed: at a level that supports it, publish this party's round-3 ciphertexts and
   * prove its announced value (round 6); otherwise abort naming nobody.
   */
  private List<ProtocolMessage> identify(Identification mode, String check, String what)
      throws ProtocolAbort {
    if (!supportsIdentification(level)) {
      throw abort(
          0,
          check,
          what
              + ": some party lied about its share; naming it needs the identification round,"
              + " which the "
              + level.name()
              + " level's modulus is too small for");
    }
    identification = mode;
    int yBits = identificationBits(level);
    BigInteger n = ownMath.n();
    BigInteger n2 = ownMath.nSquared();
    SecureRandom productRandom = SplitRandom.from(random, "identify/product");
    BigInteger productRho = BigInts.randomUnit(n, productRandom);
    BigInteger secret = mode == Identification.DELTA ? gamma : additiveShare;
    BigInteger base = mode == Identification.DELTA ? bigG : bigK;
    // H_i = G_i^k_i·ρ^N encrypts k_i·γ_i; Ĥ_i = K_i^x'_i·ρ^N encrypts k_i·x'_i.
    BigInteger product =
        ownMath
            .powModNSquaredSplit(
                base, mode == Identification.DELTA ? k : additiveShare, level.ell(), productRandom)
            .multiply(ownMath.nthPower(productRho))
            .mod(n2);
    Optional<PiMul> productProof =
        mode == Identification.DELTA
            ? Optional.of(
                PiMul.prove(
                    sessionId(),
                    self(),
                    ownMath,
                    bigK,
                    bigG,
                    product,
                    k,
                    rho,
                    productRho,
                    level,
                    productRandom))
            : Optional.empty();

    // U_i = H_i·Π_j D_{i,j}·Π_j F_{j,i}⁻¹ decrypts, over the integers, to the δ_i (or χ_i) this
    // party computed in round 4, before the reduction mod q.
    BigInteger sum = combined(product, self(), mode, receivedD(mode), sentF(mode));
    BigInteger y = paillierKey.decryptSigned(sum);
    BigInteger truth = mode == Identification.DELTA ? delta : chi;
    if (!BigInts.inSignedRange(y, yBits) || !y.mod(Secp256k1.Q).equals(truth)) {
      // Impossible unless a counterparty's Π-aff-g was accepted on a false statement.
      throw abort(0, "identification-inconclusive", "own identification plaintext out of bounds");
    }
    BigInteger sumRho = randomnessOf(sum, y);

    SortedMap<Integer, MtaCiphertexts> published = new TreeMap<>();
    for (int j : others()) {
      published.put(j, sentCiphertexts(j));
    }
    List<ProtocolMessage> out = new ArrayList<>();
    out.add(
        broadcast(
            ROUND_IDENTIFY, new Round6Broadcast(mode, published, product, productProof).encode()));

    ECPoint ownPoint = mode == Identification.DELTA ? gammaPoint : additivePublicShares.get(self());
    Map<Integer, Mta> sent = mode == Identification.DELTA ? sentForDelta : sentForChi;
    List<Parallel.Task<Round6Direct>> tasks = new ArrayList<>();
    for (int l : others()) {
      SecureRandom rnd = SplitRandom.from(random, "identify/" + l);
      tasks.add(
          () -> {
            SortedMap<Integer, PiAffG> reproofs = new TreeMap<>();
            for (int m : others()) {
              if (m == l) {
                continue;
              }
              Mta mta = sent.get(m);
              PaillierMath mm = math.get(m);
              reproofs.put(
                  m,
                  PiAffG.prove(
                      sessionId(),
                      self(),
                      l,
                      new PiAffG.Statement(mm, ownMath, othersK.get(m), mta.d(), mta.f(), ownPoint),
                      new PiAffG.Witness(secret, mta.beta().negate(), mta.s(), mta.r()),
                      rp.get(l),
                      math.get(l),
                      level,
                      source(rnd)));
            }
            if (mode == Identification.DELTA) {
              PiDec dec =
                  PiDec.prove(
                      sessionId(),
                      self(),
                      l,
                      ownMath,
                      sum,
                      delta,
                      yBits,
                      y,
                      sumRho,
                      rp.get(l),
                      math.get(l),
                      level,
                      source(rnd));
              return new Round6Direct(
                  mode, Optional.of(dec), Optional.empty(), Optional.empty(), reproofs);
            }
            PiMulStar mulStar =
                PiMulStar.prove(
                    sessionId(),
                    self(),
                    l,
                    ownMath,
                    bigK,
                    product,
                    ownPoint,
                    additiveShare,
                    productRho,
                    rp.get(l),
                    math.get(l),
                    level,
                    source(rnd));
            PiLogStar wide =
                PiLogStar.prove(
                    sessionId(),
                    self(),
                    l,
                    ownMath,
                    sum,
                    bigGamma,
                    bigS,
                    y,
                    sumRho,
                    rp.get(l),
                    math.get(l),
                    level,
                    source(rnd),
                    yBits);
            return new Round6Direct(
                mode, Optional.empty(), Optional.of(mulStar), Optional.of(wide), reproofs);
          });
    }
    List<Round6Direct> directs = Parallel.run(executor, tasks);
    for (int idx = 0; idx < others().size(); idx++) {
      out.add(direct(ROUND_IDENTIFY, others().get(idx), directs.get(idx).encode()));
    }
    return out;
  }

  /** D_{i,j} (or D̂_{i,j}) as this party received them, keyed by sender j. */
  private Map<Integer, BigInteger> receivedD(Identification mode) {
    Map<Integer, BigInteger> out = new TreeMap<>();
    receivedMta.forEach((j, m) -> out.put(j, mode == Identification.DELTA ? m.d() : m.dHat()));
    return out;
  }

  /** F_{j,i} (or F̂_{j,i}) as this party sent them, keyed by recipient j. */
  private Map<Integer, BigInteger> sentF(Identification mode) {
    Map<Integer, BigInteger> out = new TreeMap<>();
    (mode == Identification.DELTA ? sentForDelta : sentForChi).forEach((j, m) -> out.put(j, m.f()));
    return out;
  }

  /**
   * U_i = H_i·Π_j D_{i,j}·Π_j F_{j,i}⁻¹ mod N_i² for party {@code i}: the D's it received (keyed by
   * sender), the F's it sent (keyed by recipient).
   */
  private BigInteger combined(
      BigInteger product,
      int i,
      Identification mode,
      Map<Integer, BigInteger> dReceived,
      Map<Integer, BigInteger> fSent) {
    BigInteger n2 = math.get(i).nSquared();
    BigInteger numerator = product;
    BigInteger denominator = BigInteger.ONE;
    for (BigInteger d : dReceived.values()) {
      numerator = numerator.multiply(d).mod(n2);
    }
    for (BigInteger f : fSent.values()) {
      denominator = denominator.multiply(f).mod(n2);
    }
    return numerator.multiply(ModExp.inverse(denominator, n2)).mod(n2);
  }

  /**
   * The ρ with c = (1+N)^y·ρ^N mod N², from this party's factors: the N-th root of c·(1+N)^−y mod N
   * (blinded exponents, {@link PaillierSecretKey#nthRoot}).
   */
  private BigInteger randomnessOf(BigInteger c, BigInteger y) {
    BigInteger n = ownMath.n();
    BigInteger unmasked = c.multiply(ownMath.onePlusN(y.negate())).mod(ownMath.nSquared()).mod(n);
    return paillierKey.nthRoot(unmasked);
  }

  /**
   * Round 6 in (after its echo): check every party's published ciphertexts against its round-4
   * digests, then its proofs, in index order; the first failure names its party.
   */
  private List<ProtocolMessage> onIdentification(RoundMessages messages) throws ProtocolAbort {
    int yBits = identificationBits(level);
    Map<Integer, Round6Broadcast> broadcasts = new TreeMap<>();
    Map<Integer, Round6Direct> directs = new TreeMap<>();
    for (int j : messages.senders()) {
      Round6Broadcast b;
      Round6Direct d;
      try {
        b = Round6Broadcast.decode(messages.broadcast(j), level);
        d = Round6Direct.decode(messages.direct(j), level, yBits);
      } catch (DecodingException e) {
        throw malformed(j, "presign round 6", e);
      }
      if (b.mode() != identification || d.mode() != identification) {
        throw abort(j, "identification-mode", "party " + j + " explains another failed check");
      }
      if (!b.sent().keySet().equals(othersOf(j))) {
        throw abort(j, "round3-commitment", "party " + j + " published the wrong recipients");
      }
      for (Map.Entry<Integer, MtaCiphertexts> e : b.sent().entrySet()) {
        byte[] digest = e.getValue().digest(sessionId(), j, e.getKey());
        if (!Arrays.equals(digest, announced.get(j).digestFor(e.getKey()).orElseThrow())) {
          throw abort(
              j,
              "round3-commitment",
              "party " + j + " published other round-3 ciphertexts than it committed to");
        }
        if (!e.getValue().gammaPoint().equals(receivedMta.get(j).gammaPoint())) {
          throw abort(j, "gamma-equivocation", "party " + j + " sent different Γ_j to its peers");
        }
      }
      Set<Integer> thirdParties = othersOf(j);
      thirdParties.remove(self());
      if (!d.reproofs().keySet().equals(thirdParties)) {
        throw abort(j, "malformed-message", "party " + j + " re-proved the wrong MtAs");
      }
      broadcasts.put(j, b);
      directs.put(j, d);
    }

    // Every party's round-3 ciphertexts, keyed by sender then recipient, this party's included.
    Map<Integer, SortedMap<Integer, MtaCiphertexts>> sentBy = new TreeMap<>();
    broadcasts.forEach((j, b) -> sentBy.put(j, b.sent()));
    SortedMap<Integer, MtaCiphertexts> own = new TreeMap<>();
    for (int j : others()) {
      own.put(j, sentCiphertexts(j));
    }
    sentBy.put(self(), own);

    List<Parallel.Task<Void>> checks = new ArrayList<>();
    for (int j : messages.senders()) {
      checks.add(() -> checkIdentification(j, broadcasts.get(j), directs.get(j), sentBy, yBits));
    }
    Parallel.run(executor, checks);
    throw abort(
        0,
        "identification-inconclusive",
        "a sum check failed but every party's identification data holds");
  }

  /** Checks party j's identification data; a failure names j. */
  private Void checkIdentification(
      int j,
      Round6Broadcast b,
      Round6Direct d,
      Map<Integer, SortedMap<Integer, MtaCiphertexts>> sentBy,
      int yBits)
      throws ProtocolAbort {
    boolean forDelta = identification == Identification.DELTA;
    PaillierMath mj = math.get(j);
    ECPoint point = forDelta ? receivedMta.get(j).gammaPoint() : additivePublicShares.get(j);
    if (forDelta) {
      b.productProof()
          .orElseThrow()
          .verify(sessionId(), j, mj, othersK.get(j), othersG.get(j), b.product());
    } else {
      d.mulStar()
          .orElseThrow()
          .verify(
              sessionId(),
              j,
              self(),
              mj,
              othersK.get(j),
              b.product(),
              point,
              ownRp,
              ownMath,
              level);
    }
    for (Map.Entry<Integer, PiAffG> e : d.reproofs().entrySet()) {
      int m = e.getKey();
      MtaCiphertexts c = sentBy.get(j).get(m);
      BigInteger dm = forDelta ? c.d() : c.dHat();
      BigInteger fm = forDelta ? c.f() : c.fHat();
      e.getValue()
          .verify(
              sessionId(),
              j,
              self(),
              new PiAffG.Statement(math.get(m), mj, othersK.get(m), dm, fm, point),
              ownRp,
              ownMath,
              level);
    }
    Map<Integer, BigInteger> dReceived = new TreeMap<>();
    Map<Integer, BigInteger> fSent = new TreeMap<>();
    for (Map.Entry<Integer, SortedMap<Integer, MtaCiphertexts>> e : sentBy.entrySet()) {
      if (e.getKey() == j) {
        continue;
      }
      MtaCiphertexts toJ = e.getValue().get(j);
      dReceived.put(e.getKey(), forDelta ? toJ.d() : toJ.dHat());
    }
    sentBy.get(j).forEach((m, c) -> fSent.put(m, forDelta ? c.f() : c.fHat()));
    // H_j / Ĥ_j is a unit mod N_j²: Π-mul and Π-mul* above check it before anything else.
    BigInteger sum = combined(b.product(), j, identification, dReceived, fSent);
    Round4Broadcast claimed = announced.get(j);
    if (forDelta) {
      d.dec()
          .orElseThrow()
          .verify(sessionId(), j, self(), mj, sum, claimed.delta(), yBits, ownRp, ownMath, level);
    } else {
      d.wideLog()
          .orElseThrow()
          .verify(
              sessionId(),
              j,
              self(),
              mj,
              sum,
              bigGamma,
              claimed.bigS(),
              ownRp,
              ownMath,
              level,
              yBits);
    }
    return null;
  }

  /**
   * Drops k_i, γ_i, the encryption randomness ρ_i, ν_i, x'_i, δ_i, χ_i, the β sums and every MtA
   * witness once the run is over; the presignature keeps its own copies of k_i and χ_i.
   */
  @Override
  protected void dropSecrets() {
    k = null;
    gamma = null;
    rho = null;
    nu = null;
    additiveShare = null;
    betaSum = null;
    betaHatSum = null;
    delta = null;
    chi = null;
    sentForDelta.clear();
    sentForChi.clear();
  }

  /** Names of this session's secret fields that still hold a value (tests: all null after end). */
  List<String> heldSecrets() {
    List<String> held = new ArrayList<>();
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("k", k);
    fields.put("gamma", gamma);
    fields.put("rho", rho);
    fields.put("nu", nu);
    fields.put("additiveShare", additiveShare);
    fields.put("betaSum", betaSum);
    fields.put("betaHatSum", betaHatSum);
    fields.put("delta", delta);
    fields.put("chi", chi);
    fields.forEach(
        (name, value) -> {
          if (value != null) {
            held.add(name);
          }
        });
    if (!sentForDelta.isEmpty() || !sentForChi.isEmpty()) {
      held.add("mta-witnesses");
    }
    return held;
  }

  /** Test seam: make this party deviate as {@code f} describes (call before {@link #start}). */
  void injectFault(Fault f) {
    fault = Optional.of(f);
  }

  @Override
  public String toString() {
    return "PresignSession[session="
        + sessionId().hex()
        + ", self="
        + self()
        + ", signers="
        + parties()
        + "]";
  }
}
