// One RFB 3.3/3.7/3.8 client connection (RFC 6143), behaving like QEMU's VNC server: Raw encoding,
// dirty-tile incremental updates answered as soon as something changes, QEMU extended key events,
// DesktopSize / ExtendedDesktopSize, and the message types noVNC 1.7 may send.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { vncAuthResponse } from './des';
import {
  QEMU_PIXEL_FORMAT,
  decodePixelFormat,
  encodePixelFormat,
  makeConverter,
  paletteMessage,
  type PixelConverter,
  type PixelFormat,
} from './pixel';
import { DirtyRegion, type Rect } from './region';

export const ENC = {
  Raw: 0,
  CopyRect: 1,
  DesktopSize: -223,
  LastRect: -224,
  Cursor: -239,
  QEMUPointerMotionChange: -257,
  QEMUExtendedKeyEvent: -258,
  QEMUAudio: -259,
  QEMULedState: -261,
  DesktopName: -307,
  ExtendedDesktopSize: -308,
  Fence: -312,
  ContinuousUpdates: -313,
} as const;

export const MSG = {
  SetPixelFormat: 0,
  SetEncodings: 2,
  FramebufferUpdateRequest: 3,
  KeyEvent: 4,
  PointerEvent: 5,
  ClientCutText: 6,
  EnableContinuousUpdates: 150,
  ClientFence: 248,
  Xvp: 250,
  SetDesktopSize: 251,
  Qemu: 255,
} as const;

const MAX_CUT_TEXT = 1 << 20; // QEMU refuses more than 1 MiB
const MAX_DESKTOP = 8192;

/** What a session needs from the server it belongs to. */
export interface SessionHost {
  readonly width: number;
  readonly height: number;
  readonly rgba: Buffer;
  readonly name: string;
  readonly password: string | undefined;
  readonly allowResize: boolean;
  readonly continuousUpdates: boolean;
  onReady(s: Session, shared: boolean): void;
  onClosed(s: Session): void;
  onKey(down: boolean, keysym: number): void;
  onQemuKey(down: boolean, keysym: number, keycode: number): void;
  onPointer(x: number, y: number, mask: number): void;
  onCutText(text: string): void;
  /** a client asked for a new size; returns the ExtendedDesktopSize status (0 = done) */
  onSetDesktopSize(s: Session, w: number, h: number): number;
  onUpdate(s: Session, rects: number, bytes: number): void;
}

type State = 'version' | 'security' | 'auth' | 'init' | 'normal' | 'closed';

interface Pending extends Rect {
  incremental: boolean;
}

interface ResizeNote {
  reason: number;
  status: number;
}

export class Session {
  private state: State = 'version';
  private buf: Buffer = Buffer.alloc(0);
  private minor = 8;
  private securityType = 1;
  private challenge: Buffer | null = null;
  private pf: PixelFormat = QEMU_PIXEL_FORMAT;
  private conv: PixelConverter = makeConverter(QEMU_PIXEL_FORMAT);
  readonly encodings = new Set<number>();
  private dirty: DirtyRegion;
  private request: Pending | null = null;
  private forced = false;
  private continuous: Rect | null = null;
  private cuAnnounced = false;
  private extDesktopAnnounced = false;
  private resizeNote: ResizeNote | null = null;
  private flushScheduled = false;
  private waitingDrain = false;
  /** size the client believes the framebuffer has */
  fbWidth: number;
  fbHeight: number;

