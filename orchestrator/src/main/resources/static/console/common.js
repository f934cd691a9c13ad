// Shared by the console's pages: calls to this server with the session cookie, and small DOM helpers.

/** The sandbox id of a /sandboxes/<id>/<page> address. */
export function sandboxIdOfPage() {
  const match = location.pathname.match(/^\/sandboxes\/([^/]+)\//)
  return match ? decodeURIComponent(match[1]) : null
}

/** Thrown for a non-2xx answer; message is the server's. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/** A JSON call to this server; a 401 sends the page to the sign-in form. */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const response = await fetch(path, init)
  const text = await response.text()
  const json = text ? JSON.parse(text) : null
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/console/api/session')) {
      location.assign('/?next=' + encodeURIComponent(location.pathname + location.search))
    }
    throw new ApiError(response.status, json?.message ?? `${response.status} ${response.statusText}`)
  }
  return json
}

/** A short-lived token that opens this sandbox's WebSockets and nothing else. */
export async function sandboxToken(sandboxId) {
  const answer = await api('POST', `/console/api/sandboxes/${encodeURIComponent(sandboxId)}/token`, {})
  return answer.token
}

/** An element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value)
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child))
  }
  return node
}

/** Fills the page header's navigation for a sandbox page. */
export function sandboxNav(sandboxId, current) {
  const nav = document.getElementById('nav')
  if (!nav) return
  const base = `/sandboxes/${encodeURIComponent(sandboxId)}/`
  nav.replaceChildren(el('a', { href: '/' }, 'Sandboxes'), ' / ', el('span', { class: 'id' }, sandboxId), ' ',
    ...['terminal', 'logs', 'desktop', 'files'].map((page) =>
      page === current ? el('strong', {}, page) : el('a', { href: base + page }, page)))
  document.title = `${current} · ${sandboxId} · SoulBox`
}

/** Shows a message in the page's status line; kind is "info" or "error". */
export function status(text, kind = 'info') {
  const line = document.getElementById('status')
  if (!line) return
  line.textContent = text
  line.dataset.kind = kind
}
