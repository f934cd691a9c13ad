// Control plane, last part: kill the sandboxes SANDBOX_IDS (comma-separated) through a connected
// instance and the static call; then isRunning() is false and getInfo is NotFoundError.
import { e2b, check, rejects, assert } from './lib.mjs'

const { Sandbox, NotFoundError } = await e2b()
const [first, ...others] = process.env.SANDBOX_IDS.split(',')

await check('kill', async () => {
  const sbx = await Sandbox.connect(first)
  await sbx.kill()
  assert.equal(await sbx.isRunning(), false)
  await rejects(() => Sandbox.getInfo(first), NotFoundError)
  assert.equal(await Sandbox.kill(first), false)
  for (const id of others) {
    assert.equal(await Sandbox.kill(id), true)
  }
  const left = await Sandbox.list({ query: { metadata: { run: process.env.SOULBOX_RUN } } }).nextItems()
  assert.equal(left.length, 0)
})
