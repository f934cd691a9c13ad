// The console's front page: sign in with the API key, then the live list of sandboxes and what can be done to them.
import { api, el, status } from './common.js'

const REFRESH_MS = 2000
const USAGE_MS = 5000
const usage = new Map() // sandbox id -> latest metric
let usageFetched = 0

function duration(ms) {
  if (ms < 0) return '—'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
}

function mib(bytes) {
  return `${Math.round(bytes / (1024 * 1024))} MiB`
}

function metadataText(metadata) {
  return Object.entries(metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')
}

function parseMetadata(text) {
  const metadata = {}
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=')
    if (eq < 1) throw new Error(`metadata "${pair}" is not key=value`)
    metadata[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim()
  }
  return metadata
}

async function act(what, call) {
  try {
    status(`${what}…`)
    await call()
    status(`${what}: done`)
    await refresh()
  } catch (e) {
    status(`${what}: ${e.message}`, 'error')
  }
}

function row(sandbox, now) {
  const id = sandbox.sandboxID
  const path = (p) => `/sandboxes/${encodeURIComponent(id)}/${p}`
  const metric = usage.get(id)
  const running = sandbox.state === 'running'
  return el('tr', { 'data-sandbox': id },
    el('td', { class: 'id' }, id),
    el('td', {}, sandbox.templateID),
    el('td', { class: `state-${sandbox.state}` }, sandbox.state),
    el('td', { class: 'mono' }, metadataText(sandbox.metadata)),
    el('td', {}, duration(now - Date.parse(sandbox.startedAt))),
    el('td', {}, duration(Date.parse(sandbox.endAt) - now)),
    el('td', {}, `${sandbox.cpuCount} vCPU`, metric ? el('div', { class: 'dim' }, `${metric.cpuUsedPct.toFixed(1)}%`) : null),
    el('td', {}, `${sandbox.memoryMB} MiB`, metric ? el('div', { class: 'dim' }, `${mib(metric.memUsed)} used`) : null),
    el('td', {}, ...['terminal', 'logs', 'desktop', 'files'].flatMap((p) => [el('a', { href: path(p) }, p), ' '])),
    el('td', {},
      running
        ? el('button', { onclick: () => act(`pause ${id}`, () => api('POST', `/sandboxes/${id}/pause`, {})) }, 'Pause')
        : el('button', { onclick: () => act(`resume ${id}`, () => api('POST', `/sandboxes/${id}/resume`, {})) }, 'Resume'),
      ' ',
      el('button', { class: 'danger', onclick: () => confirm(`Kill sandbox ${id}?`) && act(`kill ${id}`, () => api('DELETE', `/sandboxes/${id}`)) }, 'Kill')))
}

async function refreshUsage(sandboxes) {
  usageFetched = Date.now()
  await Promise.all(sandboxes.filter((s) => s.state === 'running').map(async (s) => {
    try {
      const metrics = await api('GET', `/sandboxes/${encodeURIComponent(s.sandboxID)}/metrics`)
      if (metrics.length) usage.set(s.sandboxID, metrics[metrics.length - 1])
    } catch {
      usage.delete(s.sandboxID)
    }
  }))
}

async function refresh() {
  const sandboxes = await api('GET', '/v2/sandboxes')
  if (Date.now() - usageFetched > USAGE_MS) await refreshUsage(sandboxes)
  const now = Date.now()
  document.getElementById('rows').replaceChildren(...sandboxes.map((s) => row(s, now)))
  document.getElementById('empty').hidden = sandboxes.length > 0
}

async function showConsole() {
  document.getElementById('login').hidden = true
  document.getElementById('sandboxes').hidden = false
  document.getElementById('sign-out').hidden = false
  const templates = await api('GET', '/templates')
  document.getElementById('template').replaceChildren(...templates.map((t) =>
    el('option', { value: t.templateID, selected: t.templateID === 'base' }, t.templateID)))
  await refresh()
  setInterval(() => refresh().catch((e) => status(`refresh: ${e.message}`, 'error')), REFRESH_MS)
}

function showLogin() {
  document.getElementById('login').hidden = false
  document.getElementById('api-key').focus()
}

document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault()
  const input = document.getElementById('api-key')
  try {
    await api('POST', '/console/api/session', { apiKey: input.value })
    input.value = ''
    const next = new URLSearchParams(location.search).get('next')
    if (next && next.startsWith('/') && !next.startsWith('//')) location.assign(next)
    else { status(''); await showConsole() }
  } catch (e) {
    status(e.message, 'error')
  }
})

document.getElementById('create').addEventListener('submit', (event) => {
  event.preventDefault()
  act('create', async () => {
    const body = {
      templateID: document.getElementById('template').value,
      timeout: Number(document.getElementById('timeout').value),
      metadata: parseMetadata(document.getElementById('metadata').value),
    }
    const created = await api('POST', '/sandboxes', body)
    status(`created ${created.sandboxID}`)
  })
})

document.getElementById('sign-out').addEventListener('click', async () => {
  await api('DELETE', '/console/api/session').catch(() => {})
  location.assign('/')
})

try {
  await api('GET', '/console/api/session')
  await showConsole()
} catch {
  showLogin()
}
