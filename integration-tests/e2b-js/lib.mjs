// Shared by the scripts here: loads the e2b package under test and runs named checks.
// Each script prints one JSON line per check ({"check": name, "ok": true, ...}) and exits 1
// at the first failure, so the Java test that runs it reports which check failed and why.
import assert from 'node:assert/strict'

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
    process.exit(1)
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
