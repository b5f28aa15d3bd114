// The real noVNC 1.7 RFB client (node_modules/@novnc/novnc) against the simulated server, in Node with a
// small DOM shim (novncShim.ts): handshake, pseudo-encodings, Raw decoding, QEMU key events, resize.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRfbServer, type RfbServer, type RfbServerOptions } from './index';
import { DuplexChannel, FakeElement, installBrowserShim, type FakeCanvas } from './novncShim';
import { duplexPair } from './testClient';

interface NoVncRfb {
  addEventListener(t: string, cb: (e: { detail?: Record<string, unknown> }) => void): void;
  sendKey(keysym: number, code: string | null, down?: boolean): void;
  sendCtrlAltDel(): void;
  disconnect(): void;
  resizeSession: boolean;
  _display: { _backbuffer: FakeCanvas; width: number; height: number };
  _fbName: string;
  _qemuExtKeyEventSupported: boolean;
  _supportsSetDesktopSize: boolean;
  _rfbConnectionState: string;
  _screen: FakeElement;
  _FBU: { rects: number; encoding: number | null };
  _flushing: boolean;
}
type RfbCtor = new (target: FakeElement, channel: DuplexChannel, opts?: Record<string, unknown>) => NoVncRfb;

let RFB: RfbCtor;
const servers: RfbServer[] = [];
const clients: NoVncRfb[] = [];

beforeAll(async () => {
  installBrowserShim();
  const logging = new URL('../../../../node_modules/@novnc/novnc/core/util/logging.js', import.meta.url).href;
  ((await import(/* @vite-ignore */ logging)) as { initLogging(level: string): void }).initLogging('none');
  const spec = '@novnc/novnc';
  const mod = (await import(/* @vite-ignore */ spec)) as { default: RfbCtor };
  RFB = mod.default;
});

