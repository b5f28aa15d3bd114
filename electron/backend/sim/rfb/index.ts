// A real RFB (VNC) 3.8 server for the simulated Xen dom0, standing in for QEMU's VNC server of an HVM
// guest (VGA text console, 720x400) or of a PV guest's vfb (Linux framebuffer console, 800x600).
// Serve it on any Duplex (an ssh2 direct-tcpip channel, a net.Socket, a PassThrough pair).

import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { FBCON_PALETTE, TextConsole, VGA_PALETTE, type Framebuffer } from './console';
import { Guest, type ScreenKind } from './guest';
import { tuxLogo } from './logo';
import { Session, type SessionHost } from './session';

export type { ScreenKind } from './guest';
export { vncAuthResponse } from './des';

export interface RfbServerOptions {
  /** e.g. 720 x 400 (HVM VGA text mode) or 800 x 600 (PV vfb) */
  width: number;
  height: number;
  /** desktop name, e.g. 'QEMU (hvm1)' */
  name: string;
  /** set: security type 2 (VNC authentication); unset: type 1 (None), as libxl configures QEMU by default */
  password?: string;
  /** what the guest shows (default 'hvm-text') */
  screen?: ScreenKind;
  /** accept SetDesktopSize from clients and announce ExtendedDesktopSize (default false, like VGA text mode) */
  allowResize?: boolean;
  /** cursor blink period in ms so incremental updates keep flowing (default 500; 0 = steady cursor, no timer) */
  animateMs?: number;
  /** guest host name for the login prompt (default: the NAME in 'QEMU (NAME)') */
  hostname?: string;
  /** SMBIOS UUID SeaBIOS prints (default: derived from the name) */
  uuid?: string;
  /** after Ctrl+Alt+Del or `reboot`: ms until the boot text shows again (default 1500; 0 = never) */
  rebootDelayMs?: number;
  /** announce ContinuousUpdates to clients that list it (QEMU does not; default false) */
  continuousUpdates?: boolean;
  /**
   * ms until the guest's firmware sets a video mode (default 0). Until then QEMU shows its own 640x480
   * screen, "Guest has not initialized the display (yet).", and then resizes to width x height: what a
   * client connecting early to a real HVM guest sees (under TCG on the lab for a minute or more).
   */
  displayInitMs?: number;
}

/** QEMU's screen before the guest has set a video mode (ui/console.c), 640x480. */
export const QEMU_NO_DISPLAY_TEXT = 'Guest has not initialized the display (yet).';

export interface KeyRecord {
  down: boolean;
  keysym: number;
}

export interface QemuKeyRecord extends KeyRecord {
  keycode: number;
}

export interface PointerRecord {
  x: number;
  y: number;
  mask: number;
}

export interface UpdateInfo {
  client: number;
  rects: number;
  bytes: number;
}

/**
 * Events:
 * - 'key' (down: boolean, keysym: number, keycode?: number) for every KeyEvent and QEMU key event
 * - 'ctrl-alt-del' ()
 * - 'client' (what: 'connect' | 'ready' | 'disconnect', count: number, id: number)
 * - 'update' (info: UpdateInfo) after each FramebufferUpdate sent
 * - 'pointer' (x, y, mask), 'cut-text' (text), 'resize' (w, h), 'power' ('reboot' | 'poweroff')
 */
export type RfbEvent =
  'key' | 'ctrl-alt-del' | 'client' | 'update' | 'pointer' | 'cut-text' | 'resize' | 'power';

export interface RfbServer {
  /** serve one client on this stream (never throws) */
  handle(stream: Duplex): void;
  /** every KeyEvent received */
  readonly keys: KeyRecord[];
  /** every QEMU extended key event received */
  readonly qemuKeys: QemuKeyRecord[];
  readonly pointer: PointerRecord[];
  /** ClientCutText payloads (latin-1) */
  readonly cutText: string[];
  /** open connections (any handshake state) */
  readonly clientCount: number;
  readonly width: number;
  readonly height: number;
  readonly stats: { updates: number; rects: number; bytes: number };
  /** current screen, RGBA (a copy) */
  framebuffer(): { width: number; height: number; rgba: Buffer };
  /** the console's text, one string per row (trailing blanks removed) */
  screenText(): string[];
  /** cursor cell and its pixel rectangle */
  cursor(): { col: number; row: number; x: number; y: number; w: number; h: number };
  /** guest-side output: draw text on the console at the cursor (\n = new line) */
  typeText(s: string): void;
  setSize(w: number, h: number): void;
  /** flood mode for benchmarks: `hz` lines a second of scrolling kernel log (the whole text area changes) */
  startScrolling(hz: number): void;
  stopScrolling(): void;
  on(ev: RfbEvent, cb: (...a: unknown[]) => void): void;
  off(ev: RfbEvent, cb: (...a: unknown[]) => void): void;
  /** end all clients (the server stays usable for new connections) */
  close(): void;
  /** close() and stop every timer */
  dispose(): void;
}

