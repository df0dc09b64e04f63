/** Signer node: verify locks on its own chain view, then co-sign releases. */
package io.tbridge.signer;
