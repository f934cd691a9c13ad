// Shared by the scripts here: loads the e2b package under test and runs named checks.
// Each script prints one JSON line per check ({"check": name, "ok": true, ...}) and exits 1
// at the first failure (after its cleanup), so the Java test that runs it reports which check failed and why.
import assert from 'node:assert/strict'
import dns from 'node:dns'

/** The e2b package under test: E2B_PACKAGE names it ("e2b" or an alias such as "e2b-2.45"). */
export async function e2b() {
  return import(process.env.E2B_PACKAGE || 'e2b')
}

/** Runs one named check; a thrown error ends the script with the error's class and message. */
export async function check(name, body) {
  const started = Date.now()
  try {
    const detail = await body()
    console.log(JSON.stringify({ check: name, ok: true, ms: Date.now() - started, detail: detail ?? null }))
  } catch (e) {
    console.log(JSON.stringify({ check: name, ok: false, error: e?.constructor?.name, message: String(e?.message ?? e) }))
    console.error(e)
    // fail the script, but let its finally blocks clean up (a sandbox to kill, files to remove)
    process.exitCode = 1
    throw new CheckFailed(name, e)
  }
}

/** Thrown by check() after it reported the failure; ends the script with exit code 1. */
export class CheckFailed extends Error {
  constructor(name, cause) {
    super(`check failed: ${name}`, { cause })
  }
}

/** Asserts that body() rejects with an error of the SDK class errorClass; returns the error. */
export async function rejects(body, errorClass) {
  try {
    await body()
  } catch (e) {
    assert.ok(e instanceof errorClass, `expected ${errorClass.name}, got ${e?.constructor?.name}: ${e?.message}`)
    return e
  }
  assert.fail(`expected ${errorClass.name}, but the call succeeded`)
}

export { assert }

/** Where the in-sandbox scripts make their sandbox: E2B_TEMPLATE, else E2B's default "base". */
export const template = process.env.E2B_TEMPLATE ?? 'base'

/**
 * Creates the sandbox under test as any E2B program does. In debug mode (E2B_DEBUG=true, the SDK
 * talking straight to an agent at E2B_SANDBOX_URL) the SDK asks no control plane, so it never
 * learns the sandbox's access token; E2B_TEST_ENVD_ACCESS_TOKEN gives it the token the agent was
 * started with, through the same constructor Sandbox.create uses. Nor does it learn the envd
 * version (it assumes every feature); E2B_TEST_ENVD_VERSION gives it the one the agent reports,
 * so the SDK's feature gates are those of a real create.
 */
export async function createSandbox(sdk, opts = {}) {
  const sandbox = await sdk.Sandbox.create(template, opts)
  const token = process.env.E2B_TEST_ENVD_ACCESS_TOKEN
  const version = process.env.E2B_TEST_ENVD_VERSION
  if (sandbox.connectionConfig.debug && (token || version)) {
    return new sdk.Sandbox({
      ...sandbox.connectionConfig,
      sandboxId: sandbox.sandboxId,
      sandboxDomain: sandbox.sandboxDomain,
      envdVersion: version ?? sandbox.envdApi.version,
      envdAccessToken: token ?? sandbox.envdAccessToken,
    })
  }
  return sandbox
}

/** Another handle on the same sandbox that presents this access token instead of its own. */
export function withAccessToken(sdk, sandbox, token) {
  return new sdk.Sandbox({
    ...sandbox.connectionConfig,
    sandboxId: sandbox.sandboxId,
    sandboxDomain: sandbox.sandboxDomain,
    envdVersion: sandbox.envdApi.version,
    envdAccessToken: token,
  })
}

/** Polls until probe() returns a truthy value, or fails after timeoutMs. */
export async function eventually(probe, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) assert.fail(`${what} not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A unique scratch path inside the sandbox for one script run. */
export function scratch(name) {
  return `/tmp/e2b-${name}-${process.pid}-${Date.now()}`
}

/**
 * Resolves every `*.localhost` name to localhost in this process, as browsers do (RFC 6761), so clients
 * written for E2B reach sandbox hosts such as `9222-<id>.localhost:7080` on a machine whose resolver does not.
 * Covers dns.lookup (Node's http, fetch) and dns.promises.lookup (Playwright's connections).
 */
export function resolveLocalhostSubdomains() {
  const local = (host) => (typeof host === 'string' && /\.localhost\.?$/i.test(host) ? 'localhost' : host)
  const lookup = dns.lookup
  dns.lookup = (host, options, callback) => lookup.call(dns, local(host), options, callback)
  const lookupPromise = dns.promises.lookup
  dns.promises.lookup = (host, options) => lookupPromise.call(dns.promises, local(host), options)
}
