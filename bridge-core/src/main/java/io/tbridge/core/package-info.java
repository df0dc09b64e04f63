/** Bridge domain: records, EIP-712 hashing, wire formats, chain profiles. */
package io.tbridge.core;
