package io.tbridge.tss.presign;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignMessages.Round1Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round1Direct;
import io.tbridge.tss.presign.PresignMessages.Round3Direct;
import io.tbridge.tss.presign.PresignMessages.Round4Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round4Direct;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.RoundMessages;
import io.tbridge.tss.protocol.RoundSpec;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
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
 *       + β̂_{i,j}) mod q, broadcasts δ_i, Δ_i, S_i = χ_i·Γ and sends each j a Π-log* proof that
 *       Δ_i matches K_i.
 * </ol>
 *
 * Output: after the Π-log* proofs, δ = Σδ_j must satisfy δ·G = ΣΔ_j and ΣS_j = δ·X (X the group
 * key); then R = δ⁻¹·Γ. Every failed proof or malformed message aborts naming its sender. A failure
 * of the two sum checks can only come from a party lying about δ_j or S_j; naming that party needs
 * the paper's extra identification round (Π-mul/Π-dec), which is not implemented: such an abort
 * names no culprit (see docs/tss.md).
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

  /** Round 4: δ_i, Δ_i, S_i and Π-log*. */
  public static final int ROUND_DELTA = 4;

  /** Domain tag of the context digest every party broadcasts in round 1. */
  public static final String CONTEXT_DOMAIN = "tbridge/cggmp21/presign-context/v1";

  private static final List<RoundSpec> ROUNDS =
      List.of(
          RoundSpec.broadcastAndDirect(ROUND_ENC).echoedIn(ROUND_ECHO),
          RoundSpec.direct(ROUND_MTA),
          RoundSpec.broadcastAndDirect(ROUND_DELTA));

  private final SecurityLevel level;
  private final SecureRandom random;
  private final Executor executor;
  private final ECPoint groupKey;
  private final PaillierSecretKey paillierKey;
  private final PaillierMath ownMath;
  private final RingPedersenParams ownRp;
  private final Map<Integer, PaillierMath> math = new HashMap<>();
  private final Map<Integer, RingPedersenParams> rp = new HashMap<>();
  private final BigInteger additiveShare;
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
  private ECPoint bigGamma;
  private ECPoint bigDelta;
  private BigInteger delta;
  private BigInteger chi;
  private ECPoint bigS;

  /**
   * Sets up this party's side of presigning and claims the session id.
   *
   * @param sessionId the id all signers agreed on, fresh for every presigning run
   * @param share this party's key share
   * @param aux this party's aux info for the same committee
   * @param signers the signing subset: at least t committee members, this party included
   * @param registry where the session id is claimed (a reused id aborts)
   * @param random the randomness source (seeded in tests)
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
    super(sessionId, share.self(), validSigners(share, aux, signers), ROUNDS, registry);
    this.level = aux.level();
    this.random = random;
    this.executor = executor;
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
    rho = BigInts.randomUnit(n, random);
    nu = BigInts.randomUnit(n, random);
    bigK = ownMath.encrypt(k, rho);
    bigG = ownMath.encrypt(gamma, nu);

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
                  child));
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
      default -> throw new IllegalStateException("unexpected round " + messages.round());
    };
  }

  /** Round 1 in: check Π-enc for every K_j, then run both MtAs with every j. */
  private List<ProtocolMessage> onEncryptions(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, PiEnc> proofs = new HashMap<>();
    for (int j : messages.senders()) {
      Round1Broadcast b;
      Round1Direct d;
      try {
        b = Round1Broadcast.decode(messages.broadcast(j), level);
        d = Round1Direct.decode(messages.direct(j), level);
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
      proofs.put(j, d.psi0());
    }
    // One batch: the checks first (so a failure is reported before anything else), then this
    // party's MtA work for every j. Nothing computed here leaves the party unless every check
    // passed.
    List<Parallel.Task<Object>> tasks = new ArrayList<>();
    for (int j : messages.senders()) {
      tasks.add(
          () -> {
            proofs
                .get(j)
                .verify(sessionId(), j, self(), math.get(j), othersK.get(j), ownRp, ownMath, level);
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
                  logRandom));
    }
    List<Object> results = Parallel.run(executor, tasks);

    betaSum = BigInteger.ZERO;
    betaHatSum = BigInteger.ZERO;
    List<ProtocolMessage> out = new ArrayList<>();
    for (int idx = 0; idx < others.size(); idx++) {
      Mta forDelta = (Mta) results.get(checks + 3 * idx);
      Mta forChi = (Mta) results.get(checks + 3 * idx + 1);
      PiLogStar log = (PiLogStar) results.get(checks + 3 * idx + 2);
      betaSum = betaSum.add(forDelta.beta());
      betaHatSum = betaHatSum.add(forChi.beta());
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

  /** One MtA as the sender: D = K_j^x·Enc_j(−β), F = Enc_i(−β) and the Π-aff-g proof. */
  private record Mta(BigInteger beta, BigInteger d, BigInteger f, PiAffG proof) {
    @Override
    public String toString() {
      return "Mta[<redacted>]";
    }
  }

  private Mta mta(int j, BigInteger x, ECPoint xPoint, SecureRandom rnd) {
    PaillierMath mj = math.get(j);
    BigInteger beta = BigInts.randomSigned(level.ellPrime(), rnd);
    BigInteger y = beta.negate();
    BigInteger s = BigInts.randomUnit(mj.n(), rnd);
    BigInteger r = BigInts.randomUnit(ownMath.n(), rnd);
    BigInteger kj = othersK.get(j);
    BigInteger d = mj.powModNSquared(kj, x).multiply(mj.encrypt(y, s)).mod(mj.nSquared());
    BigInteger f = ownMath.encrypt(y, r);
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
            rnd);
    return new Mta(beta, d, f, proof);
  }

  /** Round 3 in: check every MtA and Γ_j, derive δ_i, χ_i, Δ_i, prove Δ_i. */
  private List<ProtocolMessage> onMta(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, Round3Direct> in = new TreeMap<>();
    for (int j : messages.senders()) {
      try {
        in.put(j, Round3Direct.decode(messages.direct(j), level));
      } catch (DecodingException e) {
        throw malformed(j, "presign round 3", e);
      }
    }
    ECPoint sum = gammaPoint;
    for (Round3Direct m : in.values()) {
      sum = sum.add(m.gammaPoint());
    }
    bigGamma = sum.normalize();
    boolean degenerate = bigGamma.isInfinity();
    if (!degenerate) {
      bigDelta = Secp256k1.mul(bigGamma, k);
    }

    // One batch: every check first, then (unless Γ is degenerate) the Π-log* proofs for Δ_i,
    // which are only sent if all checks pass.
    List<Parallel.Task<Object>> tasks = new ArrayList<>();
    for (int j : messages.senders()) {
      Round3Direct m = in.get(j);
      PaillierMath mj = math.get(j);
      tasks.add(
          () -> {
            m.psi()
                .verify(
                    sessionId(),
                    j,
                    self(),
                    new PiAffG.Statement(ownMath, mj, bigK, m.d(), m.f(), m.gammaPoint()),
                    ownRp,
                    ownMath,
                    level);
            return null;
          });
      tasks.add(
          () -> {
            m.psiHat()
                .verify(
                    sessionId(),
                    j,
                    self(),
                    new PiAffG.Statement(
                        ownMath, mj, bigK, m.dHat(), m.fHat(), additivePublicShares.get(j)),
                    ownRp,
                    ownMath,
                    level);
            return null;
          });
      tasks.add(
          () -> {
            m.psiPrime()
                .verify(
                    sessionId(),
                    j,
                    self(),
                    mj,
                    othersG.get(j),
                    Secp256k1.G,
                    m.gammaPoint(),
                    ownRp,
                    ownMath,
                    level);
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
                    child));
      }
    }
    List<Object> results = Parallel.run(executor, tasks);
    if (degenerate) {
      // Every Γ_j is proven to be dec(G_j)·G, and the G_j were fixed in round 1: Γ = 0 needs
      // Σγ_j = 0, which happens with negligible probability.
      throw abort(0, "degenerate-nonce", "Γ is the identity");
    }

    BigInteger q = Secp256k1.Q;
    BigInteger alphaSum = BigInteger.ZERO;
    BigInteger alphaHatSum = BigInteger.ZERO;
    for (Round3Direct m : in.values()) {
      alphaSum = alphaSum.add(paillierKey.decryptSigned(m.d()));
      alphaHatSum = alphaHatSum.add(paillierKey.decryptSigned(m.dHat()));
    }
    delta = gamma.multiply(k).add(alphaSum).add(betaSum).mod(q);
    chi = additiveShare.multiply(k).add(alphaHatSum).add(betaHatSum).mod(q);
    bigS = Secp256k1.mul(bigGamma, chi);

    List<ProtocolMessage> out = new ArrayList<>();
    out.add(broadcast(ROUND_DELTA, new Round4Broadcast(delta, bigDelta, bigS).encode()));
    for (int idx = 0; idx < others.size(); idx++) {
      PiLogStar proof = (PiLogStar) results.get(checks + idx);
      out.add(direct(ROUND_DELTA, others.get(idx), new Round4Direct(proof).encode()));
    }
    return out;
  }

  /** Round 4 in: check every Δ_j, then δ and the S_j, and output the presignature. */
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
    BigInteger deltaSum = delta;
    ECPoint deltaPoints = bigDelta;
    ECPoint sPoints = bigS;
    for (Round4Broadcast b : in.values()) {
      deltaSum = deltaSum.add(b.delta());
      deltaPoints = deltaPoints.add(b.bigDelta());
      sPoints = sPoints.add(b.bigS());
    }
    deltaSum = deltaSum.mod(q);
    if (deltaSum.signum() == 0 || !Secp256k1.mulG(deltaSum).equals(deltaPoints.normalize())) {
      throw abort(
          0,
          "delta-consistency",
          "δ·G ≠ ΣΔ_j: some party lied about its δ_j (identification round not implemented)");
    }
    if (!Secp256k1.mul(groupKey, deltaSum).equals(sPoints.normalize())) {
      throw abort(
          0,
          "chi-consistency",
          "ΣS_j ≠ δ·X: some party lied about its S_j (identification round not implemented)");
    }
    BigInteger deltaInv = deltaSum.modInverse(q);
    ECPoint bigR = Secp256k1.mul(bigGamma, deltaInv);
    Map<Integer, ECPoint> kTimesR = new TreeMap<>();
    Map<Integer, ECPoint> chiTimesR = new TreeMap<>();
    kTimesR.put(self(), Secp256k1.mul(bigDelta, deltaInv));
    chiTimesR.put(self(), Secp256k1.mul(bigS, deltaInv));
    for (Map.Entry<Integer, Round4Broadcast> e : in.entrySet()) {
      kTimesR.put(e.getKey(), Secp256k1.mul(e.getValue().bigDelta(), deltaInv));
      chiTimesR.put(e.getKey(), Secp256k1.mul(e.getValue().bigS(), deltaInv));
    }
    finish(
        new Presignature(
            sessionId(), self(), parties(), groupKey, bigR, k, chi, kTimesR, chiTimesR));
    return List.of();
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
