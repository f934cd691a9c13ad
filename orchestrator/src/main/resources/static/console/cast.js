// Records terminal output as an asciicast v2 file: a JSON header line, then one [seconds, code, data] line per event.
export class CastRecorder {
  recording = false
  #lines = []
  #started = 0

  start(width, height, title) {
    this.#started = performance.now()
    this.#lines = [JSON.stringify({ version: 2, width, height, timestamp: Math.floor(Date.now() / 1000), title,
      env: { TERM: 'xterm-256color' } })]
    this.recording = true
  }

  stop() {
    this.recording = false
  }

  output(data) {
    this.#event('o', data)
  }

  resize(cols, rows) {
    this.#event('r', `${cols}x${rows}`)
  }

  /** The recording so far, as the file's text. */
  text() {
    return this.#lines.join('\n') + '\n'
  }

  #event(code, data) {
    if (!this.recording) return
    const seconds = Math.round(performance.now() - this.#started) / 1000
    this.#lines.push(JSON.stringify([seconds, code, data]))
  }
}
