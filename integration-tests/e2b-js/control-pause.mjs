// Control plane, second part: connect to a running sandbox (SANDBOX_ID), pause it, see it is not
// running (the proxy's 502), then connect again, which resumes it.
import { e2b, check, assert } from './lib.mjs'

const { Sandbox } = await e2b()
const id = process.env.SANDBOX_ID
let sbx

await check('connect to running', async () => {
  sbx = await Sandbox.connect(id, { timeoutMs: 300_000 })
  assert.equal(sbx.sandboxId, id)
  assert.equal(await sbx.isRunning(), true)
})

await check('pause', async () => {
  assert.equal(await Sandbox.pause(id), true)
  const info = await Sandbox.getInfo(id)
  assert.equal(info.state, 'paused')
  assert.equal(await Sandbox.pause(id), false, 'a second pause says it was already paused')
  const paused = await Sandbox.list({ query: { metadata: { run: process.env.SOULBOX_RUN }, state: ['paused'] } })
    .nextItems()
  assert.deepEqual(paused.map(s => s.sandboxId), [id])
  assert.equal(await sbx.isRunning(), false)
})

await check('connect resumes', async () => {
  const started = Date.now()
  const again = await Sandbox.connect(id, { timeoutMs: 300_000 })
  const ms = Date.now() - started
  assert.equal((await Sandbox.getInfo(id)).state, 'running')
  assert.equal(await again.isRunning(), true)
  return { ms }
})
