// E2B's desktop SDK (@e2b/desktop), unmodified, on SoulBox's desktop template: create, a page served in
// the sandbox opened in its browser, screenshots read pixel by pixel, mouse and keyboard acting on the page,
// windows, applications, the SDK's own noVNC stream in a real browser, and the sandbox's Chromium driven from
// outside over the DevTools protocol through the orchestrator's port route.
import { readFile, mkdir, writeFile } from 'node:fs/promises'
import { Sandbox } from '@e2b/desktop'
import { chromium } from 'playwright-core'
import { assert, check, eventually, resolveLocalhostSubdomains, scratch } from './lib.mjs'
import { colorCount, decodePng, findColor } from './png.mjs'

const BUTTON = [0xff, 0x00, 0x80]
const PAD = [0x00, 0xa0, 0xff]
const PAGE_PORT = 8000
const screenshots = process.env.SCREENSHOT_DIR ?? 'target/screenshots'
await mkdir(screenshots, { recursive: true })
resolveLocalhostSubdomains()

let sandbox
const dir = scratch('desktop')

/** A screenshot, kept under SCREENSHOT_DIR as NAME.png, decoded. */
async function screenshot(name) {
  const png = await sandbox.screenshot()
  await writeFile(`${screenshots}/${name}.png`, png)
  return decodePng(png)
}

/** The events the page has posted so far. */
async function events() {
  const text = await sandbox.files.read(`${dir}/events.jsonl`).catch(() => '')
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line))
}

async function eventSeen(predicate, what) {
  return eventually(async () => (await events()).find(predicate), 10_000, what)
}

/** Opens a URL in a headless Chromium of this machine; returns [browser, page]. */
async function openInHostBrowser(url) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
  await page.goto(url)
  return [browser, page]
}

/** How many colours noVNC's canvas shows (1 or 0: nothing drawn yet). */
function canvasColors(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('#noVNC_container canvas')
    if (!canvas || canvas.width < 2) return 0
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
    const seen = new Set()
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])
    return seen.size
  })
}

