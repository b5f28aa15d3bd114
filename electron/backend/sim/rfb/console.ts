// A text console drawn into an RGBA framebuffer: VGA text mode (9x16 cells, 80x25 at 720x400) or a
// Linux fbcon on a framebuffer (8x16 cells). Understands \r \n \b \t \f, BEL and a few ANSI sequences
// (SGR colours, ED/EL erase, CUP) so guest output can use them.

import { FONT_HEIGHT, glyph } from './font';

export interface Framebuffer {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, alpha always 255 */
  data: Buffer;
}

export type Damage = (x: number, y: number, w: number, h: number) => void;

/** The 16 VGA colours as QEMU's VGA emulation expands the 6-bit DAC values (0x2a -> 0xa8, 0x3f -> 0xff). */
export const VGA_PALETTE: readonly (readonly [number, number, number])[] = [
  [0x00, 0x00, 0x00],
  [0x00, 0x00, 0xa8],
  [0x00, 0xa8, 0x00],
  [0x00, 0xa8, 0xa8],
  [0xa8, 0x00, 0x00],
  [0xa8, 0x00, 0xa8],
  [0xa8, 0x57, 0x00],
  [0xa8, 0xa8, 0xa8],
  [0x57, 0x57, 0x57],
  [0x57, 0x57, 0xff],
  [0x57, 0xff, 0x57],
  [0x57, 0xff, 0xff],
  [0xff, 0x57, 0x57],
  [0xff, 0x57, 0xff],
  [0xff, 0xff, 0x57],
  [0xff, 0xff, 0xff],
];

/** Linux fbcon's default colour map (drivers/video/fbdev/core/fbcmap.c): 0xaa / 0x55 / 0xff steps. */
export const FBCON_PALETTE: readonly (readonly [number, number, number])[] = VGA_PALETTE.map(
  (c) =>
    c.map((v) => (v === 0xa8 ? 0xaa : v === 0x57 ? 0x55 : v)) as unknown as readonly [number, number, number],
);

export const DEFAULT_ATTR = 0x07; // light grey on black

export interface Logo {
  width: number;
  height: number;
  rgba: Buffer;
}

export interface ConsoleOptions {
  cellWidth: number;
  cellHeight?: number;
  palette: readonly (readonly [number, number, number])[];
  damage: Damage;
}

export class TextConsole {
  cols = 0;
  rows = 0;
  readonly cellWidth: number;
  readonly cellHeight: number;
  private chars = new Uint8Array(0);
  private attrs = new Uint8Array(0);
  /** cursor column / row */
  cx = 0;
  cy = 0;
  private wrapPending = false;
  attr = DEFAULT_ATTR;
  /** cursor shown at all (guest setting) */
  cursorEnabled = true;
  /** blink phase: on/off */
  private cursorOn = true;
  private logo: Logo | null = null;
  /** text row of the logo's top edge; scrolls up with the text */
  private logoRow = 0;
  private esc: string | null = null;

  constructor(
    private fb: Framebuffer,
    private readonly opts: ConsoleOptions,
  ) {
    this.cellWidth = opts.cellWidth;
    this.cellHeight = opts.cellHeight ?? FONT_HEIGHT;
    this.layout();
    this.redrawAll();
  }

  /** The framebuffer changed size (or was replaced): keep the text that still fits and redraw. */
  resize(fb: Framebuffer): void {
    const oldCols = this.cols;
    const oldRows = this.rows;
    const oldChars = this.chars;
    const oldAttrs = this.attrs;
    this.fb = fb;
    this.layout();
    // keep the bottom of the old screen if it got shorter (the cursor line stays visible)
    const shift = Math.max(0, Math.min(oldRows, this.cy + 1) - this.rows);
    for (let r = 0; r < this.rows && r + shift < oldRows; r++) {
      for (let c = 0; c < this.cols && c < oldCols; c++) {
        this.chars[r * this.cols + c] = oldChars[(r + shift) * oldCols + c] ?? 0x20;
        this.attrs[r * this.cols + c] = oldAttrs[(r + shift) * oldCols + c] ?? DEFAULT_ATTR;
      }
    }
    this.cy = Math.max(0, Math.min(this.rows - 1, this.cy - shift));
    this.cx = Math.min(this.cx, this.cols - 1);
    this.logoRow -= shift;
    this.redrawAll();
  }

