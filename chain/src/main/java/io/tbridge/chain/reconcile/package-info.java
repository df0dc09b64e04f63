/**
 * Reconciliation of two chains' bridges from their events alone: per route the locks, releases,
 * voids, refunds and pending deposits, and the findings that say where the books do not balance.
 */
package io.tbridge.chain.reconcile;
