// Issue 4 backend behaviour against the simulated dom0: keyboard-interactive prompts over the
// contract, ProxyJump chains with TOFU per hop, xl/xm/none detection, sudo advice, secrets that
// are remembered only when asked, autoconnect that a black-holed host cannot hold up, reconnect.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEd25519 } from '../ssh/keygen';
import type { ApiError, ApiEvents, AuthPrompt, HostInput } from '../../../shared/api';
import { createRpcClient, memoryPortPair, type RpcClient } from '../../../shared/rpc';
import { createBackend, type Backend } from '../backend';
import { pollTimeoutMs } from '../hostManager';
import { startSimDom0, type SimDom0, type SimUserSpec } from '../sim/server';
import { autoconnectAll } from './autoconnect';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function clientKey(): { keyPath: string; pub: string } {
  const dir = tmp('xd-key-');
  const kp = generateEd25519();
  const keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  return { keyPath, pub: kp.public };
}

async function sim(opts: Parameters<typeof startSimDom0>[0] = {}): Promise<SimDom0> {
  const s = await startSimDom0({ xentopDelayScale: 0.01, ...opts });
  cleanups.push(() => s.stop());
  return s;
}

function backend(extra: Partial<Parameters<typeof createBackend>[0]> = {}): { be: Backend; api: RpcClient } {
  const be = createBackend({
    dataDir: tmp('xd-data-'),
    mode: 'web',
    version: 'test',
    userKnownHosts: [],
    pollIntervalMs: 200,
    ...extra,
  });
  const [a, b] = memoryPortPair();
  be.attach(a);
  const api = createRpcClient(b);
  cleanups.push(async () => {
    api.close();
    await be.dispose();
  });
  return { be, api };
}

/** Connect, trusting every unknown key on the way (hops first). */
async function connectTrusting(
  api: RpcClient,
  hostId: string,
  extra: { password?: string; remember?: boolean } = {},
) {
  for (let i = 0; i < 5; i++) {
    const r = await api.api.connectHost({ hostId, ...extra });
    if (r.status !== 'unknown-key') return r;
    await api.api.trustHostKey({ hostId, fingerprint: r.fingerprint });
  }
  throw new Error('too many keys');
}

function nextEvent<E extends keyof ApiEvents>(
  api: RpcClient,
  name: E,
  pred: (p: ApiEvents[E]) => boolean = () => true,
  ms = 10000,
): Promise<ApiEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), ms);
    const off = api.on(name, (p) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

const base = (port: number, auth: HostInput['auth'], username = 'root'): HostInput => ({
  label: `h${port}`,
  address: '127.0.0.1',
  port,
  username,
  auth,
});

describe('keyboard-interactive over the contract', () => {
  it('forwards the server prompts as worded, waits for the answers, then logs in (2 rounds: password + code)', async () => {
    const s = await sim({ users: [{ name: 'root', root: true, password: 'pw', otp: '424242' }] });
    const { api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'keyboard-interactive' }));
    const first = await api.api.connectHost({ hostId: h.id });
    expect(first.status).toBe('unknown-key');
    await api.api.trustHostKey({ hostId: h.id, fingerprint: (first as { fingerprint: string }).fingerprint });
    const seen: AuthPrompt[] = [];
    const off = api.on('authPrompt', (p) => {
      seen.push(p);
      const answer = p.prompts[0]!.prompt.startsWith('Password') ? 'pw' : '424242';
      void api.api.answerAuthPrompt({ promptId: p.promptId, answers: [answer] });
    });
    const res = await api.api.connectHost({ hostId: h.id });
    off();
    expect(res.status).toBe('connected');
    expect(seen.map((p) => p.prompts)).toEqual([
      [{ prompt: 'Password: ', echo: false }],
      [{ prompt: 'Verification code: ', echo: true }],
    ]);
    expect(seen[1]!.name).toBe('Two-factor authentication');
    expect(seen[1]!.instructions).toMatch(/6-digit code/);
    expect(seen[0]!.target).toBe(`root@127.0.0.1:${s.port}`);
  });

  it('a wrong code is an auth failure; a cancelled prompt ends the login', async () => {
    const s = await sim({ users: [{ name: 'root', root: true, password: 'pw', otp: '111111' }] });
    const { api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'keyboard-interactive' }));
    const r0 = await api.api.connectHost({ hostId: h.id });
    await api.api.trustHostKey({ hostId: h.id, fingerprint: (r0 as { fingerprint: string }).fingerprint });
    const off = api.on(
      'authPrompt',
      (p) =>
        void api.api.answerAuthPrompt({
          promptId: p.promptId,
          answers: [p.prompts[0]!.echo ? '000000' : 'pw'],
        }),
    );
    await expect(api.api.connectHost({ hostId: h.id })).rejects.toMatchObject({ code: 'auth-failed' });
    off();
    const off2 = api.on(
      'authPrompt',
      (p) => void api.api.answerAuthPrompt({ promptId: p.promptId, answers: null }),
    );
    const closed = nextEvent(api, 'authPromptClosed');
    await expect(api.api.connectHost({ hostId: h.id })).rejects.toMatchObject({
      code: 'auth-failed',
      message: expect.stringMatching(/cancelled/),
    });
    expect((await closed).reason).toBe('cancelled');
    off2();
  });
});

