/** Typed configuration of the relayer ({@code relayer.*}) and its mapping to component settings. */
package io.tbridge.relayer.config;
