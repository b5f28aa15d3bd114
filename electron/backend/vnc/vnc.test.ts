// The VNC path end to end against the simulated dom0's real RFB server: xenstore lookup,
// ssh forwardOut (or nc when sshd refuses forwarding) on the host's ONE connection, the
// one-time WebSocket on 127.0.0.1 (desktop loopback server and web mode mount), and an
// RFB client doing the handshake through it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, createWebSocketStream } from 'ws';
import { generateEd25519 } from '../ssh/keygen';
import { ApiError } from '../../../shared/api';
import { createBackend, type Backend } from '../backend';
import { startSimDom0, type SimDom0 } from '../sim/server';
import { rfbServerFor } from '../sim/rfbBridge';
import { RfbTestClient } from '../sim/rfb/testClient';
import { startWebServer } from '../web/server';
import { VncService, vncHostsOf } from './service';
import { ncArgv } from './tunnel';
import { parseDomid, parseTarget, resolveVncTarget, targetSections } from './target';
import { shQuote } from '../../../shared/quote';

// real captures of a Xen 4.17 dom0, copied byte-exact into the project's fixtures
const SAMPLES = path.resolve(__dirname, '../../../shared/xen/__fixtures__');
const sample = (f: string) => fs.readFileSync(path.join(SAMPLES, f), 'utf8');

describe('finding the VNC port like xl vncviewer', () => {
  it('reads both xenstore keys in the same exec as `xl domid`', () => {
    const s = targetSections(['sudo', '-n'], 'hvm1', 14);
    expect(s.map((x) => shQuote(x.argv))).toEqual([
      'sudo -n xl domid hvm1',
      'sudo -n xenstore-read /local/domain/14/console/vnc-port',
      'sudo -n xenstore-read /local/domain/14/console/vnc-listen',
    ]);
  });

  it('parses the real captures (hvm1 on 5902, pvvfb on 5901: not 5900+domid)', () => {
    const port = { key: 'port', rc: 0, output: sample('xenstore-read-vnc-port-hvm1.txt') };
    const listen = { key: 'listen', rc: 0, output: sample('xenstore-read-vnc-listen-hvm1.txt') };
    expect(parseTarget('hvm1', 14, port, listen)).toEqual({ domid: 14, host: '127.0.0.1', port: 5902 });
    const pv = { key: 'port', rc: 0, output: sample('xenstore-read-vnc-port-pvvfb.txt') };
    expect(parseTarget('pvvfb', 13, pv, undefined)).toEqual({ domid: 13, host: '127.0.0.1', port: 5901 });
    expect(parseDomid('pvtiny', { key: 'domid', rc: 0, output: sample('xl-domid.txt') })).toBeGreaterThan(0);
  });

  it('words the failures for the user', () => {
    expect(() =>
      parseDomid('gone', { key: 'domid', rc: 1, output: 'gone is an invalid domain identifier (rc=-6)' }),
    ).toThrow(/gone is not running/);
    const missing = { key: 'port', rc: 1, output: "couldn't read path /local/domain/12/console/vnc-port" };
    expect(() => parseTarget('pvdisk', 12, missing, missing)).toThrow(/has no VNC display/);
    const wild = { key: 'listen', rc: 0, output: '0.0.0.0\n' };
    expect(parseTarget('x', 1, { key: 'port', rc: 0, output: '5905\n' }, wild).host).toBe('127.0.0.1');
    const evil = { key: 'listen', rc: 0, output: '127.0.0.1; rm -rf /\n' };
    expect(() => parseTarget('x', 1, { key: 'port', rc: 0, output: '5905' }, evil)).toThrow(/unusable/);
  });

  it('uses a second exec only when the domid changed since the poll (a reboot)', async () => {
    const calls: string[][] = [];
    const run = async (sections: { key: string; argv: string[] }[]) => {
      calls.push(sections.map((s) => s.argv.join(' ')));
      const out = new Map<string, { key: string; rc: number; output: string }>();
      for (const s of sections) {
        const text =
          s.key === 'domid'
            ? '21'
            : s.key === 'port'
              ? s.argv[1]!.includes('/21/')
                ? '5903'
                : '5902'
              : '127.0.0.1';
        out.set(s.key, { key: s.key, rc: 0, output: text + '\n' });
      }
      return { raw: { stdout: '', stderr: '', code: 0 }, sections: out };
    };
    expect(await resolveVncTarget(run, [], 'hvm1', 21)).toEqual({ domid: 21, host: '127.0.0.1', port: 5903 });
    expect(calls).toHaveLength(1);
    calls.length = 0;
    expect(await resolveVncTarget(run, [], 'hvm1', 14)).toEqual({ domid: 21, host: '127.0.0.1', port: 5903 });
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual([
      'xenstore-read /local/domain/21/console/vnc-port',
      'xenstore-read /local/domain/21/console/vnc-listen',
    ]);
  });

  it('passes host and port to nc as positional parameters, never inside the script', () => {
    const argv = ncArgv('127.0.0.1', 5902);
    expect(argv.slice(3)).toEqual(['127.0.0.1', '5902']);
    expect(argv[2]).not.toContain('5902');
  });
});

