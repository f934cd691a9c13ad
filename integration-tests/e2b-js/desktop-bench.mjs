// Measures E2B's desktop SDK on SoulBox's desktop template: screenshot, leftClick(x, y), moveMouse and press
// round trips, through E2B_API_URL and E2B_SANDBOX_URL. Prints one JSON line of p50/p95 in milliseconds.
// Usage: node desktop-bench.mjs ACTIONS SCREENSHOTS
import { Sandbox } from '@e2b/desktop'

const actions = Number(process.argv[2] ?? 100)
const screenshots = Number(process.argv[3] ?? 50)
const sandbox = await Sandbox.create({ timeoutMs: 600_000 })

async function time(name, n, body) {
  for (let i = 0; i < 5; i++) await body(i)
  const samples = []
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint()
    await body(i)
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  samples.sort((a, b) => a - b)
  const at = (q) => samples[Math.max(0, Math.ceil(q * samples.length) - 1)]
  return { [`${name}P50`]: at(0.5), [`${name}P95`]: at(0.95) }
}

try {
  console.log(JSON.stringify({
    ...(await time('screenshot', screenshots, () => sandbox.screenshot())),
    ...(await time('leftClick', actions, (i) => sandbox.leftClick(700, 300 + (i % 2)))),
    ...(await time('moveMouse', actions, (i) => sandbox.moveMouse(600 + (i % 50), 400))),
    ...(await time('press', actions, () => sandbox.press('shift'))),
  }))
} finally {
  await sandbox.kill()
}
