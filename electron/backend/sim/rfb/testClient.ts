// Test helpers: an in-memory Duplex pair and a minimal, strict RFB client (written from RFC 6143, not
// from the server's code) that keeps its own copy of the remote framebuffer.

import { Duplex } from 'node:stream';
import { desEcbEncrypt } from './des';

/**
 * Two connected in-memory Duplex streams (what one writes, the other reads). Delivery is asynchronous
 * and ordered, like a socket: a write never re-enters the writer.
 */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const later = (fn: () => void): void => void setImmediate(fn);
  const make = (peer: () => Duplex | undefined): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        const copy = Buffer.from(chunk);
        later(() => {
          const p = peer();
          if (p && !p.destroyed && !p.readableEnded) p.push(copy);
        });
        cb();
      },
      final(cb) {
        later(() => peer()?.push(null));
        cb();
      },
      destroy(err, cb) {
        later(() => {
          const p = peer();
          if (p && !p.destroyed && !p.readableEnded) p.push(null);
        });
        cb(err);
      },
    });
  ends.push(
    make(() => ends[1]),
    make(() => ends[0]),
  );
  return [ends[0] as Duplex, ends[1] as Duplex];
}

export interface ClientPixelFormat {
  bpp: 8 | 16 | 32;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  max: [number, number, number];
  shift: [number, number, number];
}

export const NOVNC_PF: ClientPixelFormat = {
  bpp: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  max: [255, 255, 255],
  shift: [0, 8, 16],
};

export interface RectInfo {
  x: number;
  y: number;
  w: number;
  h: number;
  encoding: number;
  /** raw pixel bytes (Raw), or the pseudo-encoding payload */
  data: Buffer;
}

export type ServerMsg =
  | { type: 'update'; rects: RectInfo[] }
  | { type: 'colourMap'; first: number; colours: [number, number, number][] }
  | { type: 'bell' }
  | { type: 'cutText'; text: string }
  | { type: 'endOfContinuousUpdates' }
  | { type: 'fence'; flags: number; payload: Buffer };

/** Bit-reversed-key DES as RFC 6143 7.2.2 + the VNC convention, using the test's own key handling. */
export function clientAuthResponse(password: string, challenge: Buffer): Buffer {
  const key = Buffer.alloc(8);
  for (let i = 0; i < 8 && i < password.length; i++) {
    const c = password.charCodeAt(i) & 0xff;
    let r = 0;
    for (let b = 0; b < 8; b++) if (c & (1 << b)) r |= 1 << (7 - b);
    key[i] = r;
  }
  return Buffer.from(desEcbEncrypt(key, challenge));
}

export class RfbTestClient {
  private buf = Buffer.alloc(0);
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  pf: ClientPixelFormat = {
    bpp: 32,
    depth: 24,
    bigEndian: false,
    trueColour: true,
    max: [255, 255, 255],
    shift: [16, 8, 0],
  };
  width = 0;
  height = 0;
  name = '';
  /** the client's copy of the screen, RGBA */
  fb = Buffer.alloc(0);
  palette: [number, number, number][] = [];
  /** bytes received in total */
  received = 0;