// ------------------------------------------------------------------ against the simulator

interface Env {
  sim: SimDom0;
  backend: Backend;
  hostId: string;
  dataDir: string;
}
const envs: Env[] = [];
let keyPath: string;
let pubKey: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-vnc-key-'));
  const kp = generateEd25519();
  keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  pubKey = kp.public;
});

async function connectedHost(
  simOpts: Parameters<typeof startSimDom0>[0] = {},
  existing?: Backend,
): Promise<Env> {
  const sim = await startSimDom0({ authorizedKeys: [pubKey], timeScale: 0.05, ...simOpts });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-vnc-'));
  const backend =
    existing ??
    createBackend({ dataDir, mode: 'desktop', version: 't', userKnownHosts: [], pollIntervalMs: 3600_000 });
  const hosts = backend.hosts;
  const h = hosts.add({
    label: `sim${envs.length}`,
    address: '127.0.0.1',
    port: sim.port,
    username: 'root',
    auth: { kind: 'key', keyPath },
  });
  const first = await hosts.connect(h.id);
  if (first.status === 'unknown-key') await hosts.trustKey(h.id, first.fingerprint);
  expect((await hosts.connect(h.id)).status).toBe('connected');
  await hosts.refresh(h.id);
  const env = { sim, backend, hostId: h.id, dataDir };
  envs.push(env);
  return env;
}

afterEach(async () => {
  const backends = new Set(envs.map((e) => e.backend));
  for (const b of backends) await b.dispose();
  for (const e of envs.splice(0)) await e.sim.stop();
});

interface Viewer {
  ws: WebSocket;
  rfb: RfbTestClient;
}

/**
 * A WebSocket like noVNC's: its stream (and so its message listener) exists before the
 * handshake completes, because the RFB banner may arrive in the same packet as the upgrade.
 */
