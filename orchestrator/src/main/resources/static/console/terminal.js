// A terminal in the page: xterm.js joined to a PTY in the sandbox over Socket.IO (start-terminal, input, output,
// resize). Tabs opening the same ?session= share one shell; closing a tab leaves it running, and reopening shows what
// the agent kept of its screen. A session can be recorded as an asciicast v2 file, downloaded and replayed here.
import { sandboxIdOfPage, sandboxNav, sandboxToken, status } from './common.js'
import { CastRecorder } from './cast.js'

const sandboxId = sandboxIdOfPage()
const params = new URLSearchParams(location.search)
const session = params.get('session') || 'console'
sandboxNav(sandboxId, 'terminal')
document.getElementById('session').textContent = session
document.getElementById('new-tab').href = `${location.pathname}?session=${encodeURIComponent(session)}`

const term = new Terminal({ cursorBlink: true, convertEol: false, scrollback: 5000,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', fontSize: 14 })
const fit = new FitAddon.FitAddon()
term.loadAddon(fit)
term.open(document.getElementById('terminal'))
fit.fit()
window.soulboxTerminal = term // for tests and the curious: the screen's buffer

const recorder = new CastRecorder()
const socket = io({
  path: '/sandbox/ws',
  // asked again at every (re)connection: tokens are short-lived and open this sandbox alone
  auth: (answer) => sandboxToken(sandboxId).then((token) => answer({ token }), () => answer({ token: '' })),
})

socket.on('connect', () => {
  status('connected')
  socket.emit('start-terminal', { containerId: sandboxId, cols: term.cols, rows: term.rows, session })
})
socket.on('terminal-started', () => status(`connected · ${term.cols}×${term.rows}`))
socket.on('output', (data) => {
  term.write(data)
  recorder.output(data)
})
socket.on('terminal-exited', (info) => status(`the shell exited (${JSON.stringify(info)}); reload to start another`))
socket.on('error', (e) => status(e?.message ?? String(e), 'error'))
socket.on('connect_error', (e) => status(`cannot connect: ${e.message}; retrying`, 'error'))
socket.on('disconnect', (reason) => status(`disconnected (${reason}); reconnecting`, 'error'))

term.onData((data) => socket.emit('input', data))
term.onResize(({ cols, rows }) => {
  socket.emit('resize', { cols, rows })
  recorder.resize(cols, rows)
  status(`connected · ${cols}×${rows}`)
})
new ResizeObserver(() => fit.fit()).observe(document.getElementById('terminal'))
term.focus()

const recordButton = document.getElementById('record')
const downloadButton = document.getElementById('download')
const replayButton = document.getElementById('replay-button')
recordButton.addEventListener('click', () => {
  if (recorder.recording) {
    recorder.stop()
    recordButton.textContent = 'Record'
    downloadButton.disabled = replayButton.disabled = false
  } else {
    recorder.start(term.cols, term.rows, `SoulBox ${sandboxId} ${session}`)
    recordButton.textContent = 'Stop recording'
    downloadButton.disabled = replayButton.disabled = true
  }
})
downloadButton.addEventListener('click', () => {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([recorder.text()], { type: 'application/x-asciicast' }))
  link.download = `${sandboxId}-${session}.cast`
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
})
let player
replayButton.addEventListener('click', () => {
  document.getElementById('replay').hidden = false
  player?.dispose()
  player = AsciinemaPlayer.create({ data: recorder.text() }, document.getElementById('player'), { autoPlay: true, fit: 'width' })
})
document.getElementById('replay-close').addEventListener('click', () => {
  player?.dispose()
  player = null
  document.getElementById('replay').hidden = true
  term.focus()
})
