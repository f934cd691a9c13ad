// Terminals as E2B's pty API drives them: create, sendInput, resize, kill, and an exit code.
import { assert, check, createSandbox, e2b, eventually, rejects } from './lib.mjs'

const sdk = await e2b()
const { CommandExitError } = sdk
const sandbox = await createSandbox(sdk)
const encoder = new TextEncoder()

/** A terminal whose output is collected as text. */
async function terminal(size) {
  const decoder = new TextDecoder()
  const term = { output: '' }
  term.handle = await sandbox.pty.create({ ...size, timeoutMs: 60_000, onData: (d) => { term.output += decoder.decode(d, { stream: true }) } })
  term.type = (text) => sandbox.pty.sendInput(term.handle.pid, encoder.encode(text))
  term.await = (pattern, what) => eventually(() => pattern.test(term.output), 10_000, what)
  return term
}

try {
  await check('pty: create, sendInput, resize', async () => {
    const term = await terminal({ cols: 80, rows: 24 })
    await term.type('stty size; echo "term=$TERM"\n')
    await term.await(/24 80/, 'stty size 24 80')
    await term.await(/term=xterm-256color/, 'TERM set by the SDK')
    await sandbox.pty.resize(term.handle.pid, { cols: 100, rows: 30 })
    await term.type('stty size\n')
    await term.await(/30 100/, 'stty size 30 100 after resize')
    assert.equal(await sandbox.pty.kill(term.handle.pid), true)
    await rejects(() => term.handle.wait(), CommandExitError)
    return { pid: term.handle.pid }
  })

  await check('pty: the shell exit code ends the terminal', async () => {
    const term = await terminal({ cols: 80, rows: 24 })
    await term.type('exit 7\n')
    const e = await rejects(() => term.handle.wait(), CommandExitError)
    assert.equal(e.exitCode, 7)
  })
} finally {
  await sandbox.kill()
}