  private layout(): void {
    this.cols = Math.max(1, Math.floor(this.fb.width / this.cellWidth));
    this.rows = Math.max(1, Math.floor(this.fb.height / this.cellHeight));
    this.chars = new Uint8Array(this.cols * this.rows).fill(0x20);
    this.attrs = new Uint8Array(this.cols * this.rows).fill(DEFAULT_ATTR);
  }

  /** Show `logo` at the top-left corner; text starts below it (as fbcon does with the boot logo). */
  setLogo(logo: Logo | null): void {
    this.logo = logo;
    this.logoRow = 0;
    if (logo) {
      this.drawLogo();
      const below = Math.ceil(logo.height / this.cellHeight);
      if (this.cy < below) this.moveCursor(0, Math.min(below, this.rows - 1));
    }
  }

  /** Character and attribute at a cell (tests, screen scraping). */
  cell(col: number, row: number): { ch: string; attr: number } {
    const i = row * this.cols + col;
    return { ch: String.fromCharCode(this.chars[i] ?? 0x20), attr: this.attrs[i] ?? DEFAULT_ATTR };
  }

  /** One screen line as text (trailing blanks removed). */
  line(row: number): string {
    let s = '';
    for (let c = 0; c < this.cols; c++) s += this.cell(c, row).ch;
    return s.replace(/ +$/, '');
  }

  /** The whole screen as text lines. */
  text(): string[] {
    return Array.from({ length: this.rows }, (_, r) => this.line(r));
  }

  /** Pixel rectangle of a cell. */
  cellRect(col: number, row: number): { x: number; y: number; w: number; h: number } {
    return { x: col * this.cellWidth, y: row * this.cellHeight, w: this.cellWidth, h: this.cellHeight };
  }

  setBlinkPhase(on: boolean): void {
    if (this.cursorOn === on) return;
    this.cursorOn = on;
    this.drawCell(this.cx, this.cy);
  }

  toggleBlink(): void {
    this.setBlinkPhase(!this.cursorOn);
  }

  clear(): void {
    this.chars.fill(0x20);
    this.attrs.fill(this.attr);
    this.logo = null;
    this.cx = 0;
    this.cy = 0;
    this.wrapPending = false;
    this.redrawAll();
  }

  write(text: string): void {
    for (const ch of text) this.put(ch);
  }