export function createRfbServer(opts: RfbServerOptions): RfbServer {
  return new RfbServerImpl(opts);
}

class RfbServerImpl implements RfbServer, SessionHost {
  readonly keys: KeyRecord[] = [];
  readonly qemuKeys: QemuKeyRecord[] = [];
  readonly pointer: PointerRecord[] = [];
  readonly cutText: string[] = [];
  readonly stats = { updates: 0, rects: 0, bytes: 0 };
  readonly name: string;
  readonly password: string | undefined;
  readonly allowResize: boolean;
  readonly continuousUpdates: boolean;
  private fb: Framebuffer;
  private readonly con: TextConsole;
  private readonly guest: Guest;
  private readonly sessions = new Set<Session>();
  private readonly events = new EventEmitter();
  private nextId = 1;
  private blinkTimer: NodeJS.Timeout | null = null;
  private scrollTimer: NodeJS.Timeout | null = null;
  private displayTimer: NodeJS.Timeout | null = null;

  constructor(opts: RfbServerOptions) {
    this.name = opts.name;
    this.password = opts.password;
    this.allowResize = opts.allowResize ?? false;
    this.continuousUpdates = opts.continuousUpdates ?? false;
    this.events.setMaxListeners(0);
    const kind = opts.screen ?? 'hvm-text';
    const initMs = opts.displayInitMs ?? 0;
    this.fb = initMs > 0 ? newFramebuffer(640, 480) : newFramebuffer(opts.width, opts.height);
    this.con = new TextConsole(this.fb, {
      cellWidth: kind === 'hvm-text' ? 9 : 8,
      palette: kind === 'hvm-text' ? VGA_PALETTE : FBCON_PALETTE,
      damage: (x, y, w, h) => {
        for (const s of this.sessions) s.damage(x, y, w, h);
      },
    });
    const hostname = opts.hostname ?? /\(([^)]+)\)\s*$/.exec(opts.name)?.[1] ?? opts.name;
    this.guest = new Guest(this.con, {
      kind,
      hostname,
      uuid: opts.uuid ?? uuidFrom(opts.name),
      rebootDelayMs: opts.rebootDelayMs ?? 1500,
      onCtrlAltDel: () => this.events.emit('ctrl-alt-del'),
      onPower: (what) => this.events.emit('power', what),
      logo: kind === 'pv-vfb' ? tuxLogo() : undefined,
    });
    if (initMs > 0) {
      const col = Math.max(1, Math.floor((this.con.cols - QEMU_NO_DISPLAY_TEXT.length) / 2) + 1);
      this.con.write(`\x1b[?25l\x1b[${Math.ceil(this.con.rows / 2)};${col}H${QEMU_NO_DISPLAY_TEXT}`);
      this.displayTimer = setTimeout(() => {
        this.displayTimer = null;
        this.con.write('\x1b[?25h');
        this.setSize(opts.width, opts.height);
        this.guest.boot();
      }, initMs);
      this.displayTimer.unref?.();
    } else {
      this.guest.boot();
    }
    const blink = opts.animateMs ?? 500;
    if (blink > 0) {
      this.blinkTimer = setInterval(() => this.con.toggleBlink(), blink);
      this.blinkTimer.unref?.();
    }
  }

  get width(): number {
    return this.fb.width;
  }

  get height(): number {
    return this.fb.height;
  }

  get rgba(): Buffer {
    return this.fb.data;
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  handle(stream: Duplex): void {
    try {
      const s = new Session(this.nextId++, stream, this);
      if (s.closed) return;
      this.sessions.add(s);
      this.events.emit('client', 'connect', this.sessions.size, s.id);
    } catch {
      try {
        stream.destroy();
      } catch {
        // ignore
      }
    }
  }

  framebuffer(): { width: number; height: number; rgba: Buffer } {
    return { width: this.fb.width, height: this.fb.height, rgba: Buffer.from(this.fb.data) };
  }

  screenText(): string[] {
    return this.con.text();
  }

  cursor(): { col: number; row: number; x: number; y: number; w: number; h: number } {
    return { col: this.con.cx, row: this.con.cy, ...this.con.cellRect(this.con.cx, this.con.cy) };
  }

  typeText(s: string): void {
    this.guest.output(s);
  }

  setSize(w: number, h: number): void {
    w = Math.max(1, Math.min(8192, Math.floor(w)));
    h = Math.max(1, Math.min(8192, Math.floor(h)));
    if (w === this.fb.width && h === this.fb.height) return;
    this.resizeTo(w, h, null);
  }

  private resizeTo(w: number, h: number, requester: Session | null): void {
    this.fb = newFramebuffer(w, h);
    for (const s of this.sessions) s.framebufferResized(requester === null ? 0 : s === requester ? 1 : 2);
    this.con.resize(this.fb);
    this.events.emit('resize', w, h);
  }

  startScrolling(hz: number): void {
    this.stopScrolling();
    if (!(hz > 0)) return;
    const period = Math.max(1, Math.round(1000 / hz));
    const t0 = Date.now();
    let written = 0;
    this.scrollTimer = setInterval(() => {
      const due = Math.floor(((Date.now() - t0) * hz) / 1000) + 1;
      // more than a screenful at once would only be scrolled away again
      const n = Math.min(due - written, this.con.rows);
      for (let i = 0; i < n; i++)
        this.con.write('\r\n' + Guest.floodLine(written + i, (Date.now() - t0) / 1000 + 5));
      written = due;
    }, period);
    this.scrollTimer.unref?.();
  }

  stopScrolling(): void {
    if (this.scrollTimer) clearInterval(this.scrollTimer);
    this.scrollTimer = null;
  }

  on(ev: RfbEvent, cb: (...a: unknown[]) => void): void {
    this.events.on(ev, cb);
  }

  off(ev: RfbEvent, cb: (...a: unknown[]) => void): void {
    this.events.off(ev, cb);
  }

  close(): void {
    for (const s of [...this.sessions]) s.close();
    this.sessions.clear();
  }

  dispose(): void {
    this.close();
    this.stopScrolling();
    if (this.displayTimer) clearTimeout(this.displayTimer);
    this.displayTimer = null;
    if (this.blinkTimer) clearInterval(this.blinkTimer);
    this.blinkTimer = null;
    this.guest.dispose();
  }

  // ---- SessionHost --------------------------------------------------------------------------------

  onReady(s: Session, shared: boolean): void {
    if (!shared) {
      // QEMU's default share policy (allow-exclusive): an exclusive client disconnects the others
      for (const o of [...this.sessions]) if (o !== s) o.close();
    }
    this.events.emit('client', 'ready', this.sessions.size, s.id);
  }

  onClosed(s: Session): void {
    if (!this.sessions.delete(s)) return;
    if (this.sessions.size === 0) this.guest.releaseAll();
    this.events.emit('client', 'disconnect', this.sessions.size, s.id);
  }

  onKey(down: boolean, keysym: number): void {
    this.keys.push({ down, keysym });
    this.events.emit('key', down, keysym);
    this.guest.keysym(down, keysym);
  }

  onQemuKey(down: boolean, keysym: number, keycode: number): void {
    this.qemuKeys.push({ down, keysym, keycode });
    this.events.emit('key', down, keysym, keycode);
    this.guest.scancode(down, keycode, keysym);
  }

  onPointer(x: number, y: number, mask: number): void {
    this.pointer.push({ x, y, mask });
    this.events.emit('pointer', x, y, mask);
  }

  onCutText(text: string): void {
    this.cutText.push(text);
    this.events.emit('cut-text', text);
  }

  onSetDesktopSize(s: Session, w: number, h: number): number {
    if (w === this.fb.width && h === this.fb.height) {
      s.framebufferResized(1);
      return 0;
    }
    this.resizeTo(w, h, s);
    return 0;
  }

  onUpdate(s: Session, rects: number, bytes: number): void {
    this.stats.updates++;
    this.stats.rects += rects;
    this.stats.bytes += bytes;
    this.events.emit('update', { client: s.id, rects, bytes } satisfies UpdateInfo);
  }
}

function newFramebuffer(width: number, height: number): Framebuffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}

function uuidFrom(name: string): string {
  const h = createHash('sha1').update(`xendesk-sim:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16] ?? '8', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
