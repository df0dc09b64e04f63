/**
 * Precomputed proof randomness (offline/online split): the parts of a range proof that depend only
 * on freshly sampled randomness — Paillier encryption noise (r, r^N mod N²) and ring-Pedersen masks
 * (a, b, s^a·t^b mod N̂) — can be computed before the statement is known. {@link
 * io.tbridge.tss.precompute.ProofRandomness} is what the provers in {@code io.tbridge.tss.zk} draw
 * from; {@link io.tbridge.tss.precompute.ProofRandomness#inline} samples on the spot, {@link
 * io.tbridge.tss.precompute.ProofRandomnessPool} hands out items computed ahead of time in the
 * background, each at most once. Precomputation moves work out of the protocol's latency; it does
 * not reduce the total work.
 */
package io.tbridge.tss.precompute;
