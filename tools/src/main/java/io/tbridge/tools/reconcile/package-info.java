/** {@code ./tbridge reconcile}: reconciles two chains' bridges from their events. */
package io.tbridge.tools.reconcile;
