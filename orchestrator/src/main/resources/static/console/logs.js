// Live command logs (the web shell): run a command in the sandbox over Socket.IO and see its stdout and stderr as they
// arrive, then its exit code and duration; send it stdin; follow a process already running; the sandbox's lifecycle
// log beside it.
import { api, el, sandboxIdOfPage, sandboxNav, sandboxToken, status } from './common.js'

const LIFECYCLE_MS = 3000
const sandboxId = sandboxIdOfPage()
sandboxNav(sandboxId, 'logs')
const output = document.getElementById('output')
let latest = null // the execution stdin goes to

function print(className, text) {
  const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4
  output.append(el('span', { class: className }, text))
  if (atBottom) output.scrollTop = output.scrollHeight
}

const socket = io({
  path: '/sandbox/ws',
  auth: (answer) => sandboxToken(sandboxId).then((token) => answer({ token }), () => answer({ token: '' })),
})
socket.on('connect', () => {
  status('connected')
  socket.emit('join-container', sandboxId)
})
socket.on('connect_error', (e) => status(`cannot connect: ${e.message}; retrying`, 'error'))
socket.on('disconnect', (reason) => status(`disconnected (${reason}); reconnecting`, 'error'))
socket.on('error', (e) => status(e?.message ?? String(e), 'error'))
socket.on('command-accepted', ({ executionId, pid }) => {
  latest = executionId
  print('meta', `[${executionId} started, pid ${pid}]\n`)
})
socket.on('exec-output', ({ type, data }) => print(type === 'stderr' ? 'stderr' : 'stdout', data))
socket.on('exec-finished', ({ executionId, exitCode, status: state, durationMs, error }) => {
  print(exitCode === 0 ? 'exit-ok' : 'exit-bad',
    `[${executionId} ${state}: exit code ${exitCode} after ${durationMs} ms${error ? ` — ${error}` : ''}]\n`)
  if (latest === executionId) latest = null
})

document.getElementById('run').addEventListener('submit', (event) => {
  event.preventDefault()
  const command = document.getElementById('command').value.trim()
  if (!command) return
  print('meta', `$ ${command}\n`)
  socket.emit('execute-command', { containerId: sandboxId, command })
})

document.getElementById('attach').addEventListener('submit', (event) => {
  event.preventDefault()
  const target = document.getElementById('target').value.trim()
  if (!target) return
  const request = /^\d+$/.test(target) ? { pid: Number(target) } : { tag: target }
  print('meta', `[following ${target}]\n`)
  socket.emit('attach-process', { containerId: sandboxId, ...request })
})

function sendStdin(end) {
  if (!latest) {
    status('no command is running to take stdin', 'error')
    return
  }
  const input = document.getElementById('stdin-text')
  socket.emit('stdin-data', { executionId: latest, data: input.value ? input.value + '\n' : '', end })
  input.value = ''
}
document.getElementById('stdin').addEventListener('submit', (event) => {
  event.preventDefault()
  sendStdin(false)
})
document.getElementById('stdin-end').addEventListener('click', () => sendStdin(true))

async function refreshLifecycle() {
  try {
    const { logs } = await api('GET', `/v2/sandboxes/${encodeURIComponent(sandboxId)}/logs`)
    const lifecycle = document.getElementById('lifecycle')
    lifecycle.replaceChildren(...logs.map((entry) =>
      el('div', { class: entry.level === 'warn' || entry.level === 'error' ? 'stderr' : '' },
        el('span', { class: 'meta' }, entry.timestamp.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), ' '), entry.message)))
  } catch (e) {
    status(`lifecycle log: ${e.message}`, 'error')
  }
}
refreshLifecycle()
setInterval(refreshLifecycle, LIFECYCLE_MS)
document.getElementById('command').focus()
