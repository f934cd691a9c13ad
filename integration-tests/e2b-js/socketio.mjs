// The seeds' Socket.IO API at /sandbox/ws, driven by the real socket.io-client over one transport
// (SOCKETIO_TRANSPORT: websocket or polling), and its REST face under /api/sandbox.
import { io } from 'socket.io-client'
import { assert, check, createSandbox, e2b, eventually } from './lib.mjs'

const url = process.env.E2B_API_URL
const key = process.env.E2B_API_KEY
const transport = process.env.SOCKETIO_TRANSPORT ?? 'websocket'
const sdk = await e2b()
const sandbox = await createSandbox(sdk)
const id = sandbox.sandboxId
const opened = []

/** A connected socket that records every event it hears. */
async function connect(token, opts = {}) {
  const socket = io(url, { path: '/sandbox/ws', transports: [transport], auth: { token }, reconnection: false, ...opts })
  opened.push(socket)
  socket.heard = []
  socket.onAny((event, ...args) => socket.heard.push({ event, data: args[0] }))
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  return socket
}

/** The first event of this name whose data passes the filter, waiting for it. */
async function heard(socket, event, filter = () => true, what = event) {
  await eventually(() => socket.heard.some((h) => h.event === event && filter(h.data)), 15_000, what)
  return socket.heard.find((h) => h.event === event && filter(h.data)).data
}

function outputOf(socket, executionId, type) {
  return socket.heard.filter((h) => h.event === 'exec-output' && h.data.executionId === executionId
    && (!type || h.data.type === type)).map((h) => h.data.data).join('')
}

