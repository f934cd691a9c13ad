// The web console in a real headless Chromium (Debian's, driven by playwright-core): sign-in, the live list and
// create, the terminal (shared sessions, replay, resize, recording), the logs page, the files page, the desktop, and
// the tokens its WebSockets use. Screenshots go to SCREENSHOT_DIR.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { chromium } from 'playwright-core'
import { io } from 'socket.io-client'
import { assert, check, e2b, eventually } from './lib.mjs'
import { colorCount, decodePng } from './png.mjs'

const url = process.env.E2B_API_URL
const key = process.env.E2B_API_KEY
const shots = process.env.SCREENSHOT_DIR ?? 'target/screenshots/console'
await mkdir(shots, { recursive: true })
const { Sandbox } = await e2b()
const marker = `console-check-${process.pid}`
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
const problems = [] // script errors and Content-Security-Policy violations on any page
context.on('page', watch)
const page = await context.newPage()
const sandboxes = []
let id

function watch(p) {
  p.on('pageerror', (e) => problems.push(`${p.url()}: ${e.message}`))
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`${p.url()}: ${m.text()}`)
  })
}

async function shot(p, name) {
  await p.screenshot({ path: `${shots}/${name}.png` })
}

/** The terminal page's screen, as text: xterm.js's buffer, one line per row. */
async function screen(p) {
  return p.evaluate(() => {
    const buffer = window.soulboxTerminal.buffer.active
    const lines = []
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true))
    return lines.join('\n')
  })
}

async function openTerminal(session) {
  const p = await context.newPage()
  await p.goto(`${url}/sandboxes/${id}/terminal?session=${session}`)
  await p.waitForFunction(() => /connected ·/.test(document.getElementById('status').textContent), null, { timeout: 20_000 })
  return p
}

/** Types a line into the terminal once the shell shows a prompt, and waits for what it should print. */
async function typeLine(p, line, expected) {
  await eventually(async () => /\$ *$/m.test(await screen(p)), 15_000, 'a prompt')
  await p.locator('#terminal').click()
  await p.keyboard.type(line)
  await p.keyboard.press('Enter')
  await eventually(async () => expected.test(await screen(p)), 15_000, `${expected} on the screen`)
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex')
}

