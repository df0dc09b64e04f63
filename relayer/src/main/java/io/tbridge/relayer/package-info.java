/** Relayer: watch source chains, publish locks, submit signed releases. */
package io.tbridge.relayer;