  private put(ch: string): void {
    if (this.esc !== null) {
      this.escape(ch);
      return;
    }
    switch (ch) {
      case '\x1b':
        this.esc = '';
        return;
      case '\n':
        this.newline();
        this.moveCursor(0, this.cy);
        return;
      case '\r':
        this.moveCursor(0, this.cy);
        return;
      case '\b':
        this.moveCursor(Math.max(0, this.cx - 1), this.cy);
        return;
      case '\t':
        this.moveCursor(Math.min(this.cols - 1, (Math.floor(this.cx / 8) + 1) * 8), this.cy);
        return;
      case '\f':
        this.clear();
        return;
      case '\x07':
        return;
    }
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code < 0x20) return;
    if (this.wrapPending) {
      this.newline();
      this.moveCursor(0, this.cy);
    }
    const i = this.cy * this.cols + this.cx;
    this.chars[i] = code < 0x80 ? code : 0x7f;
    this.attrs[i] = this.attr;
    if (this.cx >= this.cols - 1) {
      this.drawCell(this.cx, this.cy);
      this.wrapPending = true;
    } else {
      this.moveCursor(this.cx + 1, this.cy);
    }
  }

  private escape(ch: string): void {
    const seq = (this.esc ?? '') + ch;
    if (seq === '[' || (seq.startsWith('[') && /^[0-9;?]$/.test(ch))) {
      this.esc = seq;
      return;
    }
    this.esc = null;
    if (!seq.startsWith('[')) return; // unsupported escape: drop it
    const params = seq
      .slice(1, -1)
      .split(';')
      .map((p) => (p === '' ? NaN : Number(p)));
    const n = (i: number, d: number): number => {
      const v = params[i];
      return v === undefined || Number.isNaN(v) ? d : v;
    };
    switch (ch) {
      case 'm':
        for (const p of params.length ? params : [0]) this.sgr(Number.isNaN(p) ? 0 : p);
        return;
      case 'H':
      case 'f':
        this.moveCursor(Math.min(this.cols - 1, n(1, 1) - 1), Math.min(this.rows - 1, n(0, 1) - 1));
        return;
      case 'J':
        if (n(0, 0) === 2) {
          const keep = { x: this.cx, y: this.cy };
          this.clear();
          this.moveCursor(keep.x, keep.y);
        } else if (n(0, 0) === 0) {
          this.eraseLine(this.cx, this.cols, this.cy);
          for (let r = this.cy + 1; r < this.rows; r++) this.eraseLine(0, this.cols, r);
        }
        return;
      case 'h':
      case 'l':
        if (seq === '[?25' + ch) {
          this.cursorEnabled = ch === 'h';
          this.drawCell(this.cx, this.cy);
        }
        return;
      case 'K':
        if (n(0, 0) === 0) this.eraseLine(this.cx, this.cols, this.cy);
        else if (n(0, 0) === 1) this.eraseLine(0, this.cx + 1, this.cy);
        else this.eraseLine(0, this.cols, this.cy);
        return;
    }
  }

  private sgr(p: number): void {
    const fg = this.attr & 0x0f;
    const bg = (this.attr >> 4) & 0x0f;
    // ANSI colour order (red=1) vs VGA order (blue=1)
    const ansi = [0, 4, 2, 6, 1, 5, 3, 7];
    if (p === 0) this.attr = DEFAULT_ATTR;
    else if (p === 1) this.attr = (bg << 4) | fg | 8;
    else if (p === 22) this.attr = (bg << 4) | (fg & 7);
    else if (p >= 30 && p <= 37) this.attr = (bg << 4) | (fg & 8) | (ansi[p - 30] ?? 7);
    else if (p === 39) this.attr = (bg << 4) | (fg & 8) | 7;
    else if (p >= 40 && p <= 47) this.attr = ((ansi[p - 40] ?? 0) << 4) | fg;
    else if (p === 49) this.attr = fg;
  }

  private eraseLine(from: number, to: number, row: number): void {
    for (let c = from; c < to; c++) {
      this.chars[row * this.cols + c] = 0x20;
      this.attrs[row * this.cols + c] = this.attr & 0xf0 ? this.attr : DEFAULT_ATTR;
      this.drawCell(c, row);
    }
  }

  private newline(): void {
    this.wrapPending = false;
    if (this.cy < this.rows - 1) {
      this.moveCursor(this.cx, this.cy + 1);
      return;
    }
    this.scroll();
  }

  /** Scroll the text area up one line (pixels too, so the logo scrolls away like on fbcon). */
  scroll(): void {
    const stride = this.fb.width * 4;
    const lineBytes = this.cellHeight * stride;
    const areaBytes = this.rows * lineBytes;
    this.fb.data.copy(this.fb.data, 0, lineBytes, areaBytes);
    this.chars.copyWithin(0, this.cols);
    this.attrs.copyWithin(0, this.cols);
    const last = (this.rows - 1) * this.cols;
    this.chars.fill(0x20, last);
    this.attrs.fill(DEFAULT_ATTR, last);
    this.logoRow--;
    if (this.logo && this.logoRow * this.cellHeight + this.logo.height <= 0) this.logo = null;
    // The cursor was drawn on the line that moved up: repaint that cell without it.
    if (this.cy > 0) this.paintCell(this.cx, this.cy - 1, false);
    for (let c = 0; c < this.cols; c++) this.paintCell(c, this.rows - 1, false);
    this.paintCell(this.cx, this.cy, this.cursorShown());
    this.opts.damage(0, 0, this.cols * this.cellWidth, this.rows * this.cellHeight);
  }

  moveCursor(col: number, row: number): void {
    const ox = this.cx;
    const oy = this.cy;
    this.cx = col;
    this.cy = row;
    this.wrapPending = false;
    if (ox !== col || oy !== row) this.drawCell(ox, oy);
    this.drawCell(col, row);
  }

  private cursorShown(): boolean {
    return this.cursorEnabled && this.cursorOn;
  }

  redrawAll(): void {
    const { width, height } = this.fb;
    this.pixels.fill(this.colours[0] ?? 0); // background, also outside the text grid
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++)
        this.paintCell(c, r, r === this.cy && c === this.cx && this.cursorShown());
    }
    this.drawLogo();
    this.opts.damage(0, 0, width, height);
  }

  private drawLogo(): void {
    const logo = this.logo;
    if (!logo) return;
    const { data, width, height } = this.fb;
    const top = this.logoRow * this.cellHeight;
    for (let y = 0; y < logo.height; y++) {
      const py = top + y;
      if (py < 0 || py >= height) continue;
      for (let x = 0; x < logo.width && x < width; x++) {
        const s = (y * logo.width + x) * 4;
        if ((logo.rgba[s + 3] ?? 0) === 0) continue;
        const d = (py * width + x) * 4;
        data[d] = logo.rgba[s] ?? 0;
        data[d + 1] = logo.rgba[s + 1] ?? 0;
        data[d + 2] = logo.rgba[s + 2] ?? 0;
        data[d + 3] = 255;
      }
    }
    this.opts.damage(0, Math.max(0, top), Math.min(logo.width, width), logo.height);
  }

  private drawCell(col: number, row: number): void {
    if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) return;
    this.paintCell(col, row, col === this.cx && row === this.cy && this.cursorShown());
    const r = this.cellRect(col, row);
    this.opts.damage(r.x, r.y, r.w, r.h);
  }

  private paintCell(col: number, row: number, cursor: boolean): void {
    const i = row * this.cols + col;
    const code = this.chars[i] ?? 0x20;
    const attr = this.attrs[i] ?? DEFAULT_ATTR;
    const fg = this.colours[attr & 0x0f] ?? 0;
    const bg = this.colours[(attr >> 4) & 0x0f] ?? 0;
    const rows = glyph(code);
    const px = this.pixels;
    const width = this.fb.width;
    const x0 = col * this.cellWidth;
    const y0 = row * this.cellHeight;
    const cursorFrom = this.cellHeight - 2;
    const cw = this.cellWidth;
    for (let gy = 0; gy < this.cellHeight; gy++) {
      let d = (y0 + gy) * width + x0;
      if (cursor && gy >= cursorFrom) {
        px.fill(fg, d, d + cw);
        continue;
      }
      const bits = gy < FONT_HEIGHT ? (rows[gy] ?? 0) : 0;
      for (let gx = 0; gx < cw; gx++, d++) px[d] = gx < 8 && bits & (0x80 >> gx) ? fg : bg;
    }
  }

  /** The framebuffer as 32-bit pixels (RGBA byte order in memory). */
  private get pixels(): Uint32Array {
    const data = this.fb.data;
    if (
      this.px?.buffer !== data.buffer ||
      this.px.byteOffset !== data.byteOffset ||
      this.px.length * 4 !== data.length
    ) {
      this.px = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
    }
    return this.px;
  }

  private px: Uint32Array | null = null;

  /** palette as 32-bit pixels in memory order R, G, B, A */
  private get colours(): Uint32Array {
    if (!this.pal) {
      const b = Buffer.alloc(this.opts.palette.length * 4);
      this.opts.palette.forEach((c, i) => b.set([c[0], c[1], c[2], 255], i * 4));
      this.pal = new Uint32Array(b.buffer, b.byteOffset, this.opts.palette.length);
    }
    return this.pal;
  }

  private pal: Uint32Array | null = null;
}