async function rest(method, path, body, apiKey = key) {
  const response = await fetch(url + path, {
    method, headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey }, body: body && JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

try {
  await check('a wrong key is refused; the right one signs in with an HttpOnly, SameSite=Strict cookie', async () => {
    await page.goto(url + '/')
    await page.fill('#api-key', 'e2b_not-the-key')
    await page.click('#login button[type=submit]')
    await page.waitForFunction(() => /not this orchestrator's API key/.test(document.getElementById('status').textContent))
    await page.fill('#api-key', key)
    await page.click('#login button[type=submit]')
    await page.waitForSelector('#sandboxes:not([hidden])')
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'soulbox_console')
    assert.ok(cookie, 'a session cookie')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page script cannot read the session')
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
    assert.ok(!stored.includes(key), 'the key is not kept in the page')
    assert.equal(await page.inputValue('#api-key'), '', 'the key field is cleared')
  })

  await check('create a sandbox from the console; the list shows it live with its metadata', async () => {
    await page.fill('#metadata', `purpose=${marker}`)
    await page.fill('#timeout', '600')
    await page.click('#create button[type=submit]')
    const row = page.locator('tr[data-sandbox]', { hasText: marker })
    await row.waitFor({ timeout: 20_000 })
    id = await row.getAttribute('data-sandbox')
    sandboxes.push(id)
    assert.match(await row.innerText(), /base\s+running/)
    await eventually(async () => /MiB used/.test(await row.innerText()), 15_000, 'memory use in the list')
    const listed = await rest('GET', `/sandboxes/${id}`)
    assert.equal(listed.body.metadata.purpose, marker)
    await shot(page, '01-console')
  })

  let first
  await check('the terminal: typing `echo $((6*7))` shows 42', async () => {
    first = await openTerminal('shared')
    await typeLine(first, 'echo $((6*7))', /^42$/m)
  })

  let second
  await check('a second tab on the same session sees the same screen, and what the other types', async () => {
    second = await openTerminal('shared')
    await eventually(async () => /^42$/m.test(await screen(second)), 15_000, '42 in the second tab')
    await typeLine(second, 'echo from-the-$((1+1))nd-tab', /^from-the-2nd-tab$/m)
    await eventually(async () => /^from-the-2nd-tab$/m.test(await screen(first)), 15_000, 'the first tab sees it')
    await shot(first, '02-terminal')
  })

  await check('closing both tabs leaves the shell running; reopening shows the earlier output', async () => {
    const pid = (await rest('POST', '/api/sandbox/exec', { containerId: id, command: 'pgrep -f "bash -i -l" | head -1' })).body.stdout
    await first.close()
    await second.close()
    first = await openTerminal('shared')
    await eventually(async () => /^42$/m.test(await screen(first)) && /^from-the-2nd-tab$/m.test(await screen(first)),
      15_000, 'the replayed screen')
    const after = (await rest('POST', '/api/sandbox/exec', { containerId: id, command: 'pgrep -f "bash -i -l" | head -1' })).body.stdout
    assert.equal(after, pid, 'the same shell')
  })

  await check('resizing the window resizes the PTY: stty size follows', async () => {
    const before = await first.evaluate(() => [window.soulboxTerminal.rows, window.soulboxTerminal.cols])
    await first.setViewportSize({ width: 820, height: 520 })
    const [rows, cols] = await eventually(async () => {
      const now = await first.evaluate(() => [window.soulboxTerminal.rows, window.soulboxTerminal.cols])
      return now[1] < before[1] && now
    }, 10_000, 'xterm.js fitted to the smaller window')
    await typeLine(first, 'stty size', new RegExp(`^${rows} ${cols}$`, 'm'))
    await first.setViewportSize({ width: 1280, height: 800 })
  })

  await check('record a session, download it as an asciicast v2 file, replay it in the page', async () => {
    await first.click('#record')
    await typeLine(first, 'echo recorded-$((2+3))', /^recorded-5$/m)
    await first.click('#record')
    const [download] = await Promise.all([first.waitForEvent('download'), first.click('#download')])
    assert.match(download.suggestedFilename(), new RegExp(`^${id}-shared\\.cast$`))
    const path = `${shots}/${download.suggestedFilename()}`
    await download.saveAs(path)
    const [header, ...events] = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line))
    assert.equal(header.version, 2)
    assert.ok(header.width > 0 && header.height > 0)
    assert.ok(events.every(([t, code]) => typeof t === 'number' && (code === 'o' || code === 'r')))
    assert.ok(events.some(([, , data]) => data.includes('recorded-5')), 'the output is in the recording')
    await first.click('#replay-button')
    await first.waitForFunction(() => document.getElementById('player').innerText.includes('recorded-5'), null,
      { timeout: 15_000 })
    await shot(first, '03-replay')
    await first.click('#replay-close')
  })

  await check('the logs page: stdout and stderr as they arrive, stdin, the exit code and duration', async () => {
    const logs = await context.newPage()
    await logs.goto(`${url}/sandboxes/${id}/logs`)
    await logs.waitForFunction(() => document.getElementById('status').textContent === 'connected')
    await logs.fill('#command', 'echo to-out; echo to-err >&2; sleep 0.2; exit 7')
    await logs.press('#command', 'Enter')
    await logs.waitForSelector('#output .exit-bad:has-text("exit code 7")')
    assert.match(await logs.locator('#output .stdout').allInnerTexts().then((t) => t.join('')), /to-out/)
    assert.match(await logs.locator('#output .stderr').allInnerTexts().then((t) => t.join('')), /to-err/)
    assert.match(await logs.locator('#output .exit-bad').innerText(), /failed: exit code 7 after \d+ ms/)
    await logs.fill('#command', 'read line; echo "got:$line"')
    await logs.press('#command', 'Enter')
    await logs.waitForSelector('#output .meta:has-text("started, pid")')
    await logs.fill('#stdin-text', 'typed into stdin')
    await logs.press('#stdin-text', 'Enter')
    await logs.waitForSelector('#output .stdout:has-text("got:typed into stdin")')
    await logs.waitForSelector('#output .exit-ok:has-text("exit code 0")')
    await logs.waitForSelector('#lifecycle div')
    await shot(logs, '04-logs')
    await logs.close()
  })

  await check('the logs page follows a process already running, by pid', async () => {
    const sandbox = await Sandbox.connect(id)
    const running = await sandbox.commands.run('for i in 1 2 3; do echo follow-$i; sleep 0.5; done', { background: true })
    const logs = await context.newPage()
    await logs.goto(`${url}/sandboxes/${id}/logs`)
    await logs.waitForFunction(() => document.getElementById('status').textContent === 'connected')
    await logs.fill('#target', String(running.pid))
    await logs.press('#target', 'Enter')
    await logs.waitForSelector('#output .stdout:has-text("follow-3")', { timeout: 15_000 })
    await logs.waitForSelector('#output .exit-ok:has-text("exit code 0")')
    await logs.close()
  })

  await check('the files page: browse, upload by picking and by dropping, download, with progress', async () => {
    const sandbox = await Sandbox.connect(id)
    const dir = `/tmp/${marker}`
    await sandbox.files.makeDir(dir)
    const files = await context.newPage()
    await files.goto(`${url}/sandboxes/${id}/files?path=${encodeURIComponent(dir)}`)
    await files.waitForFunction(() => /0 entries/.test(document.getElementById('status').textContent))
    const big = randomBytes(24 << 20)
    await files.setInputFiles('#pick', { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big })
    const line = files.locator('#transfers li', { hasText: 'big.bin' })
    await files.waitForSelector('#transfers li[data-state]:has-text("big.bin")', { timeout: 60_000 })
    assert.equal(await line.getAttribute('data-state'), 'done', await line.innerText())
    assert.match(await line.innerText(), /uploaded 24\.0 MiB/)
    assert.equal(sha256(await sandbox.files.read(`${dir}/big.bin`, { format: 'bytes' })), sha256(big))
    await files.evaluate(() => {
      const data = new DataTransfer()
      data.items.add(new File(['dropped in the page\n'], 'dropped.txt', { type: 'text/plain' }))
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await files.waitForSelector('tr[data-name="dropped.txt"]', { timeout: 15_000 })
    assert.equal(await sandbox.files.read(`${dir}/dropped.txt`), 'dropped in the page\n')
    await files.waitForSelector('tr[data-name="big.bin"]')
    const [download] = await Promise.all([files.waitForEvent('download'),
      files.click('tr[data-name="big.bin"] button')])
    assert.equal(download.suggestedFilename(), 'big.bin')
    assert.equal(sha256(await readFile(await download.path())), sha256(big))
    await files.waitForSelector('#transfers li[data-state=done]:has-text("downloaded 24.0 MiB")')
    await files.click('#up')
    await files.waitForSelector(`tr[data-name="${marker}"]`)
    await shot(files, '05-files')
    await files.close()
  })

  await check('a sandbox without a desktop says so on its desktop page', async () => {
    const desktop = await context.newPage()
    await desktop.goto(`${url}/sandboxes/${id}/desktop`)
    await desktop.waitForFunction(() => /has no desktop/.test(document.getElementById('status').textContent))
    await desktop.close()
  })

  await check('the desktop page draws the sandbox desktop through noVNC, scaled to the window', async () => {
    const desktopSandbox = await Sandbox.create('desktop', { timeoutMs: 300_000 })
    sandboxes.push(desktopSandbox.sandboxId)
    const desktop = await context.newPage()
    await desktop.goto(`${url}/sandboxes/${desktopSandbox.sandboxId}/desktop`)
    await desktop.waitForFunction(() => document.getElementById('status').textContent === 'connected', null,
      { timeout: 30_000 })
    const canvas = desktop.locator('#screen canvas')
    const image = await eventually(async () => {
      const png = decodePng(await canvas.screenshot())
      return colorCount(png) > 5 && png
    }, 30_000, 'a drawn desktop, not a blank canvas')
    const box = await canvas.boundingBox()
    assert.ok(box.width <= 1280 && box.height <= 800 - 40, `the canvas fits the window: ${box.width}x${box.height}`)
    await shot(desktop, '06-desktop')
    await desktop.close()
    return { width: image.width, height: image.height }
  })

  await check('the desktop page reconnects by itself when its connection drops', async () => {
    const desktopSandbox = await Sandbox.connect(sandboxes[sandboxes.length - 1])
    const desktop = await context.newPage()
    await desktop.goto(`${url}/sandboxes/${desktopSandbox.sandboxId}/desktop`)
    await desktop.waitForFunction(() => document.getElementById('status').textContent === 'connected', null,
      { timeout: 30_000 })
    const seen = desktop.waitForFunction(() => /reconnecting/.test(document.getElementById('status').textContent),
      null, { timeout: 15_000, polling: 10 })
    // SIGKILL: x11vnc with a viewer attached can take longer than sv's wait to stop on TERM; runsv restarts it
    await desktopSandbox.commands.run('sv kill /etc/service/vnc', { user: 'root' })
    await seen
    await desktop.waitForFunction(() => document.getElementById('status').textContent === 'connected', null,
      { timeout: 30_000 })
    await desktop.close()
  })

  await check('pause, resume and kill from the list', async () => {
    const other = await Sandbox.create('base', { metadata: { purpose: `${marker}-lifecycle` }, timeoutMs: 300_000 })
    sandboxes.push(other.sandboxId)
    const row = page.locator(`tr[data-sandbox="${other.sandboxId}"]`)
    await row.waitFor({ timeout: 20_000 })
    await row.locator('button', { hasText: 'Pause' }).click()
    await row.locator('td.state-paused').waitFor({ timeout: 20_000 })
    assert.equal((await rest('GET', `/sandboxes/${other.sandboxId}`)).body.state, 'paused')
    await row.locator('button', { hasText: 'Resume' }).click()
    await row.locator('td.state-running').waitFor({ timeout: 20_000 })
    assert.equal((await other.commands.run('echo resumed')).stdout, 'resumed\n')
    page.once('dialog', (dialog) => dialog.accept())
    await row.locator('button', { hasText: 'Kill' }).click()
    await row.waitFor({ state: 'detached', timeout: 20_000 })
    assert.equal((await rest('GET', `/sandboxes/${other.sandboxId}`)).status, 404)
  })

  await check('a wrong, foreign or expired token is refused; signing out ends the session', async () => {
    const refused = async (token) => {
      const socket = io(url, { path: '/sandbox/ws', transports: ['websocket'], auth: { token }, reconnection: false })
      try {
        return await new Promise((resolve) => {
          socket.once('connect', () => resolve(null))
          socket.once('connect_error', (e) => resolve(e))
        })
      } finally {
        socket.close()
      }
    }
    assert.match((await refused('sbt.forged.token')).message, /malformed|not issued by this server/)
    const short = await rest('POST', '/api/sandbox/tokens', { containerId: id, ttlSeconds: 1 })
    assert.equal(short.status, 201)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    assert.match((await refused(short.body.token)).message, /expired/)
    const issued = await page.evaluate(async (sandboxId) => {
      const r = await fetch(`/console/api/sandboxes/${sandboxId}/token`, { method: 'POST' })
      return r.json()
    }, id)
    const socket = io(url, { path: '/sandbox/ws', transports: ['websocket'], auth: { token: issued.token }, reconnection: false })
    const joined = await new Promise((resolve) => {
      socket.on('connect', () => socket.emit('join-container', sandboxes[1]))
      socket.on('error', resolve)
    })
    socket.close()
    assert.equal(joined.code, 'PERMISSION_DENIED', 'a console token for one sandbox opens no other')
    const vnc = await page.evaluate((address) => new Promise((resolve) => {
      const ws = new WebSocket(address)
      ws.onopen = () => resolve('open')
      ws.onclose = () => resolve('closed')
    }), url.replace(/^http/, 'ws') + '/websockify?token=not-a-vnc-token')
    assert.equal(vnc, 'closed', 'a wrong VNC token opens nothing')
    const cookie = (await context.cookies()).find((c) => c.name === 'soulbox_console')
    await page.click('#sign-out')
    await page.waitForSelector('#login:not([hidden])')
    const after = await fetch(`${url}/console/api/sandboxes/${id}/token`, {
      method: 'POST', headers: { Cookie: `soulbox_console=${cookie.value}`, Origin: url },
    })
    assert.equal(after.status, 401, 'the old cookie is dead on the server')
    await shot(page, '07-signed-out')
  })

  await check('no page had a script error or a Content-Security-Policy violation', async () => {
    assert.deepEqual(problems, [])
  })
} finally {
  await browser.close()
  for (const sandboxId of sandboxes) await Sandbox.kill(sandboxId).catch(() => {})
}