describe('ProxyJump', () => {
  it('reaches a host through two hops, asking to trust each hop key in turn', async () => {
    const k = clientKey();
    const target = await sim({ authorizedKeys: [k.pub] });
    const hop2 = await sim({ authorizedKeys: [k.pub], jumpHost: true, scenario: 'empty' });
    const hop1 = await sim({ authorizedKeys: [k.pub], jumpHost: true, scenario: 'empty' });
    const { api } = backend();
    const key = { kind: 'key' as const, keyPath: k.keyPath };
    const h = await api.api.addHost({
      ...base(target.port, key),
      jump: [
        { address: '127.0.0.1', port: hop1.port, username: 'root', auth: key },
        { address: '127.0.0.1', port: hop2.port, username: 'root', auth: key },
      ],
    });
    const hopsSeen: (string | undefined)[] = [];
    for (;;) {
      const r = await api.api.connectHost({ hostId: h.id });
      if (r.status === 'connected') break;
      expect(r.status).toBe('unknown-key');
      hopsSeen.push((r as { hop?: string }).hop);
      await api.api.trustHostKey({ hostId: h.id, fingerprint: (r as { fingerprint: string }).fingerprint });
    }
    expect(hopsSeen).toEqual([`root@127.0.0.1:${hop1.port}`, `root@127.0.0.1:${hop2.port}`, undefined]);
    const snap = await api.api.refreshHost({ hostId: h.id });
    expect(snap.domains.map((d) => d.name)).toContain('pvdisk');
    // one TCP connection per machine on the way
    await expect.poll(() => [hop1.connections, hop2.connections, target.connections]).toEqual([1, 1, 1]);
  });

  it('a hop that refuses forwarding says so', async () => {
    const k = clientKey();
    const target = await sim({ authorizedKeys: [k.pub] });
    const hop = await sim({ authorizedKeys: [k.pub], allowTcpForwarding: false, scenario: 'empty' });
    const { api } = backend();
    const key = { kind: 'key' as const, keyPath: k.keyPath };
    const h = await api.api.addHost({
      ...base(target.port, key),
      jump: [{ address: '127.0.0.1', port: hop.port, username: 'root', auth: key }],
    });
    const r = await api.api.connectHost({ hostId: h.id });
    await api.api.trustHostKey({ hostId: h.id, fingerprint: (r as { fingerprint: string }).fingerprint });
    await expect(api.api.connectHost({ hostId: h.id })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/Jump host root@127\.0\.0\.1:\d+ could not open a connection/),
    });
  });
});