async function post(path, body, apiKey = key) {
  const response = await fetch(url + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey }, body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

try {
  await check('a wrong token is refused at connect', async () => {
    const e = await connect('not-the-key').then(() => null, (err) => err)
    assert.ok(e, 'connected with a wrong token')
    assert.equal(e.data?.code, 'UNAUTHENTICATED')
    assert.match(e.message, /neither the API key .* nor a sandbox token/)
  })

  await check('join-container, then commands stream to the socket and the room', async () => {
    const a = await connect(key)
    const b = await connect(key)
    assert.equal(a.io.engine.transport.name, transport)
    a.emit('join-container', id)
    b.emit('join-session', { containerId: id })
    assert.deepEqual(await heard(a, 'container-joined'), { containerId: id, success: true })
    assert.deepEqual(await heard(b, 'session-joined'), { containerId: id })
    a.emit('execute-command', { containerId: id, command: 'echo out; echo err >&2; exit 3' })
    const { executionId } = await heard(a, 'command-accepted')
    const done = await heard(a, 'exec-finished', (d) => d.executionId === executionId)
    assert.equal(done.exitCode, 3)
    assert.equal(done.status, 'failed')
    await heard(b, 'exec-finished', (d) => d.executionId === executionId, 'the room hears the end too')
    for (const s of [a, b]) {
      assert.equal(outputOf(s, executionId, 'stdout'), 'out\n')
      assert.equal(outputOf(s, executionId, 'stderr'), 'err\n')
    }
    const complete = await heard(b, 'execution-complete', (d) => d.executionId === executionId)
    assert.equal(complete.containerId, id)
    assert.equal(complete.exitCode, 3)
    assert.ok(!Number.isNaN(Date.parse(complete.timestamp)))
    const long = await heard(b, 'execution-output', (d) => d.executionId === executionId && d.type === 'stderr')
    assert.equal(long.containerId, id)
  })

  await check('stdin-data reaches a running command', async () => {
    const s = await connect(key)
    s.emit('command-input', { containerId: id, command: ['cat'] })
    const { executionId } = await heard(s, 'command-accepted')
    s.emit('stdin-data', { executionId, data: 'hello ' })
    s.emit('stdin-data', { executionId, data: 'stdin\n', end: true })
    const done = await heard(s, 'exec-finished', (d) => d.executionId === executionId)
    assert.equal(done.exitCode, 0)
    assert.equal(done.status, 'success')
    assert.equal(outputOf(s, executionId), 'hello stdin\n')
  })

  await check('bad events get an error event that says what to send', async () => {
    const s = await connect(key)
    s.emit('execute-command', { containerId: id })
    assert.match((await heard(s, 'error')).message, /command is required/)
    s.emit('join-container', 'no-such-sandbox')
    const missing = await heard(s, 'error', (d) => /no-such-sandbox/.test(d.message))
    assert.ok(['NOT_FOUND', 'INVALID_ARGUMENT'].includes(missing.code), missing.code)
    s.emit('stdin-data', { executionId: 'exec_nothing', data: 'x' })
    await heard(s, 'error', (d) => /no running execution exec_nothing/.test(d.message))
  })

  await check('attach-process follows a running process by pid and by tag', async () => {
    const started = await sandbox.commands.run('echo before; sleep 1.5; echo after', { background: true })
    const s = await connect(key)
    s.emit('attach-process', { containerId: id, pid: started.pid })
    const accepted = await heard(s, 'command-accepted')
    assert.equal(accepted.pid, started.pid)
    const done = await heard(s, 'exec-finished', (d) => d.executionId === accepted.executionId)
    assert.equal(done.exitCode, 0)
    assert.equal(outputOf(s, accepted.executionId), 'before\nafter\n', 'the kept output, then the rest')
    const owner = await connect(key)
    owner.emit('execute-command', { containerId: id, command: ['cat'] })
    const { executionId: tag } = await heard(owner, 'command-accepted')
    const follower = await connect(key)
    follower.emit('attach-process', { containerId: id, tag })
    const attached = await heard(follower, 'command-accepted')
    follower.emit('stdin-data', { executionId: attached.executionId, data: 'through the follower\n', end: true })
    await heard(follower, 'exec-finished', (d) => d.executionId === attached.executionId)
    assert.equal(outputOf(follower, attached.executionId), 'through the follower\n')
    follower.emit('attach-process', { containerId: id, pid: 999999 })
    assert.equal((await heard(follower, 'error', (d) => /999999/.test(d.message))).code, 'NOT_FOUND')
    follower.emit('attach-process', { containerId: id })
    await heard(follower, 'error', (d) => /name the process/.test(d.message))
  })

  await check('upload-files writes text, base64 and binary files and answers files-uploaded', async () => {
    const s = await connect(key)
    const dir = `/tmp/socketio-upload-${transport}`
    s.emit('upload-files', {
      containerId: id,
      files: {
        [`${dir}/a.txt`]: 'plain text\n',
        [`${dir}/b.bin`]: { content: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' },
        [`${dir}/c.bin`]: Buffer.from([9, 8, 7]),
      },
    })
    const uploaded = await heard(s, 'files-uploaded')
    assert.deepEqual(uploaded, { containerId: id, paths: [`${dir}/a.txt`, `${dir}/b.bin`, `${dir}/c.bin`] })
    assert.equal(await sandbox.files.read(`${dir}/a.txt`), 'plain text\n')
    assert.deepEqual([...await sandbox.files.read(`${dir}/b.bin`, { format: 'bytes' })], [0, 1, 2, 255])
    assert.deepEqual([...await sandbox.files.read(`${dir}/c.bin`, { format: 'bytes' })], [9, 8, 7])
    s.emit('upload-files', { containerId: id })
    await heard(s, 'error', (d) => /files is required/.test(d.message))
    s.emit('upload-files', { containerId: id, files: { [`${dir}/d.bin`]: { content: '!!', encoding: 'base64' } } })
    await heard(s, 'error', (d) => /not base64/.test(d.message))
    s.emit('upload-files', { containerId: id, files: { '/proc/no/such/dir/x': 'x' } })
    await heard(s, 'error', (d) => /uploading \/proc\/no\/such\/dir\/x/.test(d.message))
    assert.equal(await sandbox.files.exists(`${dir}/d.bin`), false)
  })

  await check('a terminal: start-terminal, input, output, resize', async () => {
    const s = await connect(key)
    let screen = ''
    s.on('output', (data) => { screen += data })
    s.emit('start-terminal', { containerId: id, cols: 80, rows: 24, session: 'check-' + transport })
    await heard(s, 'terminal-started')
    // bash discards what is typed before its first prompt, as it does on any terminal
    await eventually(() => /\$ $/.test(screen), 15_000, 'the first prompt')
    s.emit('input', 'echo $((6*7)); stty size\n')
    await eventually(() => /[\r\n]42\r?\n/.test(screen) && /24 80/.test(screen), 15_000, '42 and 24 80 on the screen')
    s.emit('resize', { cols: 100, rows: 30 })
    s.emit('input', 'stty size\n')
    await eventually(() => /30 100/.test(screen), 15_000, 'stty size 30 100 after resize')
    s.disconnect()
    const again = await connect(key)
    let replay = ''
    again.on('output', (data) => { replay += data })
    again.emit('start-terminal', { containerId: id, session: 'check-' + transport })
    await eventually(() => /[\r\n]42\r?\n/.test(replay), 15_000, 'the earlier output replayed to a new socket')
  })

  await check('a sandbox token opens its sandbox and no other', async () => {
    const other = await createSandbox(sdk)
    try {
      const issued = await post('/api/sandbox/tokens', { containerId: id, ttlSeconds: 60 })
      assert.equal(issued.status, 201)
      assert.ok(issued.body.token.startsWith('sbt.'))
      const s = await connect(issued.body.token)
      s.emit('join-container', other.sandboxId)
      assert.equal((await heard(s, 'error')).code, 'PERMISSION_DENIED')
      s.emit('join-container', id)
      assert.equal((await heard(s, 'container-joined')).success, true)
      const refused = await post('/api/sandbox/exec', { containerId: other.sandboxId, command: ['true'] }, issued.body.token)
      assert.equal(refused.status, 403)
      const forged = issued.body.token.slice(0, -2) + (issued.body.token.endsWith('A') ? 'BB' : 'AA')
      const e = await connect(forged).then(() => null, (err) => err)
      assert.ok(e, 'a forged token connected')
      assert.match(e.message, /not issued by this server|malformed/)
    } finally {
      await other.kill()
    }
  })

  await check('POST /api/sandbox/exec answers with the output and exit code', async () => {
    const r = await post('/api/sandbox/exec', { containerId: id, command: ['sh', '-c', 'echo hi; echo oops >&2; exit 2'] })
    assert.equal(r.status, 200)
    assert.equal(r.body.stdout, 'hi\n')
    assert.equal(r.body.stderr, 'oops\n')
    assert.equal(r.body.exitCode, 2)
    assert.equal(r.body.status, 'failed')
    const bad = await post('/api/sandbox/exec', { containerId: id })
    assert.equal(bad.status, 400)
    assert.match(bad.body.message, /command is required/)
    const noKey = await post('/api/sandbox/exec', { containerId: id, command: ['true'] }, 'wrong')
    assert.equal(noKey.status, 401)
  })

  await check('POST /api/sandbox/exec/realtime streams to the socket named', async () => {
    const s = await connect(key)
    const r = await post('/api/sandbox/exec/realtime', { containerId: id, command: 'echo live', socketSessionId: s.id })
    assert.equal(r.status, 202)
    const done = await heard(s, 'execution-complete', (d) => d.executionId === r.body.executionId)
    assert.equal(done.status, 'success')
    assert.equal(outputOf(s, r.body.executionId), 'live\n')
    const unknown = await post('/api/sandbox/exec/realtime', { containerId: id, command: 'true', socketSessionId: 'nobody' })
    assert.equal(unknown.status, 404)
  })

  await check('a socket that reconnects gets the output it missed', async () => {
    const s = await connect(key, { reconnection: true, reconnectionDelay: 2500, randomizationFactor: 0 })
    s.emit('execute-command', { containerId: id, command: 'sleep 1; echo while-away' })
    const { executionId } = await heard(s, 'command-accepted')
    s.io.engine.close()
    await eventually(() => s.connected && s.recovered, 20_000, 'reconnected and recovered')
    const done = await heard(s, 'exec-finished', (d) => d.executionId === executionId)
    assert.equal(done.exitCode, 0)
    assert.equal(outputOf(s, executionId), 'while-away\n')
  })
} finally {
  opened.forEach((s) => s.close())
  await sandbox.kill()
}
