/** Threshold ECDSA (CGGMP21) over secp256k1, transport-agnostic. */
package io.tbridge.tss;
