// RFB PIXEL_FORMAT (RFC 6143 7.4) and conversion of the server's RGBA framebuffer into it.

export interface PixelFormat {
  bitsPerPixel: 8 | 16 | 32;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** What QEMU's VNC server announces in ServerInit: 32bpp depth 24 little-endian xRGB. */
export const QEMU_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function encodePixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b[0] = pf.bitsPerPixel;
  b[1] = pf.depth;
  b[2] = pf.bigEndian ? 1 : 0;
  b[3] = pf.trueColour ? 1 : 0;
  b.writeUInt16BE(pf.redMax, 4);
  b.writeUInt16BE(pf.greenMax, 6);
  b.writeUInt16BE(pf.blueMax, 8);
  b[10] = pf.redShift;
  b[11] = pf.greenShift;
  b[12] = pf.blueShift;
  return b;
}

/** Parse 16 bytes of PIXEL_FORMAT; null when the server can't produce it. */
export function decodePixelFormat(b: Buffer, off = 0): PixelFormat | null {
  const bpp = b[off] ?? 0;
  if (bpp !== 8 && bpp !== 16 && bpp !== 32) return null;
  const pf: PixelFormat = {
    bitsPerPixel: bpp,
    depth: b[off + 1] ?? 0,
    bigEndian: (b[off + 2] ?? 0) !== 0,
    trueColour: (b[off + 3] ?? 0) !== 0,
    redMax: b.readUInt16BE(off + 4),
    greenMax: b.readUInt16BE(off + 6),
    blueMax: b.readUInt16BE(off + 8),
    redShift: b[off + 10] ?? 0,
    greenShift: b[off + 11] ?? 0,
    blueShift: b[off + 12] ?? 0,
  };
  if (pf.trueColour) {
    for (const [max, shift] of [
      [pf.redMax, pf.redShift],
      [pf.greenMax, pf.greenShift],
      [pf.blueMax, pf.blueShift],
    ] as const) {
      if (max === 0 || shift >= bpp) return null;
    }
  }
  return pf;
}

/**
 * Colour map used when a client asks for a palette (true-colour flag 0): RGB 3-3-2, 256 entries,
 * sent to the client with SetColourMapEntries.
 */
export function paletteMessage(): Buffer {
  const b = Buffer.alloc(6 + 256 * 6);
  b[0] = 1; // SetColourMapEntries
  b.writeUInt16BE(0, 2); // first colour
  b.writeUInt16BE(256, 4);
  for (let i = 0; i < 256; i++) {
    const r = ((i >> 5) & 7) * 0xffff;
    const g = ((i >> 2) & 7) * 0xffff;
    const bl = (i & 3) * 0xffff;
    b.writeUInt16BE(Math.round(r / 7), 6 + i * 6);
    b.writeUInt16BE(Math.round(g / 7), 8 + i * 6);
    b.writeUInt16BE(Math.round(bl / 3), 10 + i * 6);
  }
  return b;
}

export type PixelConverter = (
  rgba: Buffer,
  stride: number,
  x: number,
  y: number,
  w: number,
  h: number,
  out: Buffer,
  outOff: number,
) => number;

/** Build a converter RGBA -> `pf` for a rectangle; returns the offset after the written pixels. */
export function makeConverter(pf: PixelFormat): PixelConverter {
  const bytes = pf.bitsPerPixel / 8;
  const table = (max: number, shift: number): Uint32Array => {
    const t = new Uint32Array(256);
    for (let c = 0; c < 256; c++) t[c] = (Math.floor((c * max + 127) / 255) * 2 ** shift) >>> 0;
    return t;
  };
  let rt: Uint32Array, gt: Uint32Array, bt: Uint32Array;
  if (pf.trueColour) {
    rt = table(pf.redMax, pf.redShift);
    gt = table(pf.greenMax, pf.greenShift);
    bt = table(pf.blueMax, pf.blueShift);
  } else {
    // RGB332 palette index (see paletteMessage)
    rt = new Uint32Array(256).map((_, c) => (c >> 5) << 5);
    gt = new Uint32Array(256).map((_, c) => (c >> 5) << 2);
    bt = new Uint32Array(256).map((_, c) => c >> 6);
  }
  const be = pf.bigEndian;
  // Fast path: 32bpp, 8-bit channels on byte boundaries (noVNC's and QEMU's formats).
  const byteAligned =
    pf.trueColour &&
    bytes === 4 &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255 &&
    [pf.redShift, pf.greenShift, pf.blueShift].every((s) => s % 8 === 0);
  if (byteAligned) {
    const pos = (shift: number): number => (be ? 3 - shift / 8 : shift / 8);
    const ri = pos(pf.redShift);
    const gi = pos(pf.greenShift);
    const bi = pos(pf.blueShift);
    return (rgba, stride, x, y, w, h, out, o) => {
      for (let row = 0; row < h; row++) {
        let i = (y + row) * stride + x * 4;
        out.fill(0, o, o + w * 4);
        for (let col = 0; col < w; col++, i += 4, o += 4) {
          out[o + ri] = rgba[i] ?? 0;
          out[o + gi] = rgba[i + 1] ?? 0;
          out[o + bi] = rgba[i + 2] ?? 0;
        }
      }
      return o;
    };
  }
  return (rgba, stride, x, y, w, h, out, o) => {
    for (let row = 0; row < h; row++) {
      let i = (y + row) * stride + x * 4;
      for (let col = 0; col < w; col++, i += 4) {
        const v = ((rt[rgba[i] ?? 0] ?? 0) | (gt[rgba[i + 1] ?? 0] ?? 0) | (bt[rgba[i + 2] ?? 0] ?? 0)) >>> 0;
        if (bytes === 1) {
          out[o++] = v & 0xff;
        } else if (bytes === 2) {
          if (be) out.writeUInt16BE(v & 0xffff, o);
          else out.writeUInt16LE(v & 0xffff, o);
          o += 2;
        } else {
          if (be) out.writeUInt32BE(v, o);
          else out.writeUInt32LE(v, o);
          o += 4;
        }
      }
    }
    return o;
  };
}
