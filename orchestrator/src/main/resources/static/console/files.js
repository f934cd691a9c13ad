// The sandbox's files: browse its directories, upload by picking or dropping files, download, each transfer with its
// progress. Bytes go straight to the agent's /files through the gateway, on URLs the console signs for five minutes.
import { api, el, sandboxIdOfPage, sandboxNav, status } from './common.js'

const sandboxId = sandboxIdOfPage()
sandboxNav(sandboxId, 'files')
const base = `/console/api/sandboxes/${encodeURIComponent(sandboxId)}/`
const pathInput = document.getElementById('path')
let current = new URLSearchParams(location.search).get('path') || ''

function join(dir, name) {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`
}

function parentOf(path) {
  const trimmed = path.replace(/\/+$/, '')
  const cut = trimmed.lastIndexOf('/')
  return cut <= 0 ? '/' : trimmed.slice(0, cut)
}

function size(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

async function open(path) {
  try {
    const listing = await api('GET', `${base}files?path=${encodeURIComponent(path)}`)
    current = listing.path || (listing.entries.length ? parentOf(listing.entries[0].path) : path)
    pathInput.value = current
    history.replaceState(null, '', `?path=${encodeURIComponent(current)}`)
    document.getElementById('entries').replaceChildren(...listing.entries.map(row))
    status(`${listing.entries.length} entries`)
  } catch (e) {
    status(e.message, 'error')
  }
}

function row(entry) {
  const name = entry.type === 'dir'
    ? el('a', { href: `?path=${encodeURIComponent(entry.path)}`, onclick: (event) => {
      event.preventDefault()
      open(entry.path)
    } }, entry.name + '/')
    : el('span', {}, entry.name)
  return el('tr', { 'data-name': entry.name },
    el('td', { class: 'mono' }, name),
    el('td', { class: 'dim' }, entry.type === 'file' ? size(entry.size) : ''),
    el('td', { class: 'dim' }, entry.modified ? entry.modified.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''),
    el('td', { class: 'mono dim' }, entry.permissions),
    el('td', {}, entry.type === 'file' ? el('button', { onclick: () => download(entry) }, 'Download') : ''))
}

/** A line in the transfer list with a progress bar; returns how to move it on and how to end it. */
function transfer(label) {
  const bar = el('progress', { max: 1, value: 0 })
  const note = el('span', { class: 'dim' }, '')
  const item = el('li', {}, el('span', { class: 'mono' }, label), ' ', bar, ' ', note)
  document.getElementById('transfers').prepend(item)
  return {
    progress(done, total) {
      if (total) bar.value = done / total
      note.textContent = total ? `${size(done)} of ${size(total)}` : size(done)
    },
    end(text, ok = true) {
      bar.value = ok ? 1 : bar.value
      note.textContent = text
      item.dataset.state = ok ? 'done' : 'failed'
    },
  }
}

/** Sends one request to the agent's /files on a signed URL, reporting progress; resolves with the XHR. */
function send(grant, body, onProgress, responseType = 'text') {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(grant.method, grant.url)
    for (const [name, value] of Object.entries(grant.headers)) xhr.setRequestHeader(name, value)
    xhr.responseType = responseType
    const target = body ? xhr.upload : xhr
    target.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0)
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve(xhr) : reject(new Error(failure(xhr))))
    xhr.onerror = () => reject(new Error('the connection failed'))
    xhr.send(body ?? null)
  })
}

function failure(xhr) {
  if (xhr.responseType === 'blob') return `${xhr.status} ${xhr.statusText}`
  try {
    return JSON.parse(xhr.responseText).message ?? `${xhr.status}`
  } catch {
    return `${xhr.status} ${xhr.statusText}`
  }
}

async function upload(files) {
  const dir = current
  for (const file of files) {
    const line = transfer(`↑ ${file.name}`)
    try {
      const grant = await api('POST', `${base}file-url`, { path: join(dir, file.name), operation: 'write' })
      grant.headers['Content-Type'] = 'application/octet-stream'
      await send(grant, file, line.progress)
      line.end(`uploaded ${size(file.size)}`)
    } catch (e) {
      line.end(e.message, false)
      status(`uploading ${file.name}: ${e.message}`, 'error')
    }
  }
  if (dir === current) open(current)
}

async function download(entry) {
  const line = transfer(`↓ ${entry.name}`)
  try {
    const grant = await api('POST', `${base}file-url`, { path: entry.path, operation: 'read' })
    const xhr = await send(grant, null, line.progress, 'blob')
    const url = URL.createObjectURL(xhr.response)
    const link = el('a', { href: url, download: entry.name })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    line.end(`downloaded ${size(xhr.response.size)}`)
  } catch (e) {
    line.end(e.message, false)
    status(`downloading ${entry.name}: ${e.message}`, 'error')
  }
}

document.getElementById('go').addEventListener('submit', (event) => {
  event.preventDefault()
  open(pathInput.value.trim())
})
document.getElementById('up').addEventListener('click', () => open(parentOf(current)))
document.getElementById('refresh').addEventListener('click', () => open(current))
document.getElementById('pick').addEventListener('change', (event) => {
  upload([...event.target.files])
  event.target.value = ''
})
const drop = document.getElementById('drop')
for (const name of ['dragenter', 'dragover']) {
  drop.addEventListener(name, (event) => {
    event.preventDefault()
    drop.classList.add('over')
  })
}
drop.addEventListener('dragleave', () => drop.classList.remove('over'))
drop.addEventListener('drop', (event) => {
  event.preventDefault()
  drop.classList.remove('over')
  upload([...event.dataTransfer.files])
})
open(current)
