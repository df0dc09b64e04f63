/**
 * Chain access shared by the relayer and the signer node, so that each rule (endpoint quorum,
 * strict event decoding, atomic files) exists once. No framework: plain JDK, Jackson and
 * Resilience4j.
 */
package io.tbridge.chain;
