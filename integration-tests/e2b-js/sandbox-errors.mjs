// Failures reach an E2B program as the SDK's own error classes: a wrong access token and an
// unknown user are AuthenticationError, unknown pids and paths NotFoundError, a bad cwd
// InvalidArgumentError, a deadline TimeoutError.
import { assert, check, createSandbox, e2b, rejects, withAccessToken } from './lib.mjs'

const sdk = await e2b()
const { AuthenticationError, InvalidArgumentError, NotFoundError, TimeoutError } = sdk
const sandbox = await createSandbox(sdk)

try {
  await check('the sandbox answers', async () => {
    assert.equal(await sandbox.isRunning(), true)
    assert.equal((await sandbox.commands.run('echo ok')).stdout, 'ok\n')
  })

  await check('a wrong access token is AuthenticationError, over RPC and REST', async () => {
    const intruder = withAccessToken(sdk, sandbox, 'not-the-token')
    await rejects(() => intruder.commands.run('true'), AuthenticationError)
    await rejects(() => intruder.commands.list(), AuthenticationError)
    await rejects(() => intruder.files.list('/'), AuthenticationError)
    await rejects(() => intruder.files.read('/etc/hostname'), AuthenticationError)
    await rejects(() => intruder.files.write('/tmp/e2b-intruder.txt', 'no'), AuthenticationError)
    assert.equal(await sandbox.files.exists('/tmp/e2b-intruder.txt'), false)
  })

  await check('an unknown user is AuthenticationError', async () => {
    await rejects(() => sandbox.commands.run('true', { user: 'no-such-user' }), AuthenticationError)
    await rejects(() => sandbox.files.read('/etc/hostname', { user: 'no-such-user' }), AuthenticationError)
    await rejects(() => sandbox.files.write('/tmp/e2b-nobody.txt', 'no', { user: 'no-such-user' }), AuthenticationError)
  })

  await check('unknown pids and paths are NotFoundError', async () => {
    await rejects(() => sandbox.commands.connect(2_000_000), NotFoundError)
    await rejects(() => sandbox.commands.sendStdin(2_000_000, 'x'), NotFoundError)
    await rejects(() => sandbox.pty.resize(2_000_000, { cols: 10, rows: 10 }), NotFoundError)
    await rejects(() => sandbox.files.rename('/tmp/e2b-no-such-file', '/tmp/e2b-elsewhere'), NotFoundError)
  })

  await check('a missing cwd is InvalidArgumentError', async () => {
    const e = await rejects(() => sandbox.commands.run('pwd', { cwd: '/no/such/dir' }), InvalidArgumentError)
    assert.match(e.message, /no\/such\/dir/)
  })

  await check('a deadline is TimeoutError', async () => {
    await rejects(() => sandbox.commands.run('sleep 30', { timeoutMs: 1000 }), TimeoutError)
  })
} finally {
  await sandbox.kill()
}
