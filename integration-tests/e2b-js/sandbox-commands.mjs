// commands.run and friends, as an E2B program uses them: output, exit codes, callbacks, env,
// cwd, user, deadlines, background commands with stdin, list, connect and kill.
import { assert, check, createSandbox, e2b, eventually, rejects, scratch } from './lib.mjs'

const sdk = await e2b()
const { CommandExitError, TimeoutError } = sdk
const sandbox = await createSandbox(sdk)
const dir = scratch('commands')

/** Whether a pid is still alive in the sandbox. */
async function alive(pid) {
  const r = await sandbox.commands.run(`kill -0 ${pid} 2>/dev/null && echo alive || echo gone`)
  return r.stdout.trim() === 'alive'
}

try {
  await check('run: stdout, stderr and exit code 0', async () => {
    const r = await sandbox.commands.run('echo out; echo err >&2')
    assert.equal(r.exitCode, 0)
    assert.equal(r.stdout, 'out\n')
    assert.equal(r.stderr, 'err\n')
  })

  await check('run: a non-zero exit is a CommandExitError with the output', async () => {
    const e = await rejects(() => sandbox.commands.run('echo partial; echo oops >&2; exit 3'), CommandExitError)
    assert.equal(e.exitCode, 3)
    assert.equal(e.stdout, 'partial\n')
    assert.equal(e.stderr, 'oops\n')
  })

  await check('run: onStdout and onStderr see the output as it comes', async () => {
    const out = []
    const err = []
    const r = await sandbox.commands.run('for i in 1 2 3; do echo line$i; echo e$i >&2; sleep 0.3; done', {
      onStdout: (d) => out.push(d),
      onStderr: (d) => err.push(d),
    })
    assert.equal(out.join(''), 'line1\nline2\nline3\n')
    assert.equal(err.join(''), 'e1\ne2\ne3\n')
    assert.ok(out.length >= 2, `stdout arrived in ${out.length} piece(s)`)
    assert.equal(r.stdout, 'line1\nline2\nline3\n')
    return { stdoutPieces: out.length }
  })

  await check('run: envs, cwd and user', async () => {
    assert.equal((await sandbox.commands.run('echo "$GREETING"', { envs: { GREETING: 'hello world' } })).stdout, 'hello world\n')
    await sandbox.files.makeDir(dir)
    assert.equal((await sandbox.commands.run('pwd', { cwd: dir })).stdout, `${dir}\n`)
    assert.equal((await sandbox.commands.run('whoami', { user: 'root' })).stdout, 'root\n')
    assert.equal((await sandbox.commands.run('whoami', { user: 'nobody', cwd: '/tmp' })).stdout, 'nobody\n')
  })

  await check('run: timeoutMs kills the command at its deadline', async () => {
    const started = Date.now()
    const handle = await sandbox.commands.run('sleep 30', { background: true, timeoutMs: 1500 })
    await rejects(() => handle.wait(), TimeoutError)
    const elapsed = Date.now() - started
    assert.ok(elapsed < 10_000, `the call took ${elapsed} ms`)
    await eventually(async () => !(await alive(handle.pid)), 10_000, `pid ${handle.pid} gone`)
    return { elapsed }
  })

  await check("run('sleep 1000 &'): the daemon outlives the call", async () => {
    const r = await sandbox.commands.run(`sleep 1000 & echo $! > ${dir}/daemon.pid`)
    assert.equal(r.exitCode, 0)
    const pid = (await sandbox.files.read(`${dir}/daemon.pid`)).trim()
    assert.ok(await alive(pid), `daemon ${pid} runs after the call returned`)
    await sandbox.commands.run(`kill ${pid}`)
  })

  await check("a deadline kills the command's pid, not the daemon it started", async () => {
    const handle = await sandbox.commands.run(`sleep 1000 & echo $! > ${dir}/daemon2.pid; sleep 30`,
      { background: true, timeoutMs: 4000 })
    await eventually(() => sandbox.files.exists(`${dir}/daemon2.pid`), 10_000, 'the daemon started')
    await rejects(() => handle.wait(), TimeoutError)
    const daemon = (await sandbox.files.read(`${dir}/daemon2.pid`)).trim()
    await eventually(async () => !(await alive(handle.pid)), 10_000, `command ${handle.pid} gone`)
    assert.ok(await alive(daemon), `daemon ${daemon} still runs after the deadline`)
    await sandbox.commands.run(`kill ${daemon}`)
  })

  await check('background command with stdin: sendStdin, closeStdin, wait', async () => {
    const handle = await sandbox.commands.run('cat', { background: true, stdin: true })
    await sandbox.commands.sendStdin(handle.pid, 'hello ')
    await sandbox.commands.sendStdin(handle.pid, 'stdin\n')
    await sandbox.commands.closeStdin(handle.pid)
    const r = await handle.wait()
    assert.equal(r.exitCode, 0)
    assert.equal(r.stdout, 'hello stdin\n')
  })

  await check('list shows a running background command', async () => {
    const handle = await sandbox.commands.run('sleep 30', { background: true })
    const listed = (await sandbox.commands.list()).find((p) => p.pid === handle.pid)
    assert.ok(listed, `pid ${handle.pid} is listed`)
    assert.equal(listed.cmd, '/bin/bash')
    assert.deepEqual(listed.args, ['-l', '-c', 'sleep 30'])
    await handle.kill()
  })

  await check('connect re-attaches to a background command', async () => {
    const handle = await sandbox.commands.run('for i in $(seq 1 30); do echo tick$i; sleep 0.1; done', { background: true })
    await handle.disconnect()
    const seen = []
    const again = await sandbox.commands.connect(handle.pid, { onStdout: (d) => seen.push(d) })
    const r = await again.wait()
    assert.equal(r.exitCode, 0)
    assert.match(seen.join(''), /tick30\n$/)
  })

  await check('kill ends a command; killing an unknown pid answers false', async () => {
    const handle = await sandbox.commands.run('sleep 30', { background: true })
    assert.equal(await sandbox.commands.kill(handle.pid), true)
    const e = await rejects(() => handle.wait(), CommandExitError)
    assert.notEqual(e.exitCode, 0)
    await eventually(async () => !(await sandbox.commands.list()).some((p) => p.pid === handle.pid), 10_000, 'killed pid unlisted')
    assert.equal(await sandbox.commands.kill(2_000_000), false)
    return { exitCode: e.exitCode, error: e.error }
  })
} finally {
  await sandbox.commands.run(`rm -rf ${dir}`).catch(() => {})
  await sandbox.kill()
}
