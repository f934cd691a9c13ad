// Measures E2B's SDK against SoulBox: commands.run('true') round trips and a 100 MB
// files.write / files.read, through E2B_API_URL and E2B_SANDBOX_URL. Prints one JSON line.
// Usage: node bench.mjs ROUND_TRIPS MEGABYTES
import { createHash } from 'node:crypto'
import { e2b } from './lib.mjs'

const roundTrips = Number(process.argv[2] ?? 200)
const megabytes = Number(process.argv[3] ?? 100)
const { Sandbox } = await e2b()
const sandbox = await Sandbox.create('base', { timeoutMs: 600_000 })
try {
  for (let i = 0; i < 20; i++) await sandbox.commands.run('true')
  const samples = []
  for (let i = 0; i < roundTrips; i++) {
    const started = process.hrtime.bigint()
    await sandbox.commands.run('true')
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  samples.sort((a, b) => a - b)
  const at = (q) => samples[Math.max(0, Math.ceil(q * samples.length) - 1)]

  const data = Buffer.alloc(megabytes << 20)
  for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE((i * 2654435761) >>> 0, i)
  let started = process.hrtime.bigint()
  await sandbox.files.write('/tmp/bench.bin', data)
  const writeSeconds = Number(process.hrtime.bigint() - started) / 1e9
  started = process.hrtime.bigint()
  const back = await sandbox.files.read('/tmp/bench.bin', { format: 'bytes' })
  const readSeconds = Number(process.hrtime.bigint() - started) / 1e9
  const same = createHash('sha256').update(back).digest('hex') === createHash('sha256').update(data).digest('hex')
  if (!same) throw new Error('the file read back differs from the one written')
  console.log(JSON.stringify({
    p50: at(0.5), p95: at(0.95), p99: at(0.99), n: samples.length,
    writeMBps: megabytes / writeSeconds, readMBps: megabytes / readSeconds,
  }))
} finally {
  await sandbox.kill()
}