describe('toolstack detection and privilege', () => {
  async function connectTo(s: SimDom0, username = 'root', password?: string) {
    const k = clientKey();
    void k;
    const { api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'password' }, username));
    return { api, h, res: connectTrusting(api, h.id, { password }) };
  }

  it('a Xen 3.x host is driven through xm', async () => {
    const s = await sim({ toolstack: 'xm', users: [{ name: 'root', root: true, password: 'pw' }] });
    const { api, h, res } = await connectTo(s, 'root', 'pw');
    expect((await res).status).toBe('connected');
    const sum = (await api.api.listHosts({})).find((x) => x.id === h.id)!;
    expect(sum.toolstack).toBe('xm');
    expect(sum.info?.xenVersion).toBe('3.4.3');
    const snap = await api.api.refreshHost({ hostId: h.id });
    expect(snap.domains.filter((d) => d.id !== null).map((d) => [d.name, d.type, d.state])).toEqual([
      ['hvm1', 'hvm', 'blocked'],
      ['pvdisk', 'pv', 'blocked'],
      ['pvvfb', 'pv', 'blocked'],
    ]);
    expect(snap.dom0?.memoryMiB).toBe(1536);
    await api.api.domainAction({ hostId: h.id, domain: 'pvdisk', action: 'pause' });
    expect(s.execLog.some((e) => e.command === 'xm pause pvdisk')).toBe(true);
    expect(s.domain('pvdisk')!.paused).toBe(true);
    const ov = await api.api.getHostOverview({ hostId: h.id });
    expect(ov).toMatchObject({ toolstack: 'xm', dom0: { memoryMiB: 1536, vcpus: 2 } });
    expect(ov.info.canHvm).toBe(true);
  });

  it('a host with neither xl nor xm gets a clear state', async () => {
    const s = await sim({ toolstack: 'none', users: [{ name: 'root', root: true, password: 'pw' }] });
    const { api, h, res } = await connectTo(s, 'root', 'pw');
    await expect(res).rejects.toMatchObject({
      message: expect.stringMatching(/does not run Xen's toolstack/),
    });
    const sum = (await api.api.listHosts({})).find((x) => x.id === h.id)!;
    expect(sum).toMatchObject({ state: 'error', toolstack: 'none' });
  });

  it('non-root: sudo -n when NOPASSWD; otherwise exactly why, with the sudoers line', async () => {
    const users: SimUserSpec[] = [
      { name: 'ops', password: 'pw', sudo: 'nopasswd' },
      { name: 'dev', password: 'pw', sudo: 'password' },
    ];
    const s = await sim({ users });
    const ok = await connectTo(s, 'ops', 'pw');
    expect((await ok.res).status).toBe('connected');
    expect(s.execLog.filter((e) => e.user === 'ops').every((e) => /sudo -n xl info/.test(e.command))).toBe(
      true,
    );
    const bad = await connectTo(s, 'dev', 'pw');
    await expect(bad.res).rejects.toMatchObject({
      message:
        'sudo needs a password for dev: XenDesk runs the toolstack with `sudo -n` and never types one. Allow it without a password, e.g. in /etc/sudoers.d/xendesk: "dev ALL=(root) NOPASSWD: /usr/sbin/xl, /usr/sbin/xentop, /usr/bin/xenstore-read". To edit configs and create disks as well: "dev ALL=(root) NOPASSWD: ALL" (xl already runs anything as root).',
    });
  });

  it('non-root with sudo for the toolstack only: watching works; a config edit says what sudo refused', async () => {
    const s = await sim({ users: [{ name: 'mon', password: 'pw', sudo: 'tools' }] });
    const c = await connectTo(s, 'mon', 'pw');
    expect((await c.res).status).toBe('connected');
    const e = await c.api.api.setAutostart({ hostId: c.h.id, domain: 'db01', enabled: true }).then(
      () => null,
      (err: ApiError) => err,
    );
    expect(e).toMatchObject({ code: 'auth-failed' });
    expect(e!.message).toMatch(/^sudo refused `\S+` for mon: sudo: a password is required\./);
    expect(e!.message).toContain('"mon ALL=(root) NOPASSWD: ALL"');
    expect(s.fs.tryLstat('/etc/xen/auto/db01.cfg')).toBeNull();
  });
});

describe('stale list', () => {
  it('a poll that fails or times out marks the host pollError (the list stays); the next good poll clears it', async () => {
    const k = clientKey();
    const s = await sim({ authorizedKeys: [k.pub], xentopDelayScale: 1 }); // xentop -i 2 -d 1: about a second
    let timeoutMs = 60_000;
    const { api } = backend({ pollTimeout: () => timeoutMs, pollIntervalMs: 3_600_000 }); // polls only when asked
    const h = await api.api.addHost(base(s.port, { kind: 'key', keyPath: k.keyPath }));
    expect((await connectTrusting(api, h.id)).status).toBe('connected');
    const good = await api.api.refreshHost({ hostId: h.id });
    timeoutMs = 200;
    await expect(api.api.refreshHost({ hostId: h.id })).rejects.toThrow(
      /did not finish the command within 200 ms/,
    );
    const stale = (await api.api.listHosts({})).find((x) => x.id === h.id)!;
    expect(stale.state).toBe('connected');
    expect(stale.pollError).toMatch(/did not finish the command within 200 ms/);
    expect((await api.api.getSnapshot({ hostId: h.id }))!.at).toBeGreaterThanOrEqual(good.at);
    timeoutMs = 60_000;
    await api.api.refreshHost({ hostId: h.id });
    expect((await api.api.listHosts({})).find((x) => x.id === h.id)!.pollError).toBeUndefined();
  });

  it('the poll timeout follows the host: 5 × the slowest recent poll, 60 s to 5 min', () => {
    expect(pollTimeoutMs([])).toBe(60_000);
    expect(pollTimeoutMs([1200, 900])).toBe(60_000);
    expect(pollTimeoutMs([30_000, 2000])).toBe(150_000);
    expect(pollTimeoutMs([90_000])).toBe(300_000);
  });
});

