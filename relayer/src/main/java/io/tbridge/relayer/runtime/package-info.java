/** Wiring: builds watchers, publisher and submitters from the configuration and runs them. */
package io.tbridge.relayer.runtime;
