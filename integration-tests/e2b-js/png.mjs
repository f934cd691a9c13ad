// Reads the pixels of a PNG (8-bit RGB or RGBA, not interlaced: what scrot and Chromium write), so the
// desktop checks can look at what is on the screen rather than at a file header.
import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Decodes a PNG into { width, height, pixel(x, y) -> [r, g, b] }. */
export function decodePng(bytes) {
  const png = Buffer.from(bytes)
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG')
  let width, height, channels
  const data = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colorType, , , interlace] = body.subarray(8, 13)
      if (depth !== 8 || ![2, 6].includes(colorType) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, color type ${colorType}, interlace ${interlace}`)
      }
      channels = colorType === 2 ? 3 : 4
    } else if (type === 'IDAT') {
      data.push(body)
    } else if (type === 'IEND') {
      break
    }
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const pixels = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const out = pixels.subarray(y * stride, (y + 1) * stride)
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride)
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0
      const b = prev[i]
      const c = i >= channels ? prev[i - channels] : 0
      out[i] = (line[i] + unfilter(filter, a, b, c)) & 0xff
    }
  }
  return {
    width,
    height,
    pixel(x, y) {
      const at = y * stride + x * channels
      return [pixels[at], pixels[at + 1], pixels[at + 2]]
    },
  }
}

function unfilter(filter, a, b, c) {
  switch (filter) {
    case 0: return 0
    case 1: return a
    case 2: return b
    case 3: return (a + b) >> 1
    case 4: {
      const p = a + b - c
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c)
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
    }
    default: throw new Error(`bad PNG filter ${filter}`)
  }
}

/** The bounding box of the pixels of one exact colour, or null when none has it. */
export function findColor(image, [r, g, b]) {
  let minX = Infinity, minY = Infinity, maxX = -1, maxY = -1, count = 0
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const [pr, pg, pb] = image.pixel(x, y)
      if (pr === r && pg === g && pb === b) {
        count++
        if (x < minX) minX = x
        if (x > maxX) maxX = x
        if (y < minY) minY = y
        if (y > maxY) maxY = y
      }
    }
  }
  if (count === 0) return null
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1, count,
    centerX: Math.round((minX + maxX) / 2), centerY: Math.round((minY + maxY) / 2) }
}

/** How many distinct colours a sample of the image has: 1 for a blank screen. */
export function colorCount(image, step = 7) {
  const seen = new Set()
  for (let y = 0; y < image.height; y += step) {
    for (let x = 0; x < image.width; x += step) seen.add(image.pixel(x, y).join(','))
  }
  return seen.size
}
