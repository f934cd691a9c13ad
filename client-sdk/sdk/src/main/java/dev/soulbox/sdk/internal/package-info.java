/**
 * The SDK's implementation: channels and stubs, metadata, proto ↔ value mapping, status → exception mapping
 * ({@link dev.soulbox.sdk.internal.StatusMapping}), resumable streams and their backoff. Not API: anything here
 * may change without notice.
 */
package dev.soulbox.sdk.internal;
