/**
 * The Bridge contract as seen from Java: the strict {@code Locked} event decoder and the ABI of the
 * calls both the relayer and the signer node make (release calldata, replay and route views).
 */
package io.tbridge.chain.bridge;
