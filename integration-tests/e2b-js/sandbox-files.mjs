// The files API as an E2B program uses it: write and read as text, bytes, blobs and streams
// (a 50 MB round trip checked by hash), gzip, metadata, several files at once, list with depth,
// exists, getInfo, makeDir, rename, remove, a recursive watch, and signed upload/download URLs.
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { assert, check, createSandbox, e2b, eventually, rejects, scratch } from './lib.mjs'

const sdk = await e2b()
const { FileNotFoundError, NotFoundError } = sdk
const sandbox = await createSandbox(sdk)
const dir = scratch('files')
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

async function hashOf(stream) {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of stream) {
    hash.update(chunk)
    size += chunk.length
  }
  return { hash: hash.digest('hex'), size }
}

try {
  await check('write and read text', async () => {
    const info = await sandbox.files.write(`${dir}/hello.txt`, 'hello, sandbox\n')
    assert.equal(info.path, `${dir}/hello.txt`)
    assert.equal(info.name, 'hello.txt')
    assert.equal(info.type, 'file')
    assert.equal(await sandbox.files.read(`${dir}/hello.txt`), 'hello, sandbox\n')
    assert.equal(await sandbox.files.read(`${dir}/hello.txt`, { gzip: true }), 'hello, sandbox\n')
  })

  await check('write and read bytes and blobs', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    await sandbox.files.write(`${dir}/bytes.bin`, bytes.buffer)
    assert.deepEqual(await sandbox.files.read(`${dir}/bytes.bin`, { format: 'bytes' }), bytes)
    const blob = await sandbox.files.read(`${dir}/bytes.bin`, { format: 'blob' })
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), bytes)
    await sandbox.files.write(`${dir}/empty`, '')
    assert.equal(await sandbox.files.read(`${dir}/empty`), '')
  })

  await check('a 50 MB binary round trip by streams, checked by hash', async () => {
    const data = randomBytes(50 * 1024 * 1024)
    const expected = sha256(data)
    const started = Date.now()
    const web = Readable.toWeb(Readable.from(function* () {
      for (let i = 0; i < data.length; i += 1 << 20) yield data.subarray(i, i + (1 << 20))
    }()))
    const info = await sandbox.files.write(`${dir}/big.bin`, web)
    const uploaded = Date.now()
    assert.equal(info.path, `${dir}/big.bin`)
    const inside = (await sandbox.commands.run(`sha256sum ${dir}/big.bin`)).stdout.split(' ')[0]
    assert.equal(inside, expected)
    const read = await hashOf(await sandbox.files.read(`${dir}/big.bin`, { format: 'stream' }))
    assert.equal(read.size, data.length)
    assert.equal(read.hash, expected)
    const bytes = await sandbox.files.read(`${dir}/big.bin`, { format: 'bytes' })
    assert.equal(sha256(bytes), expected)
    return { uploadMs: uploaded - started, downloadMs: Date.now() - uploaded }
  })

  await check('gzip upload', async () => {
    await sandbox.files.write(`${dir}/zipped.txt`, 'compressed on the way in\n'.repeat(100), { gzip: true })
    assert.equal(await sandbox.files.read(`${dir}/zipped.txt`), 'compressed on the way in\n'.repeat(100))
  })

  await check('file metadata is kept and returned', async () => {
    const info = await sandbox.files.write(`${dir}/meta.txt`, 'with metadata', { metadata: { owner: 'tests', stage: 'it' } })
    assert.deepEqual(info.metadata, { owner: 'tests', stage: 'it' })
    assert.deepEqual((await sandbox.files.getInfo(`${dir}/meta.txt`)).metadata, { owner: 'tests', stage: 'it' })
  })

  await check('several files in one write', async () => {
    const infos = await sandbox.files.write([
      { path: `${dir}/many/a.txt`, data: 'A' },
      { path: `${dir}/many/sub/b.txt`, data: 'B' },
      { path: `${dir}/many/c.bin`, data: new Uint8Array([1, 2, 3]).buffer },
    ])
    assert.deepEqual(infos.map((i) => i.path).sort(),
      [`${dir}/many/a.txt`, `${dir}/many/c.bin`, `${dir}/many/sub/b.txt`])
    assert.equal(await sandbox.files.read(`${dir}/many/sub/b.txt`), 'B')
    assert.deepEqual(await sandbox.files.read(`${dir}/many/c.bin`, { format: 'bytes' }), new Uint8Array([1, 2, 3]))
  })

  await check('list with depth', async () => {
    await sandbox.files.write(`${dir}/tree/x/y/deep.txt`, 'deep')
    await sandbox.files.write(`${dir}/tree/top.txt`, 'top')
    const one = (await sandbox.files.list(`${dir}/tree`)).map((e) => e.name).sort()
    assert.deepEqual(one, ['top.txt', 'x'])
    const two = (await sandbox.files.list(`${dir}/tree`, { depth: 2 })).map((e) => e.path).sort()
    assert.deepEqual(two, [`${dir}/tree/top.txt`, `${dir}/tree/x`, `${dir}/tree/x/y`])
    const types = Object.fromEntries((await sandbox.files.list(`${dir}/tree`)).map((e) => [e.name, e.type]))
    assert.deepEqual(types, { 'top.txt': 'file', x: 'dir' })
  })

  await check('exists, getInfo, makeDir, rename, remove', async () => {
    assert.equal(await sandbox.files.exists(`${dir}/hello.txt`), true)
    assert.equal(await sandbox.files.exists(`${dir}/nope.txt`), false)
    const info = await sandbox.files.getInfo(`${dir}/hello.txt`)
    assert.equal(info.size, 'hello, sandbox\n'.length)
    assert.equal(info.type, 'file')
    assert.ok(info.modifiedTime instanceof Date)
    assert.equal((await sandbox.files.getInfo(dir)).type, 'dir')
    assert.equal(await sandbox.files.makeDir(`${dir}/made/deeper`), true)
    assert.equal(await sandbox.files.makeDir(`${dir}/made/deeper`), false)
    const moved = await sandbox.files.rename(`${dir}/hello.txt`, `${dir}/made/hello.txt`)
    assert.equal(moved.path, `${dir}/made/hello.txt`)
    assert.equal(await sandbox.files.exists(`${dir}/hello.txt`), false)
    await sandbox.files.remove(`${dir}/made`)
    assert.equal(await sandbox.files.exists(`${dir}/made/hello.txt`), false)
  })

  await check('files as another user belong to that user', async () => {
    const path = `/tmp/e2b-nobody-${process.pid}.txt`
    const info = await sandbox.files.write(path, 'owned', { user: 'nobody' })
    assert.equal(info.path, path)
    assert.equal((await sandbox.files.getInfo(path)).owner, 'nobody')
    assert.equal(await sandbox.files.read(path, { user: 'nobody' }), 'owned')
    await sandbox.files.remove(path)
  })

  await check('missing files are FileNotFoundError (a NotFoundError)', async () => {
    const e = await rejects(() => sandbox.files.read(`${dir}/missing.txt`), FileNotFoundError)
    assert.ok(e instanceof NotFoundError)
    await rejects(() => sandbox.files.getInfo(`${dir}/missing.txt`), NotFoundError)
    await rejects(() => sandbox.files.list(`${dir}/missing-dir`), NotFoundError)
  })

  await check('watchDir recursive sees changes in subdirectories', async () => {
    await sandbox.files.makeDir(`${dir}/watched/sub`)
    const events = []
    const handle = await sandbox.files.watchDir(`${dir}/watched`, (e) => events.push(e), { recursive: true, includeEntry: true })
    try {
      await sandbox.files.write(`${dir}/watched/sub/new.txt`, 'seen')
      await sandbox.files.write(`${dir}/watched/top.txt`, 'seen too')
      await eventually(() => events.some((e) => e.name === 'sub/new.txt') && events.some((e) => e.name === 'top.txt'),
        10_000, 'events for sub/new.txt and top.txt')
      const withEntry = events.find((e) => e.name === 'sub/new.txt' && e.entry)
      assert.ok(withEntry, 'includeEntry gives the entry')
      assert.equal(withEntry.entry.path, `${dir}/watched/sub/new.txt`)
      assert.ok(events.every((e) => ['create', 'write', 'chmod', 'remove', 'rename'].includes(e.type)))
    } finally {
      await handle.stop()
    }
    return { events: events.length }
  })

  await check('signed uploadUrl and downloadUrl', async () => {
    const path = `${dir}/signed.txt`
    const upload = await sandbox.uploadUrl(path, { useSignatureExpiration: 60 })
    const download = await sandbox.downloadUrl(path)
    if (sandbox.envdAccessToken) {
      const signed = new URL(upload).searchParams
      assert.match(signed.get('signature'), /^v1_[A-Za-z0-9+/]+$/)
      assert.match(signed.get('signature_expiration'), /^\d+$/)
      assert.match(new URL(download).searchParams.get('signature'), /^v1_[A-Za-z0-9+/]+$/)
    }
    const form = new FormData()
    form.append('file', new Blob(['through a signed url']), 'signed.txt')
    const put = await fetch(upload, { method: 'POST', body: form })
    assert.equal(put.status, 200, await put.clone().text())
    const entries = await put.json()
    assert.equal(entries[0].path, path)
    const got = await fetch(download)
    assert.equal(got.status, 200)
    assert.equal(await got.text(), 'through a signed url')
    if (sandbox.envdAccessToken) {
      const tampered = download.replace(/signature=v1_[^&]+/, 'signature=v1_AAAA')
      assert.equal((await fetch(tampered)).status, 401)
      const expired = await sandbox.downloadUrl(path, { useSignatureExpiration: -60 })
      assert.equal((await fetch(expired)).status, 401)
      const otherPath = download.replace(encodeURIComponent(path), encodeURIComponent(`${dir}/bytes.bin`))
      assert.equal((await fetch(otherPath)).status, 401)
    }
    return { signed: !!sandbox.envdAccessToken }
  })
} finally {
  await sandbox.commands.run(`rm -rf ${dir}`).catch(() => {})
  await sandbox.kill()
}
