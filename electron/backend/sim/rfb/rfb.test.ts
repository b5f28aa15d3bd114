import { createServer, connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { QEMU_NO_DISPLAY_TEXT, createRfbServer, type RfbServer, type RfbServerOptions } from './index';
import { FONT_HEIGHT } from './font';
import { NOVNC_PF, RfbTestClient, duplexPair, type RectInfo } from './testClient';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** poll until `cond` holds (fails the test after `ms`) */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met in ${ms} ms: ${String(cond)}`);
    await sleep(5);
  }
}

const XK = { Return: 0xff0d, BackSpace: 0xff08, Control_L: 0xffe3, Alt_L: 0xffe9, Delete: 0xffff };
// what noVNC 1.7 lists in SetEncodings (core/rfb.js _sendEncodings, without H.264)
const NOVNC_ENCODINGS = [
  1,
  7,
  -260,
  16,
  21,
  5,
  2,
  6,
  0,
  -26,
  -254,
  -223,
  -224,
  -258,
  -261,
  -308,
  -309,
  -312,
  -313,
  -307,
  0xc0a1e5ce | 0,
  -316,
  0x574d5664,
  -239,
];

let servers: RfbServer[] = [];
afterEach(() => {
  for (const s of servers) s.dispose();
  servers = [];
});

function hvm(opts: Partial<RfbServerOptions> = {}): RfbServer {
  const s = createRfbServer({ width: 720, height: 400, name: 'QEMU (hvm1)', animateMs: 0, ...opts });
  servers.push(s);
  return s;
}

async function client(
  server: RfbServer,
  opts: { password?: string; encodings?: number[]; shared?: boolean; version?: string } = {},
): Promise<RfbTestClient> {
  const [a, b] = duplexPair();
  server.handle(a);
  const c = new RfbTestClient(b);
  await c.handshake(opts);
  c.setPixelFormat(NOVNC_PF);
  c.setEncodings(opts.encodings ?? [0, -223]);
  return c;
}

const rawArea = (rects: RectInfo[]): number =>
  rects.filter((r) => r.encoding === 0).reduce((a, r) => a + r.w * r.h, 0);

function cellChanged(
  before: Buffer,
  after: Buffer,
  width: number,
  x: number,
  y: number,
  w: number,
  h: number,
): boolean {
  for (let row = y; row < y + h; row++) {
    const o = (row * width + x) * 4;
    if (!before.subarray(o, o + w * 4).equals(after.subarray(o, o + w * 4))) return true;
  }
  return false;
}

describe('handshake', () => {
  it('speaks RFB 3.8 with security None and QEMU ServerInit, over a real TCP socket', async () => {
    const server = hvm();
    const tcp = createServer((sock) => server.handle(sock));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as { port: number }).port;
    const sock: Socket = netConnect(port, '127.0.0.1');
    const c = new RfbTestClient(sock);
    try {
      expect((await c.read(12)).toString()).toBe('RFB 003.008\n');
      c.send(Buffer.from('RFB 003.008\n'));
      expect([...(await c.read(2))]).toEqual([1, 1]); // one type: None
      c.send([1]);
      expect((await c.read(4)).readUInt32BE(0)).toBe(0); // SecurityResult OK
      c.send([1]); // shared
      const init = await c.read(24);
      expect(init.readUInt16BE(0)).toBe(720);
      expect(init.readUInt16BE(2)).toBe(400);
      // 32 bpp, depth 24, little-endian, true colour, max 255, shifts 16/8/0
      expect([...init.subarray(4, 17)]).toEqual([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0]);
      expect((await c.read(init.readUInt32BE(20))).toString()).toBe('QEMU (hvm1)');
      expect(server.clientCount).toBe(1);
    } finally {
      sock.destroy();
      await until(() => server.clientCount === 0);
      tcp.close();
    }
    expect(server.clientCount).toBe(0);
  });

  it('accepts RFB 3.3 and 3.7 clients', async () => {
    const server = hvm();
    for (const version of ['003.003', '003.007']) {
      const c = await client(server, { version });
      expect(c.name).toBe('QEMU (hvm1)');
      await c.fullFrame();
      c.stream.destroy();
    }
  });

  it('drops a client that does not speak RFB', async () => {
    const server = hvm();
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await c.read(12);
    c.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect(await c.waitClosed()).toBe(true);
    expect(server.clientCount).toBe(0);
  });

  it('emits client connect / ready / disconnect', async () => {
    const server = hvm();
    const seen: unknown[] = [];
    server.on('client', (what, count) => seen.push([what, count]));
    const c = await client(server);
    c.stream.destroy();
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      ['connect', 1],
      ['ready', 1],
      ['disconnect', 0],
    ]);
  });
});

describe('VNC password authentication', () => {
  it('offers only type 2 and accepts the right password', async () => {
    const server = hvm({ password: 'secret' });
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await c.read(12);
    c.send(Buffer.from('RFB 003.008\n'));
    expect([...(await c.read(2))]).toEqual([1, 2]);
    c.stream.destroy();

    const ok = await client(server, { password: 'secret' });
    expect(ok.width).toBe(720);
    await ok.fullFrame();
  });

  it('rejects a wrong password with a reason and closes', async () => {
    const server = hvm({ password: 'secret' });
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await expect(c.handshake({ password: 'Secret' })).rejects.toThrow(
      'security failed: 1 Authentication failed',
    );
    expect(await c.waitClosed()).toBe(true);
    expect(server.clientCount).toBe(0);
  });

  it('rejects security type None when a password is set', async () => {
    const server = hvm({ password: 'secret' });
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await c.read(12);
    c.send(Buffer.from('RFB 003.008\n'));
    await c.read(2);
    c.send([1]);
    expect((await c.read(4)).readUInt32BE(0)).toBe(1);
    expect(await c.waitClosed()).toBe(true);
  });

  it('works with RFB 3.3 (server-chosen type)', async () => {
    const server = hvm({ password: 'xen' });
    const c = await client(server, { password: 'xen', version: '003.003' });
    expect(c.name).toBe('QEMU (hvm1)');
  });
});

describe('framebuffer updates', () => {
  it('answers a non-incremental request with the whole screen, not all one colour', async () => {
    const server = hvm();
    const c = await client(server);
    const rects = await c.fullFrame();
    expect(rawArea(rects)).toBe(720 * 400);
    const bytes = rects.filter((r) => r.encoding === 0).reduce((a, r) => a + r.data.length, 0);
    expect(bytes).toBe(720 * 400 * 4);
    const colours = new Set<number>();
    for (let i = 0; i < c.fb.length; i += 4) colours.add(c.fb.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(1);
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);
    // VGA light grey text on black, as QEMU draws it
    expect(colours.has(0xa8a8a8ff)).toBe(true);
    expect(colours.has(0x000000ff)).toBe(true);
    expect(server.screenText()[0]).toBe('SeaBIOS (version 1.16.2-debian-1.16.2-1)');
    expect(server.screenText()).toContain('hvm1 login:');
  });

  it('pv-vfb: 800x600 fbcon with a coloured logo', async () => {
    const server = createRfbServer({
      width: 800,
      height: 600,
      name: 'QEMU (pvvfb)',
      screen: 'pv-vfb',
      animateMs: 0,
    });
    servers.push(server);
    const c = await client(server);
    await c.fullFrame();
    expect([c.width, c.height]).toEqual([800, 600]);
    const colours = new Set<number>();
    for (let y = 0; y < 80; y++)
      for (let x = 0; x < 80; x++) colours.add(c.fb.readUInt32BE((y * 800 + x) * 4));
    expect(colours.size).toBeGreaterThan(4); // black, white, yellow, orange, grey...
    expect(server.screenText().some((l) => l.includes('frame buffer device 100x37'))).toBe(true);
    expect(server.screenText()).toContain('pvvfb login:');
  });

  it('an HVM guest early in its boot: QEMU\'s 640x480 "not initialized" screen, then its VGA text at 720x400', async () => {
    const server = hvm({ displayInitMs: 150 });
    const c = await client(server);
    await c.fullFrame();
    expect([c.width, c.height]).toEqual([640, 480]);
    expect(server.screenText().join('\n')).toContain(QEMU_NO_DISPLAY_TEXT);
    expect(server.screenText().join('\n')).not.toContain('SeaBIOS');
    await until(() => server.width === 720 && server.height === 400);
    expect(server.screenText().join('\n')).toContain('SeaBIOS');
    expect(server.screenText().join('\n')).not.toContain(QEMU_NO_DISPLAY_TEXT);
  });

  it('holds an incremental request until something changes, then sends only the dirty part', async () => {
    const server = hvm();
    const c = await client(server);
    await c.fullFrame();
    c.requestUpdate(true);
    await sleep(150);
    expect(c.pending).toBe(0); // nothing changed: nothing sent
    server.typeText('x');
    const rects = await c.readUpdate();
    expect(rawArea(rects)).toBeGreaterThan(0);
    expect(rawArea(rects)).toBeLessThan((720 * 400) / 10);
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);
    // and no unsolicited update without a new request
    server.typeText('y');
    await sleep(100);
    expect(c.pending).toBe(0);
  });

  it('serves 16 bpp (RGB565) and 32 bpp big-endian clients', async () => {
    const server = hvm();
    const c = await client(server);
    c.setPixelFormat({
      bpp: 16,
      depth: 16,
      bigEndian: false,
      trueColour: true,
      max: [31, 63, 31],
      shift: [11, 5, 0],
    });
    const rects = await c.fullFrame();
    expect(rects.filter((r) => r.encoding === 0).reduce((a, r) => a + r.data.length, 0)).toBe(720 * 400 * 2);
    const fb = server.framebuffer().rgba;
    for (let i = 0; i < fb.length; i += 4 * 97) {
      for (let k = 0; k < 3; k++)
        expect(Math.abs((c.fb[i + k] ?? 0) - (fb[i + k] ?? 0))).toBeLessThanOrEqual(5);
    }
    c.setPixelFormat({
      bpp: 32,
      depth: 24,
      bigEndian: true,
      trueColour: true,
      max: [255, 255, 255],
      shift: [16, 8, 0],
    });
    await c.fullFrame();
    expect(c.fb.equals(fb)).toBe(true);
  });

  it('sends a colour map to an 8 bpp palette client', async () => {
    const server = hvm();
    const c = await client(server);
    c.setPixelFormat({
      bpp: 8,
      depth: 8,
      bigEndian: false,
      trueColour: false,
      max: [0, 0, 0],
      shift: [0, 0, 0],
    });
    const m = await c.readMessage();
    expect(m.type).toBe('colourMap');
    await c.fullFrame();
    const colours = new Set<number>();
    for (let i = 0; i < c.fb.length; i += 4) colours.add(c.fb.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(1);
  });

  it('blinks the cursor so incremental updates keep flowing', async () => {
    const server = hvm({ animateMs: 40 });
    const c = await client(server);
    await c.fullFrame();
    const cur = server.cursor();
    for (let i = 0; i < 3; i++) {
      c.requestUpdate(true);
      const rects = await c.readUpdate();
      expect(rawArea(rects)).toBeLessThanOrEqual(32 * 32);
      expect(rects.some((r) => r.x <= cur.x && r.x + r.w >= cur.x + cur.w && r.y <= cur.y)).toBe(true);
    }
  });
});

describe('keyboard', () => {
  it('records key events and echoes typed text at the cursor', async () => {
    const server = hvm();
    const c = await client(server);
    await c.fullFrame();
    const before = Buffer.from(c.fb);
    const cur = server.cursor();
    expect(server.screenText()[cur.row]).toBe('hvm1 login:');
    c.typeString('root');
    await until(() => server.keys.length === 8);
    expect(server.keys.slice(0, 2)).toEqual([
      { down: true, keysym: 0x72 },
      { down: false, keysym: 0x72 },
    ]);
    expect(server.keys).toHaveLength(8);
    expect(server.screenText()[cur.row]).toBe('hvm1 login: root');
    c.requestUpdate(true);
    await c.readUpdate();
    // the glyph cell where the cursor was now shows 'r'
    expect(cellChanged(before, c.fb, 720, cur.x, cur.y, cur.w, FONT_HEIGHT - 2)).toBe(true);
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);

    c.tap(XK.BackSpace);
    await until(() => server.screenText()[cur.row] === 'hvm1 login: roo');
  });

  it('logs in and runs shell commands', async () => {
    const server = hvm();
    const c = await client(server);
    c.typeString('root\nanything\n');
    await until(() => server.screenText().includes('root@hvm1:~#'));
    c.typeString('echo hello world\n');
    c.typeString('hostname\n');
    await until(() => server.keys.length === 2 * 'root\nanything\necho hello world\nhostname\n'.length);
    const text = server.screenText();
    expect(text).toContain('hello world');
    expect(text).toContain('hvm1');
    expect(text.filter((l) => l === 'root@hvm1:~#')).toHaveLength(1);
  });

  it('Ctrl+Alt+Del emits ctrl-alt-del, shows the reboot and boots again', async () => {
    const server = hvm({ rebootDelayMs: 80 });
    const events: string[] = [];
    server.on('ctrl-alt-del', () => events.push('cad'));
    server.on('power', (what) => events.push(String(what)));
    const c = await client(server);
    await c.fullFrame();
    c.key(true, XK.Control_L);
    c.key(true, XK.Alt_L);
    c.key(true, XK.Delete);
    c.key(false, XK.Delete);
    c.key(false, XK.Alt_L);
    c.key(false, XK.Control_L);
    await until(() => server.keys.length === 6);
    expect(events).toEqual(['cad', 'reboot']);
    expect(server.screenText().some((l) => l.endsWith('reboot: Restarting system'))).toBe(true);
    c.requestUpdate(true);
    expect(rawArea(await c.readUpdate())).toBeGreaterThan(0);
    await until(() => server.screenText()[0]?.startsWith('SeaBIOS') === true);
    // Delete alone does nothing
    c.tap(XK.Delete);
    await until(() => server.keys.length === 8);
    expect(events).toHaveLength(2);
  });

  it('acknowledges QEMU extended key events and types from the keycode (guest keymap)', async () => {
    const server = hvm();
    const c = await client(server, { encodings: [0, -223, -258] });
    const first = await c.readUpdate();
    expect(first.some((r) => r.encoding === -258)).toBe(true);
    const seen: unknown[] = [];
    server.on('key', (...a) => seen.push(a));
    // the 'A' key (scancode 0x1e) on a French AZERTY client produces keysym 'q': the guest sees 'a'
    c.qemuKey(true, 0x71, 0x1e);
    c.qemuKey(false, 0x71, 0x1e);
    c.qemuKey(true, 0xffe1, 0x2a); // Shift
    c.qemuKey(true, 0x42, 0x30); // b
    c.qemuKey(false, 0x42, 0x30);
    c.qemuKey(false, 0xffe1, 0x2a);
    await until(() => server.qemuKeys.length === 6);
    expect(server.qemuKeys[0]).toEqual({ down: true, keysym: 0x71, keycode: 0x1e });
    expect(server.qemuKeys).toHaveLength(6);
    expect(server.keys).toHaveLength(0);
    expect(seen[0]).toEqual([true, 0x71, 0x1e]);
    expect(server.screenText()).toContain('hvm1 login: aB');
    // Ctrl+Alt+Del by scancode (Delete = 0xe0 0x53 -> 0xd3)
    let cad = 0;
    server.on('ctrl-alt-del', () => cad++);
    c.qemuKey(true, 0xffe3, 0x1d);
    c.qemuKey(true, 0xffe9, 0x38);
    c.qemuKey(true, 0xffff, 0xd3);
    await until(() => cad === 1);
  });
});

describe('other client messages', () => {
  it('records pointer events and client cut text; answers fences', async () => {
    const server = hvm();
    const c = await client(server);
    c.pointerEvent(10, 20, 1);
    c.pointerEvent(11, 21, 0);
    c.cutText('clipboard text');
    // ClientFence request: flags = Request | BlockBefore, payload "abc"
    c.send([248, 0, 0, 0, 0x80, 0, 0, 1, 3], Buffer.from('abc'));
    const m = await c.readMessage();
    expect(m).toEqual({ type: 'fence', flags: 1, payload: Buffer.from('abc') });
    expect(server.pointer).toEqual([
      { x: 10, y: 20, mask: 1 },
      { x: 11, y: 21, mask: 0 },
    ]);
    expect(server.cutText).toEqual(['clipboard text']);
  });

  it("ignores QEMU audio messages and noVNC's pseudo-encodings", async () => {
    const server = hvm();
    const c = await client(server, { encodings: NOVNC_ENCODINGS });
    c.send([255, 1, 0, 0]); // audio enable
    c.send([255, 1, 0, 2, 3, 2, 0, 0, 0xac, 0x44]); // audio set format
    const rects = await c.fullFrame();
    expect(rawArea(rects)).toBe(720 * 400);
    expect(server.clientCount).toBe(1);
  });

  it('supports continuous updates when enabled', async () => {
    const server = hvm({ continuousUpdates: true });
    const c = await client(server, { encodings: [0, -313] });
    expect((await c.readMessage()).type).toBe('endOfContinuousUpdates');
    c.send([150, 1, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90]); // enable for 720x400
    await c.readUpdate(); // the initial screen
    server.typeText('a');
    expect(rawArea(await c.readUpdate())).toBeGreaterThan(0);
    server.typeText('b');
    expect(rawArea(await c.readUpdate())).toBeGreaterThan(0);
    c.send([150, 0, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90]); // disable
    expect((await c.readMessage()).type).toBe('endOfContinuousUpdates');
  });
});

describe('desktop size', () => {
  it('SetDesktopSize resizes when allowed (ExtendedDesktopSize)', async () => {
    const server = hvm({ allowResize: true });
    const c = await client(server, { encodings: [0, -223, -308] });
    c.requestUpdate(false);
    const announce = await c.readUpdate();
    const ext = announce.find((r) => r.encoding === -308);
    expect(ext).toMatchObject({ x: 0, y: 0, w: 720, h: 400 });
    c.setDesktopSize(1024, 768);
    c.requestUpdate(true);
    const reply = await c.readUpdate();
    expect(reply.find((r) => r.encoding === -308)).toMatchObject({ x: 1, y: 0, w: 1024, h: 768 });
    expect([server.width, server.height]).toEqual([1024, 768]);
    const rects = await c.fullFrame();
    expect(rawArea(rects)).toBe(1024 * 768);
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);
    expect(server.screenText().length).toBe(48); // 768 / 16 rows
  });

  it('SetDesktopSize is refused when not allowed', async () => {
    const server = hvm();
    const c = await client(server, { encodings: [0, -223, -308] });
    c.setDesktopSize(1024, 768);
    c.requestUpdate(true);
    const reply = await c.readUpdate();
    expect(reply.find((r) => r.encoding === -308)).toMatchObject({ x: 1, y: 1, w: 720, h: 400 });
    expect([server.width, server.height]).toEqual([720, 400]);
  });

  it('setSize() tells clients with DesktopSize, then sends the new screen', async () => {
    const server = hvm();
    const c = await client(server);
    await c.fullFrame();
    server.setSize(640, 480);
    c.requestUpdate(true);
    const note = await c.readUpdate();
    expect(note).toEqual([expect.objectContaining({ encoding: -223, w: 640, h: 480 })]);
    c.requestUpdate(true);
    const rects = await c.readUpdate();
    expect(rawArea(rects)).toBe(640 * 480);
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);
  });
});

describe('robustness', () => {
  it('handles a client that sends one byte at a time', async () => {
    const server = hvm();
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    const write = b.write.bind(b);
    // split every write into single bytes
    (b as unknown as { write: (buf: Buffer) => boolean }).write = (buf: Buffer): boolean => {
      for (const byte of buf) write(Buffer.from([byte]));
      return true;
    };
    await c.handshake();
    c.setPixelFormat(NOVNC_PF);
    c.setEncodings(NOVNC_ENCODINGS);
    await c.fullFrame();
    c.typeString('ab');
    c.qemuKey(true, 0x63, 0x2e);
    c.cutText('x'.repeat(100));
    await until(() => server.cutText.length === 1);
    expect(server.keys).toHaveLength(4);
    expect(server.qemuKeys).toEqual([{ down: true, keysym: 0x63, keycode: 0x2e }]);
    expect(server.cutText).toEqual(['x'.repeat(100)]);
    expect(server.screenText()).toContain('hvm1 login: abc');
  });

  it('handles many messages in one chunk (noVNC flushes several at once)', async () => {
    const server = hvm();
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await c.handshake();
    const pf = Buffer.alloc(20);
    pf.set([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16], 0);
    const enc = Buffer.alloc(8);
    enc.set([2, 0, 0, 1]);
    const fbur = Buffer.from([3, 0, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90]);
    const keys = Buffer.from([4, 1, 0, 0, 0, 0, 0, 0x7a, 4, 0, 0, 0, 0, 0, 0, 0x7a]);
    c.pf = NOVNC_PF;
    c.send(Buffer.concat([pf, enc, fbur, keys]));
    const rects = await c.readUpdate();
    expect(rawArea(rects)).toBe(720 * 400);
    await until(() => server.keys.length === 2);
    expect(server.keys).toEqual([
      { down: true, keysym: 0x7a },
      { down: false, keysym: 0x7a },
    ]);
  });

  it('survives a client that disconnects mid-message, and serves the next one', async () => {
    const server = hvm();
    const [a, b] = duplexPair();
    server.handle(a);
    const c = new RfbTestClient(b);
    await c.handshake();
    c.send([2, 0, 0, 5, 0, 0]); // SetEncodings cut short
    await sleep(10);
    b.destroy();
    await until(() => server.clientCount === 0);
    const d = await client(server);
    expect(rawArea(await d.fullFrame())).toBe(720 * 400);
  });

  it('drops a client that sends an unknown message type', async () => {
    const server = hvm();
    const c = await client(server);
    c.send([77, 1, 2, 3]);
    expect(await c.waitClosed()).toBe(true);
    expect(server.clientCount).toBe(0);
  });

  it('close() ends every client; the server takes new ones afterwards', async () => {
    const server = hvm();
    const c1 = await client(server);
    const c2 = await client(server);
    expect(server.clientCount).toBe(2);
    server.close();
    expect(server.clientCount).toBe(0);
    expect(await c1.waitClosed()).toBe(true);
    expect(await c2.waitClosed()).toBe(true);
    const c3 = await client(server);
    expect(rawArea(await c3.fullFrame())).toBe(720 * 400);
  });

  it('an exclusive client (shared=0) disconnects the others', async () => {
    const server = hvm();
    const c1 = await client(server);
    await client(server, { shared: false });
    expect(await c1.waitClosed()).toBe(true);
    expect(server.clientCount).toBe(1);
  });

  it('updates every shared client', async () => {
    const server = hvm();
    const c1 = await client(server);
    const c2 = await client(server);
    await c1.fullFrame();
    await c2.fullFrame();
    c1.requestUpdate(true);
    c2.requestUpdate(true);
    c1.typeString('z');
    await c1.readUpdate();
    await c2.readUpdate();
    expect(c2.fb.equals(server.framebuffer().rgba)).toBe(true);
    expect(c1.fb.equals(c2.fb)).toBe(true);
  });
});

describe('flood mode', () => {
  it('scrolls continuously; frames follow the client requests', async () => {
    const server = hvm();
    const c = await client(server);
    await c.fullFrame();
    let updates = 0;
    server.on('update', () => updates++);
    server.startScrolling(200);
    const t0 = Date.now();
    let frames = 0;
    while (frames < 10 && Date.now() - t0 < 15000) {
      c.requestUpdate(true);
      const rects = await c.readUpdate();
      if (rawArea(rects) > 0) frames++;
    }
    expect(frames).toBe(10);
    expect(updates).toBe(frames); // one update per request, no more
    // no requests: nothing more arrives, however much scrolls
    await sleep(100);
    expect(c.pending).toBe(0);
    server.stopScrolling();
    expect(server.screenText().some((l) => /^\[\s+\d+\.\d{6}\] .* #\d+$/.test(l))).toBe(true);
    c.requestUpdate(true);
    await c.readUpdate(); // what scrolled meanwhile
    expect(c.fb.equals(server.framebuffer().rgba)).toBe(true);
    expect(server.stats.bytes).toBeGreaterThan(frames * 100000);
  });
});