  constructor(
    readonly id: number,
    private readonly stream: Duplex,
    private readonly host: SessionHost,
  ) {
    this.fbWidth = host.width;
    this.fbHeight = host.height;
    this.dirty = new DirtyRegion(host.width, host.height);
    stream.on('data', (chunk: Buffer | string) =>
      this.onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    stream.on('error', () => this.destroy());
    stream.on('end', () => this.close());
    stream.on('close', () => this.destroy());
    stream.on('drain', () => {
      this.waitingDrain = false;
      this.scheduleFlush();
    });
    this.write(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  get ready(): boolean {
    return this.state === 'normal';
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  get pixelFormat(): PixelFormat {
    return this.pf;
  }

  // ---- input --------------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let off = 0;
    try {
      while (!this.closed && off < this.buf.length) {
        const used = this.step(off);
        if (used === 0) break;
        off += used;
      }
    } catch {
      this.destroy();
    }
    this.buf = this.closed ? Buffer.alloc(0) : this.buf.subarray(off);
  }

  /** Handle one message at `off`; returns the bytes it used, or 0 when more are needed. */
  private step(off: number): number {
    const b = this.buf;
    const avail = b.length - off;
    switch (this.state) {
      case 'version':
        if (avail < 12) return 0;
        this.onVersion(b.toString('latin1', off, off + 12));
        return 12;
      case 'security':
        if (avail < 1) return 0;
        this.onSecurityType(b[off] ?? 0);
        return 1;
      case 'auth':
        if (avail < 16) return 0;
        this.onAuthResponse(b.subarray(off, off + 16));
        return 16;
      case 'init':
        if (avail < 1) return 0;
        this.onClientInit((b[off] ?? 0) !== 0);
        return 1;
      case 'normal':
        return this.onMessage(off, avail);
      default:
        return 0;
    }
  }

  private onVersion(v: string): void {
    const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(v);
    const major = Number(m?.[1]);
    const minor = Number(m?.[2]);
    if (!m || major !== 3 || minor < 3) return this.destroy();
    this.minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
    this.securityType = this.host.password !== undefined ? 2 : 1;
    if (this.minor === 3) {
      // RFB 3.3: the server decides
      const t = Buffer.alloc(4);
      t.writeUInt32BE(this.securityType);
      this.write(t);
      if (this.securityType === 2) this.sendChallenge();
      else this.state = 'init';
      return;
    }
    this.write(Buffer.from([1, this.securityType]));
    this.state = 'security';
  }

  private onSecurityType(t: number): void {
    if (t !== this.securityType) return this.securityFailed('Authentication failed');
    if (t === 2) return this.sendChallenge();
    if (this.minor >= 8) this.write(u32(0));
    this.state = 'init';
  }

  private sendChallenge(): void {
    this.challenge = randomBytes(16);
    this.write(this.challenge);
    this.state = 'auth';
  }

  private onAuthResponse(resp: Buffer): void {
    const expected = Buffer.from(
      vncAuthResponse(this.host.password ?? '', this.challenge ?? Buffer.alloc(16)),
    );
    if (!timingSafeEqual(expected, resp)) return this.securityFailed('Authentication failed');
    this.write(u32(0));
    this.state = 'init';
  }

  private securityFailed(reason: string): void {
    const msg = [u32(1)];
    if (this.minor >= 8) {
      const r = Buffer.from(reason, 'utf8');
      msg.push(u32(r.length), r);
    }
    this.write(Buffer.concat(msg));
    this.close();
  }

  private onClientInit(shared: boolean): void {
    const name = Buffer.from(this.host.name, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt16BE(this.host.width, 0);
    head.writeUInt16BE(this.host.height, 2);
    this.fbWidth = this.host.width;
    this.fbHeight = this.host.height;
    this.dirty.resize(this.host.width, this.host.height);
    this.dirty.addAll();
    this.resizeNote = null; // ServerInit carries the current size
    this.write(Buffer.concat([head, encodePixelFormat(QEMU_PIXEL_FORMAT), u32(name.length), name]));
    this.state = 'normal';
    this.host.onReady(this, shared);
  }

  private onMessage(off: number, avail: number): number {
    const b = this.buf;
    const type = b[off] ?? 0;
    switch (type) {
      case MSG.SetPixelFormat: {
        if (avail < 20) return 0;
        const pf = decodePixelFormat(b, off + 4);
        if (!pf) {
          this.destroy();
          return 0;
        }
        this.pf = pf;
        this.conv = makeConverter(pf);
        if (!pf.trueColour) this.write(paletteMessage());
        this.dirty.addAll();
        this.scheduleFlush();
        return 20;
      }
      case MSG.SetEncodings: {
        if (avail < 4) return 0;
        const n = b.readUInt16BE(off + 2);
        if (avail < 4 + 4 * n) return 0;
        const list: number[] = [];
        for (let i = 0; i < n; i++) list.push(b.readInt32BE(off + 4 + 4 * i));
        this.setEncodings(list);
        return 4 + 4 * n;
      }
      case MSG.FramebufferUpdateRequest: {
        if (avail < 10) return 0;
        this.onUpdateRequest({
          incremental: (b[off + 1] ?? 0) !== 0,
          x: b.readUInt16BE(off + 2),
          y: b.readUInt16BE(off + 4),
          w: b.readUInt16BE(off + 6),
          h: b.readUInt16BE(off + 8),
        });
        return 10;
      }
      case MSG.KeyEvent:
        if (avail < 8) return 0;
        this.host.onKey((b[off + 1] ?? 0) !== 0, b.readUInt32BE(off + 4));
        return 8;
      case MSG.PointerEvent:
        if (avail < 6) return 0;
        this.host.onPointer(b.readUInt16BE(off + 2), b.readUInt16BE(off + 4), b[off + 1] ?? 0);
        return 6;
      case MSG.ClientCutText: {
        if (avail < 8) return 0;
        const len = b.readInt32BE(off + 4);
        const size = Math.abs(len);
        if (size > MAX_CUT_TEXT) {
          this.destroy();
          return 0;
        }
        if (avail < 8 + size) return 0;
        // a negative length is the Extended Clipboard format (caps/notify/provide): not offered, skipped
        if (len >= 0) this.host.onCutText(b.toString('latin1', off + 8, off + 8 + size));
        return 8 + size;
      }
      case MSG.EnableContinuousUpdates: {
        if (avail < 10) return 0;
        if (b[off + 1]) {
          this.continuous = {
            x: b.readUInt16BE(off + 2),
            y: b.readUInt16BE(off + 4),
            w: b.readUInt16BE(off + 6),
            h: b.readUInt16BE(off + 8),
          };
          this.scheduleFlush();
        } else {
          this.continuous = null;
          this.write(Buffer.from([MSG.EnableContinuousUpdates])); // EndOfContinuousUpdates
        }
        return 10;
      }
      case MSG.ClientFence: {
        if (avail < 9) return 0;
        const len = b[off + 8] ?? 0;
        if (len > 64) {
          this.destroy();
          return 0;
        }
        if (avail < 9 + len) return 0;
        const flags = b.readUInt32BE(off + 4);
        if (flags & 0x80000000) {
          // a request: we handle messages in order, so answer at once with the flags we honour
          const reply = Buffer.alloc(9 + len);
          reply[0] = MSG.ClientFence;
          reply.writeUInt32BE(flags & 0x7, 4);
          reply[8] = len;
          b.copy(reply, 9, off + 9, off + 9 + len);
          this.write(reply);
        }
        return 9 + len;
      }
      case MSG.Xvp:
        return avail < 4 ? 0 : 4; // never offered (no XVP_INIT sent): ignore
      case MSG.SetDesktopSize: {
        if (avail < 8) return 0;
        const screens = b[off + 6] ?? 0;
        if (avail < 8 + 16 * screens) return 0;
        this.onSetDesktopSize(b.readUInt16BE(off + 2), b.readUInt16BE(off + 4), screens);
        return 8 + 16 * screens;
      }
      case MSG.Qemu: {
        if (avail < 2) return 0;
        const sub = b[off + 1];
        if (sub === 0) {
          if (avail < 12) return 0;
          this.host.onQemuKey(
            b.readUInt16BE(off + 2) !== 0,
            b.readUInt32BE(off + 4),
            b.readUInt32BE(off + 8),
          );
          return 12;
        }
        if (sub === 1) {
          // QEMU audio: 0 enable, 1 disable, 2 set format (u8 fmt, u8 channels, u32 freq)
          if (avail < 4) return 0;
          const op = b.readUInt16BE(off + 2);
          if (op === 0 || op === 1) return 4;
          if (op === 2) return avail < 10 ? 0 : 10;
        }
        this.destroy();
        return 0;
      }
      default:
        // unknown message: its length is unknown too, so (like QEMU) drop the client
        this.destroy();
        return 0;
    }
  }

  private setEncodings(list: number[]): void {
    this.encodings.clear();
    for (const e of list) this.encodings.add(e);
    // Like QEMU, acknowledge these at once in an update of their own (clients take unsolicited ones):
    // after the QEMU extended key event rectangle the client sends message 255/0 instead of KeyEvent.
    const acks: Buffer[] = [];
    if (this.encodings.has(ENC.QEMUExtendedKeyEvent)) {
      acks.push(rectHeader(0, 0, this.fbWidth, this.fbHeight, ENC.QEMUExtendedKeyEvent));
    }
    if (this.encodings.has(ENC.QEMULedState)) {
      acks.push(Buffer.concat([rectHeader(0, 0, 1, 1, ENC.QEMULedState), Buffer.from([0])]));
    }
    if (acks.length) this.writeUpdate(acks);
    if (this.host.allowResize && this.encodings.has(ENC.ExtendedDesktopSize) && !this.extDesktopAnnounced) {
      this.extDesktopAnnounced = true;
      this.resizeNote ??= { reason: 0, status: 0 };
    }
    if (this.host.continuousUpdates && this.encodings.has(ENC.ContinuousUpdates) && !this.cuAnnounced) {
      this.cuAnnounced = true;
      this.write(Buffer.from([MSG.EnableContinuousUpdates])); // EndOfContinuousUpdates = "supported"
    }
    this.scheduleFlush();
  }

  private onUpdateRequest(r: Pending): void {
    if (!r.incremental) {
      this.dirty.add(r.x, r.y, r.w, r.h);
      this.forced = true;
    }
    const p = this.request;
    if (!p) this.request = r;
    else {
      const x = Math.min(p.x, r.x);
      const y = Math.min(p.y, r.y);
      const x1 = Math.max(p.x + p.w, r.x + r.w);
      const y1 = Math.max(p.y + p.h, r.y + r.h);
      this.request = { x, y, w: x1 - x, h: y1 - y, incremental: p.incremental && r.incremental };
    }
    this.scheduleFlush();
  }

  private onSetDesktopSize(w: number, h: number, screens: number): void {
    let status: number;
    if (!this.host.allowResize)
      status = 1; // administratively prohibited
    else if (screens < 1 || w < 1 || h < 1 || w > MAX_DESKTOP || h > MAX_DESKTOP)
      status = 3; // invalid layout
    else status = this.host.onSetDesktopSize(this, w, h);
    if (status !== 0) this.resizeNote = { reason: 1, status };
    this.scheduleFlush();
  }

  /** The server's framebuffer changed size; `reason` 0 = server, 1 = this client asked, 2 = another client. */
  framebufferResized(reason: number): void {
    this.dirty.resize(this.host.width, this.host.height);
    this.dirty.addAll();
    // Told at the next update (see flush), also when the client sends SetEncodings only later.
    this.resizeNote = { reason, status: 0 };
    this.scheduleFlush();
  }

  private get canResize(): boolean {
    return this.encodings.has(ENC.ExtendedDesktopSize) || this.encodings.has(ENC.DesktopSize);
  }

  /** Part of the screen changed. */
  damage(x: number, y: number, w: number, h: number): void {
    this.dirty.add(x, y, w, h);
    if (this.request || this.continuous) this.scheduleFlush();
  }

  // ---- output -------------------------------------------------------------------------------------

  private scheduleFlush(): void {
    if (this.flushScheduled || this.state === 'closed') return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch {
        this.destroy();
      }
    });
  }

  private flush(): void {
    if (this.state !== 'normal' || this.waitingDrain) return;
    if (!this.request && !this.continuous) return;
    if (this.resizeNote && !this.canResize) this.resizeNote = null; // the client can't be told: clip
    if (this.resizeNote) {
      this.sendResize(this.resizeNote);
      this.resizeNote = null;
      if (this.continuous) this.scheduleFlush();
      return;
    }
    const req: Rect = this.request ?? this.continuous ?? { x: 0, y: 0, w: 0, h: 0 };
    const clip: Rect = {
      x: req.x,
      y: req.y,
      w: Math.max(0, Math.min(req.x + req.w, this.fbWidth) - req.x),
      h: Math.max(0, Math.min(req.y + req.h, this.fbHeight) - req.y),
    };
    const rects = this.dirty.intersects(clip) ? this.dirty.take(clip) : [];
    if (!rects.length && !this.forced) return; // keep the request pending
    this.request = null;
    this.forced = false;
    this.sendUpdate(rects);
  }

  private sendResize(note: ResizeNote): void {
    const ext = this.encodings.has(ENC.ExtendedDesktopSize);
    const w = note.status === 0 ? this.host.width : this.fbWidth;
    const h = note.status === 0 ? this.host.height : this.fbHeight;
    let rect: Buffer;
    if (ext) {
      const body = Buffer.alloc(4 + 16);
      body[0] = 1; // one screen
      body.writeUInt32BE(0, 4); // id
      body.writeUInt16BE(0, 8);
      body.writeUInt16BE(0, 10);
      body.writeUInt16BE(w, 12);
      body.writeUInt16BE(h, 14);
      body.writeUInt32BE(0, 16); // flags
      rect = Buffer.concat([rectHeader(note.reason, note.status, w, h, ENC.ExtendedDesktopSize), body]);
    } else if (note.status === 0 && this.encodings.has(ENC.DesktopSize)) {
      rect = rectHeader(0, 0, w, h, ENC.DesktopSize);
    } else {
      return;
    }
    if (note.status === 0) {
      this.fbWidth = w;
      this.fbHeight = h;
    }
    // The size change goes last in its own update; the pixels follow in the next one (RFC 6143 7.8.2).
    this.request = null;
    this.forced = false;
    this.writeUpdate([rect]);
  }

  /** A FramebufferUpdate made of ready-made rectangles (pseudo-encodings). */
  private writeUpdate(rects: Buffer[]): void {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(rects.length, 2);
    const msg = Buffer.concat([head, ...rects]);
    this.write(msg);
    this.host.onUpdate(this, rects.length, msg.length);
  }

  private sendUpdate(rects: Rect[]): void {
    const bpp = this.pf.bitsPerPixel / 8;
    const { rgba, width } = this.host;
    let size = 4;
    const clipped: Rect[] = [];
    for (const r of rects) {
      const w = Math.min(r.x + r.w, this.fbWidth, this.host.width) - r.x;
      const h = Math.min(r.y + r.h, this.fbHeight, this.host.height) - r.y;
      if (w <= 0 || h <= 0) continue;
      clipped.push({ x: r.x, y: r.y, w, h });
      size += 12 + w * h * bpp;
    }
    const msg = Buffer.allocUnsafe(size);
    msg[0] = 0;
    msg[1] = 0;
    msg.writeUInt16BE(clipped.length, 2);
    let o = 4;
    for (const r of clipped) {
      msg.writeUInt16BE(r.x, o);
      msg.writeUInt16BE(r.y, o + 2);
      msg.writeUInt16BE(r.w, o + 4);
      msg.writeUInt16BE(r.h, o + 6);
      msg.writeInt32BE(ENC.Raw, o + 8);
      o = this.conv(rgba, width * 4, r.x, r.y, r.w, r.h, msg, o + 12);
    }
    this.write(msg);
    this.host.onUpdate(this, clipped.length, msg.length);
    if (this.continuous && !this.dirty.empty) this.scheduleFlush();
  }

  private write(b: Buffer): void {
    if (this.state === 'closed' || this.stream.destroyed || !this.stream.writable) return;
    if (!this.stream.write(b)) this.waitingDrain = true;
  }

  // ---- teardown -----------------------------------------------------------------------------------

  /** End the connection politely (pending output is flushed first). */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    try {
      if (!this.stream.destroyed) {
        this.stream.once('finish', () => this.stream.destroy());
        this.stream.end();
      }
    } catch {
      // ignore: the stream is gone already
    }
    this.host.onClosed(this);
  }

  /** Drop the connection at once. */
  destroy(): void {
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.host.onClosed(this);
    }
    try {
      if (!this.stream.destroyed) this.stream.destroy();
    } catch {
      // ignore
    }
  }
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

function rectHeader(x: number, y: number, w: number, h: number, enc: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(x, 0);
  b.writeUInt16BE(y, 2);
  b.writeUInt16BE(w, 4);
  b.writeUInt16BE(h, 6);
  b.writeInt32BE(enc, 8);
  return b;
}
