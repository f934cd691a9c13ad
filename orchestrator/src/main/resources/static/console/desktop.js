// The sandbox's desktop: noVNC through the sandbox's VNC route, scaled to the window, reconnecting after a drop.
import RFB from '/vnc/core/rfb.js'
import { api, sandboxIdOfPage, sandboxNav, status } from './common.js'

const RETRY_MS = [1000, 2000, 4000, 8000]
const sandboxId = sandboxIdOfPage()
sandboxNav(sandboxId, 'desktop')
const viewOnly = document.getElementById('view-only')
let rfb = null
let failures = 0

function websocketUrl(token) {
  const url = new URL('/websockify', location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.searchParams.set('token', token)
  return url.href
}

async function connect() {
  let token
  try {
    token = (await api('GET', `/console/api/sandboxes/${encodeURIComponent(sandboxId)}/desktop`)).vncToken
  } catch (e) {
    status(e.status === 404 ? e.message : `cannot open the desktop: ${e.message}`, 'error')
    if (e.status !== 404) retry()
    return
  }
  status('connecting…')
  rfb = new RFB(document.getElementById('screen'), websocketUrl(token), { wsProtocols: ['binary'] })
  rfb.scaleViewport = true
  rfb.viewOnly = viewOnly.checked
  window.soulboxDesktop = rfb
  rfb.addEventListener('connect', () => {
    failures = 0
    status('connected')
  })
  rfb.addEventListener('credentialsrequired', () => rfb.sendCredentials({ password: window.prompt('VNC password') }))
  rfb.addEventListener('securityfailure', (e) => status(`VNC refused: ${e.detail.reason || e.detail.status}`, 'error'))
  rfb.addEventListener('disconnect', (e) => {
    rfb = null
    status(e.detail.clean ? 'disconnected; reconnecting…' : 'the connection dropped; reconnecting…', 'error')
    retry()
  })
}

function retry() {
  const delay = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]
  setTimeout(connect, delay)
}

viewOnly.addEventListener('change', () => {
  if (rfb) rfb.viewOnly = viewOnly.checked
})
connect()