afterEach(() => {
  for (const c of clients.splice(0)) if (c._rfbConnectionState === 'connected') c.disconnect();
  for (const s of servers.splice(0)) s.dispose();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** poll until `cond` holds; on timeout, fail with `info()` to see where things stood */
async function until(what: string, cond: () => boolean, info?: () => unknown, ms = 10000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out: ${what} ${info ? JSON.stringify(info()) : ''}`);
    await sleep(10);
  }
}

const diag = (server: RfbServer, rfb: NoVncRfb) => () => ({
  server: [server.width, server.height, server.clientCount, server.stats],
  canvas: [rfb._display._backbuffer.width, rfb._display._backbuffer.height],
  state: rfb._rfbConnectionState,
  fbu: rfb._FBU,
  flushing: rfb._flushing,
});

async function connect(opts: Partial<RfbServerOptions> = {}, rfbOpts: Record<string, unknown> = {}) {
  const server = createRfbServer({ width: 720, height: 400, name: 'QEMU (hvm1)', animateMs: 0, ...opts });
  servers.push(server);
  const [a, b] = duplexPair();
  server.handle(a);
  const target = new FakeElement('DIV');
  const rfb = new RFB(target, new DuplexChannel(b), rfbOpts);
  clients.push(rfb);
  const events: string[] = [];
  rfb.addEventListener('connect', () => events.push('connect'));
  rfb.addEventListener('disconnect', (e) => events.push(`disconnect:${String(e.detail?.clean)}`));
  rfb.addEventListener('securityfailure', (e) => events.push(`securityfailure:${String(e.detail?.reason)}`));
  rfb.addEventListener('credentialsrequired', () => events.push('credentialsrequired'));
  rfb.addEventListener('desktopname', (e) => events.push(`name:${String(e.detail?.name)}`));
  return { server, rfb, events };
}

/** noVNC's canvas shows exactly the server's screen */
function inSync(server: RfbServer, rfb: NoVncRfb): boolean {
  const fb = server.framebuffer();
  const bb = rfb._display._backbuffer;
  if (bb.width !== fb.width || bb.height !== fb.height) return false;
  return Buffer.from(bb.pixels.buffer, bb.pixels.byteOffset, bb.pixels.byteLength).equals(fb.rgba);
}

describe('noVNC 1.7 client', () => {
  it('connects, learns the name and size, and draws the same pixels', async () => {
    const { server, rfb, events } = await connect();
    await until('connect', () => events.includes('connect'));
    expect(events).toContain('name:QEMU (hvm1)');
    await until('first frame', () => inSync(server, rfb), diag(server, rfb));
    expect(rfb._qemuExtKeyEventSupported).toBe(true);
    expect(rfb._supportsSetDesktopSize).toBe(false);
    expect(server.clientCount).toBe(1);
  });

  it('types with QEMU key events (scancodes) and keeps its canvas up to date', async () => {
    const { server, rfb, events } = await connect();
    await until('connect', () => events.includes('connect'));
    await until('first frame', () => inSync(server, rfb), diag(server, rfb));
    for (const [sym, code] of [
      [0x72, 'KeyR'],
      [0x6f, 'KeyO'],
      [0x6f, 'KeyO'],
      [0x74, 'KeyT'],
    ] as const) {
      rfb.sendKey(sym, code);
    }
    await until('echo', () => server.screenText().includes('hvm1 login: root'));
    expect(server.qemuKeys.slice(0, 2)).toEqual([
      { down: true, keysym: 0x72, keycode: 0x13 },
      { down: false, keysym: 0x72, keycode: 0x13 },
    ]);
    expect(server.keys).toHaveLength(0);
    await until('canvas shows the echo', () => inSync(server, rfb), diag(server, rfb));

    let cad = 0;
    server.on('ctrl-alt-del', () => cad++);
    rfb.sendCtrlAltDel();
    await until('ctrl-alt-del', () => cad === 1);
    await until('canvas shows the reboot', () => inSync(server, rfb), diag(server, rfb));
    expect(server.screenText().some((l) => l.includes('reboot: Restarting system'))).toBe(true);
  });

  it('follows the blinking cursor and a scrolling console', async () => {
    const { server, rfb, events } = await connect({ animateMs: 30 });
    await until('connect', () => events.includes('connect'));
    const before = server.stats.updates;
    await until('cursor blink updates', () => server.stats.updates - before > 3);
    server.startScrolling(100);
    await sleep(300);
    server.stopScrolling();
    await until('canvas after scrolling', () => inSync(server, rfb), diag(server, rfb));
  });

  it('authenticates with a VNC password', async () => {
    const { server, rfb, events } = await connect(
      { password: 'secret' },
      { credentials: { password: 'secret' } },
    );
    await until('connect', () => events.includes('connect'));
    await until('first frame', () => inSync(server, rfb), diag(server, rfb));
  });

  it('reports a wrong password as a security failure', async () => {
    const { events } = await connect({ password: 'secret' }, { credentials: { password: 'nope' } });
    await until('failure', () => events.some((e) => e.startsWith('securityfailure')));
    expect(events).toContain('securityfailure:Authentication failed');
    await until('disconnect', () => events.some((e) => e.startsWith('disconnect')));
  });

  it('resizes the session through ExtendedDesktopSize when allowed', async () => {
    const { server, rfb, events } = await connect({
      allowResize: true,
      screen: 'pv-vfb',
      width: 800,
      height: 600,
    });
    rfb._screen.clientWidth = 1024;
    rfb._screen.clientHeight = 768;
    rfb.resizeSession = true;
    await until('connect', () => events.includes('connect'));
    await until('resized', () => server.width === 1024 && server.height === 768);
    await until('canvas at the new size', () => inSync(server, rfb), diag(server, rfb));
    expect(rfb._supportsSetDesktopSize).toBe(true);
  });

  it('sees a server-side resize and a server-side close', async () => {
    const { server, rfb, events } = await connect();
    await until('connect', () => events.includes('connect'));
    server.setSize(640, 480);
    await until('canvas at 640x480', () => inSync(server, rfb), diag(server, rfb));
    server.close();
    await until('disconnect', () => events.some((e) => e.startsWith('disconnect')));
    expect(server.clientCount).toBe(0);
  });
});