  constructor(
    readonly stream: Duplex,
    private readonly timeoutMs = 3000,
  ) {
    stream.on('data', (c: Buffer) => {
      this.received += c.length;
      this.buf = Buffer.concat([this.buf, c]);
      this.pump();
    });
    stream.on('end', () => {
      this.ended = true;
      this.pump();
    });
    stream.on('close', () => {
      this.ended = true;
      this.pump();
    });
    stream.on('error', () => {
      this.ended = true;
      this.pump();
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  private pump(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buf.length >= w.n) {
      this.waiter = null;
      const out = this.buf.subarray(0, w.n);
      this.buf = this.buf.subarray(w.n);
      w.resolve(out);
    } else if (this.ended) {
      this.waiter = null;
      w.reject(new Error(`connection closed (wanted ${w.n} bytes, have ${this.buf.length})`));
    }
  }

  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.waiter) return reject(new Error('concurrent read'));
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`timeout waiting for ${n} bytes (have ${this.buf.length})`));
      }, this.timeoutMs);
      this.waiter = {
        n,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.pump();
    });
  }

  /** Resolves with true when the server closes the connection within `ms`. */
  waitClosed(ms = 2000): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      const done = (): void => {
        clearTimeout(t);
        resolve(true);
      };
      this.stream.once('end', done);
      this.stream.once('close', done);
    });
  }

  /** Bytes already received and not consumed. */
  get pending(): number {
    return this.buf.length;
  }

  send(...parts: (Buffer | number[])[]): void {
    this.stream.write(Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p)))));
  }

  /** Version, security (None or VNC auth), ClientInit, ServerInit. */
  async handshake(opts: { version?: string; password?: string; shared?: boolean } = {}): Promise<void> {
    const banner = (await this.read(12)).toString('latin1');
    if (banner !== 'RFB 003.008\n') throw new Error(`bad banner ${JSON.stringify(banner)}`);
    const version = opts.version ?? '003.008';
    this.send(Buffer.from(`RFB ${version}\n`, 'latin1'));
    let type: number;
    if (version === '003.003') {
      type = (await this.read(4)).readUInt32BE(0);
    } else {
      const n = (await this.read(1))[0] ?? 0;
      const types = [...(await this.read(n))];
      type = opts.password !== undefined ? 2 : (types[0] ?? 0);
      if (!types.includes(type)) throw new Error(`security type ${type} not offered: ${types.join(',')}`);
      this.send([type]);
    }
    if (type === 2) {
      const challenge = await this.read(16);
      this.send(clientAuthResponse(opts.password ?? '', challenge));
    }
    if (type === 2 || version === '003.008') {
      const result = (await this.read(4)).readUInt32BE(0);
      if (result !== 0) {
        let reason = '';
        if (version === '003.008')
          reason = (await this.read((await this.read(4)).readUInt32BE(0))).toString();
        throw new Error(`security failed: ${result} ${reason}`);
      }
    }
    this.send([opts.shared === false ? 0 : 1]);
    const init = await this.read(24);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    this.pf = {
      bpp: init[4] as 8 | 16 | 32,
      depth: init[5] ?? 0,
      bigEndian: init[6] !== 0,
      trueColour: init[7] !== 0,
      max: [init.readUInt16BE(8), init.readUInt16BE(10), init.readUInt16BE(12)],
      shift: [init[14] ?? 0, init[15] ?? 0, init[16] ?? 0],
    };
    this.name = (await this.read(init.readUInt32BE(20))).toString('utf8');
    this.fb = Buffer.alloc(this.width * this.height * 4);
  }

  setPixelFormat(pf: ClientPixelFormat): void {
    const b = Buffer.alloc(20);
    b[4] = pf.bpp;
    b[5] = pf.depth;
    b[6] = pf.bigEndian ? 1 : 0;
    b[7] = pf.trueColour ? 1 : 0;
    b.writeUInt16BE(pf.max[0], 8);
    b.writeUInt16BE(pf.max[1], 10);
    b.writeUInt16BE(pf.max[2], 12);
    b[14] = pf.shift[0];
    b[15] = pf.shift[1];
    b[16] = pf.shift[2];
    this.send(b);
    this.pf = pf;
  }

  setEncodings(list: number[]): void {
    const b = Buffer.alloc(4 + 4 * list.length);
    b[0] = 2;
    b.writeUInt16BE(list.length, 2);
    list.forEach((e, i) => b.writeInt32BE(e, 4 + 4 * i));
    this.send(b);
  }

  requestUpdate(incremental: boolean, x = 0, y = 0, w = this.width, h = this.height): void {
    const b = Buffer.alloc(10);
    b[0] = 3;
    b[1] = incremental ? 1 : 0;
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    b.writeUInt16BE(w, 6);
    b.writeUInt16BE(h, 8);
    this.send(b);
  }

  key(down: boolean, keysym: number): void {
    const b = Buffer.alloc(8);
    b[0] = 4;
    b[1] = down ? 1 : 0;
    b.writeUInt32BE(keysym, 4);
    this.send(b);
  }

  /** press and release */
  tap(keysym: number): void {
    this.key(true, keysym);
    this.key(false, keysym);
  }

  typeString(s: string): void {
    for (const ch of s) this.tap(ch === '\n' ? 0xff0d : (ch.codePointAt(0) ?? 0));
  }

  qemuKey(down: boolean, keysym: number, keycode: number): void {
    const b = Buffer.alloc(12);
    b[0] = 255;
    b[1] = 0;
    b.writeUInt16BE(down ? 1 : 0, 2);
    b.writeUInt32BE(keysym, 4);
    b.writeUInt32BE(keycode, 8);
    this.send(b);
  }

  pointerEvent(x: number, y: number, mask: number): void {
    const b = Buffer.alloc(6);
    b[0] = 5;
    b[1] = mask;
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    this.send(b);
  }

  cutText(text: string): void {
    const t = Buffer.from(text, 'latin1');
    const b = Buffer.alloc(8);
    b[0] = 6;
    b.writeUInt32BE(t.length, 4);
    this.send(b, t);
  }

  setDesktopSize(w: number, h: number): void {
    const b = Buffer.alloc(8 + 16);
    b[0] = 251;
    b.writeUInt16BE(w, 2);
    b.writeUInt16BE(h, 4);
    b[6] = 1;
    b.writeUInt16BE(w, 8 + 8);
    b.writeUInt16BE(h, 8 + 10);
    this.send(b);
  }

  /** Read one server message; FramebufferUpdates are applied to `fb`. */
  async readMessage(): Promise<ServerMsg> {
    const type = (await this.read(1))[0];
    switch (type) {
      case 0: {
        const n = (await this.read(3)).readUInt16BE(1);
        const rects: RectInfo[] = [];
        for (let i = 0; i < n; i++) {
          const h = await this.read(12);
          const r: RectInfo = {
            x: h.readUInt16BE(0),
            y: h.readUInt16BE(2),
            w: h.readUInt16BE(4),
            h: h.readUInt16BE(6),
            encoding: h.readInt32BE(8),
            data: Buffer.alloc(0),
          };
          if (r.encoding === 0) {
            r.data = await this.read(r.w * r.h * (this.pf.bpp / 8));
            this.applyRaw(r);
          } else if (r.encoding === -223) {
            this.resizeLocal(r.w, r.h);
          } else if (r.encoding === -308) {
            const head = await this.read(4);
            const body = await this.read(16 * (head[0] ?? 0));
            r.data = Buffer.concat([head, body]);
            if (r.y === 0) this.resizeLocal(r.w, r.h);
          } else if (r.encoding === -261) {
            r.data = await this.read(1);
          } else if (r.encoding === -258 || r.encoding === -224) {
            // no payload
          } else {
            throw new Error(`unexpected encoding ${r.encoding}`);
          }
          rects.push(r);
        }
        return { type: 'update', rects };
      }
      case 1: {
        const h = await this.read(5);
        const first = h.readUInt16BE(1);
        const n = h.readUInt16BE(3);
        const data = await this.read(6 * n);
        const colours: [number, number, number][] = [];
        for (let i = 0; i < n; i++) {
          const c: [number, number, number] = [
            data.readUInt16BE(i * 6) >> 8,
            data.readUInt16BE(i * 6 + 2) >> 8,
            data.readUInt16BE(i * 6 + 4) >> 8,
          ];
          colours.push(c);
          this.palette[first + i] = c;
        }
        return { type: 'colourMap', first, colours };
      }
      case 2:
        return { type: 'bell' };
      case 3: {
        const len = (await this.read(7)).readUInt32BE(3);
        return { type: 'cutText', text: (await this.read(len)).toString('latin1') };
      }
      case 150:
        return { type: 'endOfContinuousUpdates' };
      case 248: {
        const h = await this.read(8);
        return { type: 'fence', flags: h.readUInt32BE(3), payload: await this.read(h[7] ?? 0) };
      }
      default:
        throw new Error(`unexpected server message type ${type}`);
    }
  }

  /** Read messages until a FramebufferUpdate arrives; returns it. */
  async readUpdate(): Promise<RectInfo[]> {
    for (;;) {
      const m = await this.readMessage();
      if (m.type === 'update') return m.rects;
    }
  }

  /** Request a full frame and read updates until it has pixels. */
  async fullFrame(): Promise<RectInfo[]> {
    this.requestUpdate(false);
    for (;;) {
      const rects = await this.readUpdate();
      if (rects.some((r) => r.encoding === 0)) return rects;
      this.requestUpdate(false);
    }
  }

  private resizeLocal(w: number, h: number): void {
    this.width = w;
    this.height = h;
    this.fb = Buffer.alloc(w * h * 4);
  }

  private applyRaw(r: RectInfo): void {
    const bpp = this.pf.bpp / 8;
    const { bigEndian, trueColour, max, shift } = this.pf;
    const [rm, gm, bm] = max;
    const [rs, gs, bs] = shift;
    const scale = (v: number, m: number): number => (m === 255 ? v : Math.round((v * 255) / m));
    if (
      bpp === 4 &&
      trueColour &&
      rm === 255 &&
      gm === 255 &&
      bm === 255 &&
      (rs % 8) + (gs % 8) + (bs % 8) === 0
    ) {
      // whole bytes: copy them
      const at = (shift: number): number => (bigEndian ? 3 - shift / 8 : shift / 8);
      const [ri, gi, bi] = [at(rs), at(gs), at(bs)];
      for (let row = 0; row < r.h; row++) {
        let s = row * r.w * 4;
        let d = ((r.y + row) * this.width + r.x) * 4;
        for (let col = 0; col < r.w; col++, s += 4, d += 4) {
          this.fb[d] = r.data[s + ri] ?? 0;
          this.fb[d + 1] = r.data[s + gi] ?? 0;
          this.fb[d + 2] = r.data[s + bi] ?? 0;
          this.fb[d + 3] = 255;
        }
      }
      return;
    }
    for (let row = 0; row < r.h; row++) {
      let s = row * r.w * bpp;
      let d = ((r.y + row) * this.width + r.x) * 4;
      for (let col = 0; col < r.w; col++, s += bpp, d += 4) {
        let v: number;
        if (bpp === 4) v = bigEndian ? r.data.readUInt32BE(s) : r.data.readUInt32LE(s);
        else if (bpp === 2) v = bigEndian ? r.data.readUInt16BE(s) : r.data.readUInt16LE(s);
        else v = r.data[s] ?? 0;
        if (trueColour) {
          this.fb[d] = scale((v >>> rs) & rm, rm);
          this.fb[d + 1] = scale((v >>> gs) & gm, gm);
          this.fb[d + 2] = scale((v >>> bs) & bm, bm);
        } else {
          const c = this.palette[v] ?? [0, 0, 0];
          this.fb[d] = c[0];
          this.fb[d + 1] = c[1];
          this.fb[d + 2] = c[2];
        }
        this.fb[d + 3] = 255;
      }
    }
  }

  /** RGB of the client's copy at (x, y) */
  pixel(x: number, y: number): [number, number, number] {
    const i = (y * this.width + x) * 4;
    return [this.fb[i] ?? 0, this.fb[i + 1] ?? 0, this.fb[i + 2] ?? 0];
  }
}