describe('secrets', () => {
  it('are remembered only when asked, and used for the next connect', async () => {
    const s = await sim({ users: [{ name: 'root', root: true, password: 'pw' }] });
    const { api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'password' }));
    expect((await connectTrusting(api, h.id, { password: 'pw' })).status).toBe('connected');
    expect((await api.api.listHosts({}))[0]!.secretRemembered).toBeUndefined();
    await api.api.disconnectHost({ hostId: h.id });
    expect((await api.api.connectHost({ hostId: h.id, password: 'pw', remember: true })).status).toBe(
      'connected',
    );
    expect((await api.api.listHosts({}))[0]!.secretRemembered).toBe(true);
    expect((await api.api.getAppInfo({})).secretStore).toBe('memory');
    await api.api.forgetSecrets({ hostId: h.id });
    expect((await api.api.listHosts({}))[0]!.secretRemembered).toBeUndefined();
  });
});

describe('many hosts', () => {
  it('autoconnect: a black-holed port never delays the other hosts', async () => {
    const held: net.Socket[] = [];
    const hole = net.createServer((sock) => held.push(sock)); // accepts, never speaks SSH
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      held.forEach((x) => x.destroy());
      return new Promise<void>((r) => hole.close(() => r()));
    });
    const k = clientKey();
    const good = await sim({ authorizedKeys: [k.pub] });
    const { be, api } = backend();
    const key = { kind: 'key' as const, keyPath: k.keyPath };
    const dead = await api.api.addHost(base((hole.address() as net.AddressInfo).port, key));
    const live = await api.api.addHost(base(good.port, key));
    // trust the live host's key beforehand
    const r = await api.api.connectHost({ hostId: live.id });
    await api.api.trustHostKey({ hostId: live.id, fingerprint: (r as { fingerprint: string }).fingerprint });
    const t0 = Date.now();
    const connected = nextEvent(api, 'hostChanged', (x) => x.id === live.id && x.state === 'connected');
    expect(autoconnectAll(be.hosts)).toEqual([dead.id, live.id]);
    await connected;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(be.hosts.summary(dead.id).state).toBe('connecting');
  });

  it('a dropped connection shows reconnecting, then comes back by itself', async () => {
    const k = clientKey();
    const s = await sim({ authorizedKeys: [k.pub] });
    const { api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'key', keyPath: k.keyPath }));
    expect((await connectTrusting(api, h.id)).status).toBe('connected');
    const reconnecting = nextEvent(api, 'hostChanged', (x) => x.state === 'reconnecting');
    s.dropAllConnections();
    expect((await reconnecting).error).toMatch(/Connection lost; retrying in 1 s/);
    await nextEvent(api, 'hostChanged', (x) => x.state === 'connected', 15000);
    await nextEvent(api, 'snapshot', (x) => x.hostId === h.id);
  });

  it('a command in flight when the connection drops reports an unknown outcome', async () => {
    const k = clientKey();
    const s = await sim({ authorizedKeys: [k.pub] });
    const { be, api } = backend();
    const h = await api.api.addHost(base(s.port, { kind: 'key', keyPath: k.keyPath }));
    expect((await connectTrusting(api, h.id)).status).toBe('connected');
    const p = be.hosts.xl(h.id, ['xl', 'shutdown', '-w', 'pvdisk']);
    await new Promise((r) => setTimeout(r, 300));
    s.dropAllConnections();
    await expect(p).rejects.toMatchObject({
      code: 'connection-lost',
      message: expect.stringMatching(/lost — unknown whether `xl shutdown -w pvdisk` was applied/),
    });
  });
});