function wsClient(url: string, headers: Record<string, string>): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], { headers });
    const stream = createWebSocketStream(ws);
    stream.on('error', () => undefined);
    const rfb = new RfbTestClient(stream, 5000);
    ws.once('open', () => resolve({ ws, rfb }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function rfbOver(v: Viewer | Promise<Viewer>): Promise<RfbTestClient> {
  const { rfb } = await v;
  await rfb.handshake();
  return rfb;
}

/** pixels where the client's copy differs from the server's screen (the blinking cursor cell aside) */
function differingPixels(c: RfbTestClient, server: ReturnType<typeof rfbServerFor>): number {
  const fb = server.framebuffer();
  const cur = server.cursor();
  let diff = 0;
  for (let y = 0; y < fb.height; y++)
    for (let x = 0; x < fb.width; x++) {
      if (x >= cur.x && x < cur.x + cur.w && y >= cur.y && y < cur.y + cur.h) continue;
      const i = (y * fb.width + x) * 4;
      if (fb.rgba[i] !== c.fb[i] || fb.rgba[i + 1] !== c.fb[i + 1] || fb.rgba[i + 2] !== c.fb[i + 2]) diff++;
    }
  return diff;
}

const until = async (what: string, cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('openVnc in the desktop app (own loopback WebSocket server)', () => {
  it('tunnels to the port xenstore names, over the ONE ssh connection, and shows the guest', async () => {
    const { sim, backend, hostId } = await connectedHost();
    const opened = await backend.handlers.openVnc({ hostId, domain: 'hvm1' }, null as never);
    const d = sim.domain('hvm1')!;
    expect(opened.via).toBe('forward');
    expect(opened.target).toEqual({ host: '127.0.0.1', port: d.vnc!.port });
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\/[A-Za-z0-9_-]{32}$/);

    const v = await wsClient(opened.url, { origin: 'file://' });
    const ws = v.ws;
    expect(ws.protocol).toBe('binary');
    const c = await rfbOver(v);
    expect(c.name).toBe('QEMU (hvm1)');
    expect([c.width, c.height]).toEqual([720, 400]);
    await c.fullFrame();
    const server = rfbServerFor(sim.model, d);
    // the client's copy of the screen is the server's framebuffer, pixel for pixel
    expect(differingPixels(c, server)).toBe(0);
    const colours = new Set<number>();
    for (let i = 0; i < c.fb.length; i += 4) colours.add(c.fb.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(1);

    // keys arrive at the server
    const before = server.keys.length;
    c.typeString('root');
    await until('keys at the server', () => server.keys.length >= before + 8);
    expect(
      server.keys
        .slice(before)
        .filter((k) => k.down)
        .map((k) => String.fromCharCode(k.keysym))
        .join(''),
    ).toBe('root');
    // still ONE ssh connection to the host
    expect(sim.connections).toBe(1);
    expect(backend.vnc.list().map((s) => [s.hostId, s.domain, s.via])).toEqual([[hostId, 'hvm1', 'forward']]);

    ws.close();
    await until('server sees the viewer go', () => server.clientCount === 0);
    await until('session ends', () => backend.vnc.list().length === 0);
  });

  it('tokens are one-time, Origin and Host are checked, unused tokens expire and close their tunnel', async () => {
    const { sim, backend, hostId } = await connectedHost();
    const first = await backend.handlers.openVnc({ hostId, domain: 'pvvfb' }, null as never);
    const server = rfbServerFor(sim.model, sim.domain('pvvfb')!);
    const base = new URL(first.url);
    // a web page in a browser (any http origin, or the opaque 'null') is refused
    await expect(wsClient(first.url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(wsClient(first.url, { origin: 'null' })).rejects.toThrow(/403/);
    // DNS rebinding: a foreign Host header
    await expect(
      wsClient(first.url, { origin: 'file://', host: `evil.example:${base.port}` }),
    ).rejects.toThrow(/403/);
    // a made-up token
    await expect(
      wsClient(`ws://127.0.0.1:${base.port}/vnc/${'A'.repeat(32)}`, { origin: 'file://' }),
    ).rejects.toThrow(/403/);
    // the right request works once
    const v = await wsClient(first.url, { origin: 'file://' });
    const ws = v.ws;
    const c = await rfbOver(v);
    expect(c.name).toBe('QEMU (pvvfb)');
    expect([c.width, c.height]).toEqual([800, 600]);
    await expect(wsClient(first.url, { origin: 'file://' })).rejects.toThrow(/403/);
    ws.close();

    // expiry: a service with a short TTL
    const svc = new VncService(vncHostsOf(backend.hosts), { tokenTtlMs: 300 });
    try {
      const o = await svc.open(hostId, 'pvvfb');
      await until('tunnel open', () => server.clientCount >= 1);
      expect(svc.pendingCount).toBe(1);
      await new Promise((r) => setTimeout(r, 500));
      expect(svc.pendingCount).toBe(0);
      await until('the unused tunnel is closed', () => server.clientCount === 0);
      await expect(wsClient(o.url, { origin: 'file://' })).rejects.toThrow(/403/);
    } finally {
      await svc.dispose();
    }
  });

  it('falls back to nc on the host when sshd refuses forwarding, and says so', async () => {
    const { sim, backend, hostId } = await connectedHost({ allowTcpForwarding: false });
    const opened = await backend.handlers.openVnc({ hostId, domain: 'hvm1' }, null as never);
    expect(opened.via).toBe('nc');
    expect(sim.execLog.some((e) => e.command.includes('exec nc'))).toBe(true);
    const v = await wsClient(opened.url, { origin: 'file://' });
    const ws = v.ws;
    const c = await rfbOver(v);
    expect(c.name).toBe('QEMU (hvm1)');
    await c.fullFrame();
    const server = rfbServerFor(sim.model, sim.domain('hvm1')!);
    const before = server.keys.length;
    c.typeString('ls');
    await until('keys via nc', () => server.keys.length >= before + 4);
    expect(sim.connections).toBe(1);
    // the second viewer goes straight to nc (no second refused channel open)
    const again = await backend.handlers.openVnc({ hostId, domain: 'pvvfb' }, null as never);
    expect(again.via).toBe('nc');
    ws.close();
    // closing the viewer ends nc on the host (TERM signal), so the VNC server loses the client
    await until('nc gone', () => server.clientCount === 0);
  });

  it('reports a domain without VNC and a stopped domain in words', async () => {
    const { backend, hostId } = await connectedHost();
    await expect(backend.handlers.openVnc({ hostId, domain: 'pvdisk' }, null as never)).rejects.toThrow(
      /pvdisk has no VNC display/,
    );
    await expect(backend.handlers.openVnc({ hostId, domain: 'db01' }, null as never)).rejects.toThrow(
      /db01 is not running/,
    );
    await expect(backend.handlers.openVnc({ hostId, domain: 'db01' }, null as never)).rejects.toBeInstanceOf(
      ApiError,
    );
  });

  it('keys every tunnel by host: two hosts with the same domain name never mix', async () => {
    const a = await connectedHost();
    const b = await connectedHost({}, a.backend);
    rfbServerFor(b.sim.model, b.sim.domain('hvm1')!).typeText('\nTHIS IS HOST B\n');
    const oa = await a.backend.handlers.openVnc({ hostId: a.hostId, domain: 'hvm1' }, null as never);
    const ob = await a.backend.handlers.openVnc({ hostId: b.hostId, domain: 'hvm1' }, null as never);
    const ca = await rfbOver(wsClient(oa.url, { origin: 'file://' }));
    const cb = await rfbOver(wsClient(ob.url, { origin: 'file://' }));
    await ca.fullFrame();
    await cb.fullFrame();
    const same = (c: RfbTestClient, s: SimDom0) =>
      differingPixels(c, rfbServerFor(s.model, s.domain('hvm1')!)) === 0;
    expect(same(ca, a.sim)).toBe(true);
    expect(same(cb, b.sim)).toBe(true);
    expect(same(ca, b.sim)).toBe(false);
    expect(a.sim.connections).toBe(1);
    expect(b.sim.connections).toBe(1);
    // disconnecting host B ends B's viewer only
    a.backend.hosts.disconnect(b.hostId);
    await until('B closed', () => cb.closed);
    expect(ca.closed).toBe(false);
  });

  it('finds the new port after a reboot gave the domain a new domid', async () => {
    const { sim, backend, hostId } = await connectedHost();
    const oldId = sim.domain('hvm1')!.id;
    const r = await sim.exec('xl reboot hvm1');
    expect(r.code).toBe(0);
    await until(
      'new domid',
      () => (sim.domain('hvm1')?.id ?? oldId) !== oldId && !!sim.domain('hvm1')?.vnc,
      10000,
    );
    // the poll's snapshot still has the old domid: openVnc must not trust it blindly
    const opened = await backend.handlers.openVnc({ hostId, domain: 'hvm1' }, null as never);
    expect(opened.target.port).toBe(sim.domain('hvm1')!.vnc!.port);
    const c = await rfbOver(wsClient(opened.url, { origin: 'file://' }));
    expect(c.name).toBe('QEMU (hvm1)');
  });
});

describe('openVnc in web mode (mounted on the app server)', () => {
  let staticDir: string;
  afterAll(() => fs.rmSync(staticDir, { recursive: true, force: true }));

  it('serves /vnc/TOKEN on the same port behind the same cookie, Host and Origin checks', async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-vnc-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), 'x');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-vnc-web-'));
    const backend = createBackend({
      dataDir,
      mode: 'web',
      version: 't',
      userKnownHosts: [],
      pollIntervalMs: 3600_000,
    });
    const web = await startWebServer({ backend, staticDir });
    try {
      const { hostId } = await connectedHost({}, backend);
      const origin = `http://127.0.0.1:${web.port}`;
      const cookie = `xendesk_token=${web.token}`;
      const o1 = await backend.handlers.openVnc({ hostId, domain: 'hvm1' }, null as never);
      expect(new URL(o1.url).port).toBe(String(web.port));
      await expect(wsClient(o1.url, { origin })).rejects.toThrow(/403/); // no session cookie
      await expect(wsClient(o1.url, { origin: 'file://', cookie })).rejects.toThrow(/403/);
      const o2 = await backend.handlers.openVnc({ hostId, domain: 'hvm1' }, null as never);
      const c = await rfbOver(wsClient(o2.url, { origin, cookie }));
      expect(c.name).toBe('QEMU (hvm1)');
    } finally {
      await web.close();
    }
  });
});