try {
  await check('create: a desktop sandbox whose X server and XFCE session the SDK finds running', async () => {
    const started = Date.now()
    sandbox = await Sandbox.create({ timeoutMs: 300_000 })
    const ms = Date.now() - started
    const session = await sandbox.commands.run('pgrep -c -x xfce4-session; pgrep -c -x xfwm4; pgrep -c -x Xvfb')
    assert.equal(session.stdout, '1\n1\n1\n', 'one session, one window manager, one X server')
    return { ms, sandboxId: sandbox.sandboxId }
  })

  await check('getScreenSize and a screenshot of the real screen, once XFCE has drawn its desktop', async () => {
    const started = Date.now()
    const size = await sandbox.getScreenSize()
    // the session's processes run when create() returns; their first paint follows them
    const image = await eventually(async () => {
      const shot = await screenshot('01-desktop')
      return colorCount(shot) > 5 && shot
    }, 15_000, 'the desktop drawn, not a blank screen')
    assert.deepEqual([image.width, image.height], [size.width, size.height])
    return { ...size, drawnAfterCreateMs: Date.now() - started }
  })

  await check('open(url) shows a page served in the sandbox in its Chromium', async () => {
    await sandbox.files.write(`${dir}/page.html`, await readFile(new URL('./desktop-page/page.html', import.meta.url)))
    await sandbox.files.write(`${dir}/server.py`, await readFile(new URL('./desktop-page/server.py', import.meta.url)))
    await sandbox.commands.run(`python3 ${dir}/server.py ${PAGE_PORT}`, { background: true, timeoutMs: 0 })
    await eventually(async () => (await sandbox.commands.run(`netstat -tln | grep -c ':${PAGE_PORT} ' || true`)).stdout.trim() !== '0')
    await sandbox.open(`http://127.0.0.1:${PAGE_PORT}/`)
    await eventSeen((e) => e.kind === 'loaded', 'the page loaded')
    const button = await eventually(async () => findColor(await screenshot('02-page'), BUTTON), 15_000, 'the button on screen')
    assert.ok(button.width >= 390 && button.height >= 190, `the button is ${button.width}x${button.height} on screen`)
    return button
  })

  await check('write() types into the focused text field', async () => {
    await sandbox.write('hello')
    const typed = await eventSeen((e) => e.kind === 'typed' && e.value === 'hello', 'the page saw "hello"')
    return typed
  })

  await check('press() sends keys, and key combinations', async () => {
    await sandbox.press('enter')
    await eventSeen((e) => e.kind === 'keydown' && e.key === 'Enter', 'Enter')
    await sandbox.press(['ctrl', 'a'])
    await sandbox.press('backspace')
    await eventSeen((e) => e.kind === 'typed' && e.value === '', 'ctrl+a, backspace emptied the field')
  })

  await check('moveMouse + leftClick on the button, found in a screenshot, makes the page write its file', async () => {
    const button = findColor(await screenshot('03-before-click'), BUTTON)
    assert.ok(button, 'the button is on screen')
    await sandbox.moveMouse(button.centerX, button.centerY)
    assert.deepEqual(await sandbox.getCursorPosition(), { x: button.centerX, y: button.centerY })
    await sandbox.leftClick()
    const clicked = await eventually(() => sandbox.files.read(`${dir}/clicked`).catch(() => null), 10_000, 'the file')
    assert.equal(clicked, 'clicked\n')
    return { x: button.centerX, y: button.centerY }
  })

  await check('rightClick, middleClick, doubleClick, scroll and drag reach the page as their events', async () => {
    const pad = findColor(await screenshot('04-pad'), PAD)
    assert.ok(pad, 'the pad is on screen')
    const x = pad.centerX
    const y = pad.centerY
    const ms = {}
    const timed = async (name, body) => { const t = Date.now(); await body(); ms[name] = Date.now() - t }
    await timed('rightClick', () => sandbox.rightClick(x, y))
    await eventSeen((e) => e.kind === 'contextmenu', 'contextmenu')
    await timed('middleClick', () => sandbox.middleClick(x, y))
    await eventSeen((e) => e.kind === 'auxclick' && e.button === 1, 'a middle click')
    await timed('doubleClick', () => sandbox.doubleClick(x, y))
    await eventSeen((e) => e.kind === 'dblclick', 'dblclick')
    await timed('scrollDown', () => sandbox.scroll('down', 2))
    await eventSeen((e) => e.kind === 'wheel' && e.down, 'wheel down')
    await timed('scrollUp', () => sandbox.scroll('up'))
    await eventSeen((e) => e.kind === 'wheel' && !e.down, 'wheel up')
    const before = (await events()).length
    await timed('drag', () => sandbox.drag([pad.x + 20, pad.y + 20], [pad.x + 200, pad.y + 150]))
    const drag = await eventually(async () => {
      const later = (await events()).slice(before)
      const down = later.find((e) => e.kind === 'mousedown' && e.button === 0)
      const up = later.find((e) => e.kind === 'mouseup' && e.button === 0)
      return down && up && { down, up }
    }, 10_000, 'a drag')
    assert.equal(drag.up.x - drag.down.x, 180)
    assert.equal(drag.up.y - drag.down.y, 130)
    return ms
  })

  await check('window queries: the focused window is the browser, with the page as its title', async () => {
    const focused = await sandbox.getCurrentWindowId()
    const windows = await sandbox.getApplicationWindows('chromium')
    assert.ok(windows.includes(focused), `focused ${focused} among Chromium's windows ${windows}`)
    const title = await sandbox.getWindowTitle(focused)
    assert.match(title, /SoulBox desktop check/)
    return { title }
  })

  await check('launch(app) starts an application from its desktop entry', async () => {
    await sandbox.launch('xfce4-terminal')
    const windows = await eventually(async () => {
      const found = await sandbox.getApplicationWindows('xfce4-terminal').catch(() => [])
      return found.filter(Boolean).length > 0 && found
    }, 20_000, 'a terminal window')
    await screenshot('05-terminal')
    return { windows: windows.length }
  })

  await check('the sandbox Chromium, driven from outside with connectOverCDP through the port route', async () => {
    const endpoint = `http://${sandbox.getHost(9222)}`
    const browser = await chromium.connectOverCDP(endpoint)
    try {
      const pages = browser.contexts().flatMap((c) => c.pages())
      const titles = await Promise.all(pages.map((p) => p.title()))
      assert.ok(titles.includes('SoulBox desktop check'), `titles: ${titles}`)
      const page = pages[titles.indexOf('SoulBox desktop check')]
      assert.equal(await page.inputValue('#field'), '')
      await page.fill('#field', 'from outside')
      await eventSeen((e) => e.kind === 'typed' && e.value === 'from outside', 'the page saw the CDP input')
      return { endpoint, pages: titles.length }
    } finally {
      await browser.close()
    }
  })

  await check('stream.start() and getUrl(): the live desktop drawn by noVNC in a real browser', async () => {
    await sandbox.stream.start()
    const url = sandbox.stream.getUrl()
    const [browser, page] = await openInHostBrowser(url)
    try {
      const colors = await eventually(async () => (await canvasColors(page)) > 5 && canvasColors(page), 20_000, 'a drawn canvas')
      await page.screenshot({ path: `${screenshots}/06-stream.png` })
      return { url, colors }
    } finally {
      await browser.close()
    }
  })

  await check('stream.stop() stops the SDK stream, and SoulBox own VNC server keeps serving', async () => {
    await sandbox.stream.stop()
    await eventually(async () => (await sandbox.commands.run('pgrep -x x11vnc || true')).stdout.trim() === '', 5_000, 'x11vnc gone')
    const ours = await sandbox.commands.run('pgrep -x soulbox-vnc && netstat -tln | grep -c ":5910 "')
    assert.ok(ours.stdout.trim().length > 0)
  })

  await check('stream.start({ requireAuth }): the URL with its key connects, one without it is asked for a password', async () => {
    await sandbox.stream.start({ requireAuth: true })
    const key = sandbox.stream.getAuthKey()
    const [browser, page] = await openInHostBrowser(sandbox.stream.getUrl({ authKey: key }))
    try {
      await eventually(async () => (await canvasColors(page)) > 5, 20_000, 'a drawn canvas with the key')
      const unkeyed = await browser.newPage({ ignoreHTTPSErrors: true })
      await unkeyed.goto(sandbox.stream.getUrl())
      await unkeyed.waitForSelector('#noVNC_credentials_dlg.noVNC_open', { timeout: 20_000 })
    } finally {
      await browser.close()
      await sandbox.stream.stop()
    }
  })
} finally {
  await sandbox?.kill()
}
