// Loads the page's scripts: the module named by this tag's data-module, after the page is parsed, and watches the
// scripts before it. A browser on the machine that runs Docker sees a network change each time a sandbox's
// interface appears, and Chromium then aborts the requests in flight (ERR_NETWORK_CHANGED); a page with a script
// missing does not work, and the browser keeps a failed module until the page loads again. So a failed script
// reloads the page, a few times, before the page says what happened.
;(function () {
  const RELOADS = 3
  const key = 'soulbox.reloads:' + location.pathname
  const reloads = Number(sessionStorage.getItem(key) || 0)
  const module = document.currentScript.dataset.module
  let failed = false

  function say(text, kind) {
    const status = document.getElementById('status')
    if (!status) return
    status.textContent = text
    status.dataset.kind = kind
  }

  function scriptFailed() {
    if (failed) return
    failed = true
    if (reloads < RELOADS) {
      sessionStorage.setItem(key, String(reloads + 1))
      setTimeout(() => location.reload(), 500 * (reloads + 1))
      document.addEventListener('DOMContentLoaded', () => say('the page did not load completely; loading it again…'))
      say('the page did not load completely; loading it again…')
      return
    }
    sessionStorage.removeItem(key)
    say('the page did not load: the orchestrator is not reachable; reload when it is', 'error')
  }

  // a script's error event does not bubble; it reaches the window only in the capture phase
  window.addEventListener('error', (e) => {
    if (e.target instanceof HTMLScriptElement) scriptFailed()
  }, true)
  document.addEventListener('DOMContentLoaded', () => {
    if (failed) return
    const script = document.createElement('script')
    script.type = 'module'
    script.src = module
    script.onload = () => sessionStorage.removeItem(key)
    document.head.appendChild(script)
  })
})()
