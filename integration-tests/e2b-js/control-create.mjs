// Control plane, first part: create with template, metadata, env vars and timeout; getInfo; list by
// metadata with paging (the v2 paginator and the older GET /sandboxes); setTimeout; getMetrics; errors
// as the SDK's own classes. Leaves the sandboxes running and prints their ids (check "created").
import { e2b, check, rejects, assert } from './lib.mjs'

const { Sandbox, NotFoundError, SandboxNotFoundError, AuthenticationError, SandboxError } = await e2b()
const run = process.env.SOULBOX_RUN
const ids = []

await check('create', async () => {
  const started = Date.now()
  const sbx = await Sandbox.create('base', {
    metadata: { run, role: 'first' },
    envs: { GREETING: 'hello from e2b' },
    timeoutMs: 120_000,
  })
  ids.push(sbx.sandboxId)
  assert.match(sbx.sandboxId, /^[a-z0-9]{20}$/)
  for (let i = 0; i < 2; i++) {
    ids.push((await Sandbox.create({ metadata: { run, role: 'other' }, timeoutMs: 120_000 })).sandboxId)
  }
  return { ms: Date.now() - started, host: sbx.getHost(8000) }
})

await check('created', async () => ({ ids }))

await check('getInfo', async () => {
  const info = await Sandbox.getInfo(ids[0])
  assert.equal(info.sandboxId, ids[0])
  assert.equal(info.templateId, 'base')
  assert.equal(info.state, 'running')
  assert.deepEqual(info.metadata, { run, role: 'first' })
  assert.ok(info.envdVersion, 'envdVersion')
  const lifetime = info.endAt.getTime() - info.startedAt.getTime()
  assert.ok(Math.abs(lifetime - 120_000) < 2_000, `lifetime ${lifetime} ms`)
  assert.ok(info.cpuCount >= 1 && info.memoryMB >= 1, JSON.stringify(info))
  return { envdVersion: info.envdVersion, sandboxDomain: info.sandboxDomain }
})

await check('list v2 by metadata, two per page', async () => {
  const paginator = Sandbox.list({ query: { metadata: { run } }, limit: 2 })
  const seen = []
  let pages = 0
  while (paginator.hasNext) {
    const items = await paginator.nextItems()
    pages++
    assert.ok(items.length <= 2, `page of ${items.length}`)
    for (const s of items) {
      assert.equal(s.metadata.run, run)
      seen.push(s.sandboxId)
    }
  }
  assert.deepEqual([...seen].sort(), [...ids].sort())
  assert.equal(pages, 2)
  const firstOnly = await Sandbox.list({ query: { metadata: { run, role: 'first' }, state: ['running'] } }).nextItems()
  assert.deepEqual(firstOnly.map(s => s.sandboxId), [ids[0]])
  const none = await Sandbox.list({ query: { metadata: { run }, state: ['paused'] } }).nextItems()
  assert.equal(none.length, 0)
  return { pages }
})

await check('list v1 (GET /sandboxes) by metadata', async () => {
  const metadata = new URLSearchParams({ run }).toString()
  const res = await fetch(`${process.env.E2B_API_URL}/sandboxes?metadata=${encodeURIComponent(metadata)}`,
    { headers: { 'X-API-KEY': process.env.E2B_API_KEY } })
  assert.equal(res.status, 200)
  const listed = await res.json()
  assert.deepEqual(listed.map(s => s.sandboxID).sort(), [...ids].sort())
  return { count: listed.length }
})

await check('setTimeout', async () => {
  await Sandbox.setTimeout(ids[0], 600_000)
  const info = await Sandbox.getInfo(ids[0])
  const left = info.endAt.getTime() - Date.now()
  assert.ok(left > 590_000 && left <= 601_000, `${left} ms left`)
})

await check('updateNetwork', async () => {
  await Sandbox.updateNetwork(ids[1], { allowOut: ['10.1.2.0/24'], allowInternetAccess: false })
  const info = await Sandbox.getInfo(ids[1])
  assert.equal(info.allowInternetAccess, false)
  assert.deepEqual(info.network.allowOut, ['10.1.2.0/24'])
})

await check('getMetrics', async () => {
  const metrics = await Sandbox.getMetrics(ids[0])
  assert.ok(metrics.length >= 1, 'at least one sample')
  const m = metrics[metrics.length - 1]
  assert.ok(m.cpuCount >= 1 && m.memTotal > 0 && m.memUsed > 0, JSON.stringify(m))
  assert.ok(m.timestamp instanceof Date && !isNaN(m.timestamp))
  return m
})

await check('errors are the SDK classes', async () => {
  const unknown = 'zzzzzzzzzzzzzzzzzzzz'
  const e1 = await rejects(() => Sandbox.getInfo(unknown), NotFoundError)
  assert.ok(e1 instanceof SandboxNotFoundError)
  await rejects(() => Sandbox.connect(unknown), NotFoundError)
  await rejects(() => Sandbox.setTimeout(unknown, 10_000), NotFoundError)
  await rejects(() => Sandbox.getMetrics(unknown), NotFoundError)
  assert.equal(await Sandbox.kill(unknown), false)
  const wrongKey = 'e2b_' + '0'.repeat(40)
  await rejects(() => Sandbox.list({ apiKey: wrongKey }).nextItems(), AuthenticationError)
  await rejects(() => Sandbox.create('base', { apiKey: wrongKey }), AuthenticationError)
  const e2 = await rejects(() => Sandbox.create('no-such-template'), SandboxError)
  assert.match(e2.message, /404.*no-such-template/)
  return { notFound: e1.message, template: e2.message }
})
