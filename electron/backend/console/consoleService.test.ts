// The serial console against the simulated dom0, through the real RPC streams (acks and all):
// attach + boot log, echo, resize → `stty size`, Ctrl+] detach, a shared session for two
// windows, xenconsole's lock held by someone else, reboot and connection-drop re-attach,
// flow control under a flood, sudo -n for non-root users; and the UTF-8 decoder.
/* eslint-disable no-control-regex -- terminal output is made of control characters */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { generateEd25519 } from '../ssh/keygen';
import { afterEach, describe, expect, it } from 'vitest';
import { apiSchemas, type ApiEvents, type ConsoleState } from '../../../shared/api';
import {
  createRpcClient,
  memoryPortPair,
  serveRpc,
  type ClientStream,
  type RpcClient,
  type RpcHandlers,
} from '../../../shared/rpc';
import { HostManager } from '../hostManager';
import { SettingsStore } from '../settings';
import { KnownHosts } from '../ssh/knownHosts';
import { HostConnection } from '../ssh/hostConnection';
import { startSimDom0, type SimDom0, type SimUserSpec } from '../sim/server';
import { floodText } from '../sim/guest';
import { ConsoleService, consoleFailure, statusLine } from './consoleService';
import { plainText, stripTerminalQueries, Utf8Decoder } from './utf8';

interface Harness {
  sim: SimDom0;
  hosts: HostManager;
  hostId: string;
  consoles: ConsoleService;
  client: RpcClient;
  states: ConsoleState[];
  keyPath: string;
  dir: string;
  stop(): Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.stop();
});

async function setup(o: { user?: SimUserSpec; timeScale?: number } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-console-test-'));
  const kp = generateEd25519();
  const keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  const user = o.user ?? { name: 'root', root: true };
  const sim = await startSimDom0({
    authorizedKeys: [kp.public],
    timeScale: o.timeScale ?? 0.25,
    users: [{ name: 'root', root: true }, ...(user.name === 'root' ? [] : [user])],
  });
  const hosts = new HostManager({
    settings: new SettingsStore(dir),
    knownHosts: new KnownHosts(path.join(dir, 'known_hosts'), []),
    pollIntervalMs: 300,
  });
  const h = hosts.add({
    label: 'sim',
    address: '127.0.0.1',
    port: sim.port,
    username: user.name,
    auth: { kind: 'key', keyPath },
  });
  const first = await hosts.connect(h.id);
  if (first.status === 'unknown-key') {
    await hosts.trustKey(h.id, first.fingerprint);
    expect((await hosts.connect(h.id)).status).toBe('connected');
  }
  const states: ConsoleState[] = [];
  const consoles = new ConsoleService(hosts, {
    emit: (s) => {
      states.push(s);
      hosts.emit('consoleState', s);
    },
    rebootPollMs: 200,
  });
  const handlers = {
    openConsole: (p: unknown, ctx) => consoles.open(apiSchemas.openConsole.parse(p), ctx),
  } as Partial<RpcHandlers> as RpcHandlers;
  const [a, b] = memoryPortPair();
  serveRpc(a, handlers);
  const client = createRpcClient(b);
  const harness: Harness = {
    sim,
    hosts,
    hostId: h.id,
    consoles,
    client,
    states,
    keyPath,
    dir,
    async stop() {
      consoles.dispose();
      client.close();
      await hosts.dispose();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  harnesses.push(harness);
  return harness;
}

/** A window: the text it received, with helpers to wait for things on it. */
class Win {
  text = '';
  ended: string | undefined | null = null;
  private waiters: (() => void)[] = [];
  /** hold acks (a window that does not render) */
  gate: Promise<void> | null = null;
  constructor(
    readonly stream: ClientStream,
    readonly sessionId: string,
  ) {
    stream.onData(async (d) => {
      this.text += d;
      this.wake();
      if (this.gate) await this.gate;
    });
    stream.onEnd((reason) => {
      this.ended = reason;
      this.wake();
    });
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  async until(pred: (w: Win) => boolean, what: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text.slice(-400))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  see(re: RegExp | string, timeoutMs?: number): Promise<void> {
    return this.until(
      (w) => (typeof re === 'string' ? w.text.includes(re) : re.test(w.text)),
      String(re),
      timeoutMs,
    );
  }
  type(s: string): void {
    this.stream.write(s);
  }
}

async function open(
  h: Harness,
  domain = 'pvdisk',
  o: { kind?: 'pv' | 'serial'; cols?: number; rows?: number } = {},
): Promise<Win> {
  const r = await h.client.api.openConsole({
    hostId: h.hostId,
    domain,
    kind: o.kind ?? 'pv',
    cols: o.cols ?? 80,
    rows: o.rows ?? 24,
  });
  return new Win(h.client.stream(r.streamId), r.sessionId);
}

async function waitState(
  h: Harness,
  pred: (s: ConsoleState) => boolean,
  what: string,
  timeoutMs = 15000,
): Promise<ConsoleState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = h.states.find(pred);
    if (s) return s;
    if (Date.now() > deadline)
      throw new Error(
        `no consoleState ${what}; saw ${JSON.stringify(h.states.map((x) => [x.status, x.domid]))}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Utf8Decoder', () => {
  it('never splits a multi-byte character, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(fc.nat({ max: 800 }), { maxLength: 12 }),
        (text, cuts) => {
          const bytes = Buffer.from(text, 'utf8');
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
          const dec = new Utf8Decoder();
          let out = '';
          let prev = 0;
          for (const p of [...points, bytes.length]) {
            const piece = dec.write(bytes.subarray(prev, p));
            // no chunk ever ends in half a surrogate pair or a replacement character
            expect(piece).not.toMatch(/\uFFFD/);
            out += piece;
            prev = p;
          }
          out += dec.end();
          expect(out).toBe(text);
        },
      ),
    );
  });

  it('turns bytes that are not UTF-8 into U+FFFD and keeps going', () => {
    const dec = new Utf8Decoder();
    expect(dec.write(Buffer.from([0x41, 0xe9, 0x42]))).toBe('A\uFFFDB');
    expect(dec.write(Buffer.from([0xe2, 0x82]))).toBe('');
    expect(dec.write(Buffer.from([0xac]))).toBe('€');
    expect(dec.write(Buffer.from([0xe2]))).toBe('');
    expect(dec.end()).toBe('\uFFFD');
  });

  it('strips terminal queries from replayed output and escapes from messages', () => {
    expect(stripTerminalQueries('/ # \x1b[6n\r\n/ # \x1b[6n\x1b[c')).toBe('/ # \r\n/ # ');
    expect(plainText('\x1b[1;31merror\x1b[0m\r\n')).toBe('error\n');
  });
});

describe('consoleFailure', () => {
  it('explains xenconsole lock contention without offering anything dangerous', () => {
    const f = consoleFailure(
      'xenconsole: Could not lock /var/lock/xenconsole.12: Resource temporarily unavailable\r\n',
      11,
      'pvdisk',
    );
    expect(f.lock).toBe(true);
    expect(f.message).toContain('/var/lock/xenconsole.12');
    expect(f.message).toMatch(/another client/i);
    expect(f.message).not.toMatch(/kill|force|steal/i);
  });
  it('keeps xl’s own words for other failures', () => {
    const f = consoleFailure(
      'xenconsole: Could not read tty from store: No such file or directory\r\n',
      2,
      'x',
    );
    expect(f).toEqual({
      lock: false,
      message: 'xenconsole: Could not read tty from store: No such file or directory',
    });
  });
});

describe('ConsoleService against the simulated dom0', () => {
  it('attaches with a pty, shows the boot log, echoes, resizes and detaches on Ctrl+]', async () => {
    const h = await setup();
    const w = await open(h, 'pvdisk', { cols: 80, rows: 24 });
    // the first attach replays what the guest printed before anyone attached
    await w.see('XENLAB-SHELL-PROMPT');
    await w.see(/\/ # \x1b\[6n$/);
    const attached = await waitState(
      h,
      (s) => s.sessionId === w.sessionId && s.status === 'attached',
      'attached',
    );
    expect(attached.domid).toBe(12);
    const exec = h.sim.execLog.find((e) => e.command.includes('xl console'))!;
    expect(exec).toMatchObject({ command: 'xl console -t pv pvdisk', pty: true, user: 'root' });

    w.type('echo hello\r');
    await w.see('echo hello\r\nhello\r\n');

    w.stream.control({ cols: 132, rows: 43 });
    await sleep(100);
    w.type('stty size\r');
    await w.see('43 132\r\n');

    w.type('\x1d');
    await w.until((x) => x.ended !== null, 'stream end');
    expect(w.ended).toBe('detached');
    const detached = await waitState(
      h,
      (s) => s.sessionId === w.sessionId && s.status === 'detached',
      'detached',
    );
    expect(detached.message).toMatch(/Detached/);
    expect(w.text).toContain(statusLine('detached'));
    // xl exited on its own (0x1d): the lock is free, the guest runs on
    await expect.poll(() => h.sim.domain('pvdisk')!.consoleLock.held).toBe(false);
    expect(h.sim.domain('pvdisk')!.id).toBe(12);

    // re-open works: a new session on the same domain
    const again = await open(h);
    expect(again.sessionId).not.toBe(w.sessionId);
    again.type('\r');
    await again.see(/\/ # \x1b\[6n/);
    again.stream.close();
    await expect.poll(() => h.sim.domain('pvdisk')!.consoleLock.held).toBe(false);
  });

  it('Ctrl+] on a busy dom0 still detaches when xl console takes seconds to exit', async () => {
    const h = await setup();
    // the real Xen lab under TCG on a loaded machine: xl console exited well over 3 s after the 0x1d
    h.sim.model.consoleDetachDelayMs = 4500;
    const w = await open(h);
    await w.see(/\/ # \x1b\[6n$/);
    await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'attached', 'attached');
    w.type('\x1d');
    await w.until((x) => x.ended !== null, 'stream end', 20_000);
    expect(w.ended).toBe('detached');
    expect(h.states.some((s) => s.sessionId === w.sessionId && s.status === 'reattaching')).toBe(false);
    expect(h.sim.execLog.filter((e) => e.command.includes('xl console'))).toHaveLength(1);
  });

  it('shares one session between two windows; the last one out releases the lock', async () => {
    const h = await setup();
    const a = await open(h);
    await a.see('XENLAB-SHELL-PROMPT');
    await waitState(h, (s) => s.sessionId === a.sessionId && s.status === 'attached', 'attached');
    const b = await open(h, 'pvdisk', { cols: 100, rows: 30 });
    expect(b.sessionId).toBe(a.sessionId);
    // the second window starts with what the first one shows (without the terminal queries)
    await b.see('XENLAB-SHELL-PROMPT');
    expect(b.text).not.toContain('\x1b[6n');
    b.type('stty size\r');
    await a.see('30 100\r\n');
    await b.see('30 100\r\n');
    a.type('echo from-a\r');
    await b.see('from-a\r\n');
    // one remote xl console only
    expect(h.sim.execLog.filter((e) => e.command.includes('xl console'))).toHaveLength(1);

    a.stream.close();
    await sleep(200);
    b.type('echo still-here\r');
    await b.see('still-here\r\n');
    expect(h.sim.domain('pvdisk')!.consoleLock.held).toBe(true);
    b.stream.close();
    await expect.poll(() => h.sim.domain('pvdisk')!.consoleLock.held).toBe(false);
    await expect.poll(() => h.consoles.list().length).toBe(0);
  });

  it('reports a console held by another client as failed, with xenconsole’s words', async () => {
    const h = await setup();
    // another administrator's `xl console pvdisk` over their own ssh connection
    const other = new HostConnection(
      { address: '127.0.0.1', port: h.sim.port, username: 'root', auth: { kind: 'key', keyPath: h.keyPath } },
      new KnownHosts(path.join(h.dir, 'kh2'), []),
    );
    await other.connect({}, { acceptUnknown: true });
    const ch = await other.execPty(['xl', 'console', 'pvdisk'], { cols: 80, rows: 24 });
    ch.on('data', () => undefined);
    await expect.poll(() => h.sim.domain('pvdisk')!.consoleLock.held).toBe(true);

    const w = await open(h);
    await w.until((x) => x.ended !== null, 'stream end');
    expect(w.ended).toMatch(/Could not lock \/var\/lock\/xenconsole\.12/);
    const failed = await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'failed', 'failed');
    expect(failed.message).toMatch(/Another client is attached to pvdisk's console/);
    // nothing dangerous: the other client still holds its console
    expect(h.sim.domain('pvdisk')!.consoleLock.held).toBe(true);
    ch.close();
    other.close();
  });

  it('re-attaches after the domain reboots, with a status line and the new boot log', async () => {
    const h = await setup();
    const w = await open(h);
    await w.see('XENLAB-SHELL-PROMPT');
    await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'attached', 'attached');
    const before = w.text.length;
    expect((await h.sim.exec('xl reboot pvdisk')).code).toBe(0);
    await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'reattaching', 'reattaching');
    const back = await waitState(
      h,
      (s) => s.sessionId === w.sessionId && s.status === 'attached' && (s.domid ?? 0) > 12,
      'attached to a new domid',
      20000,
    );
    const newId = h.sim.domain('pvdisk')!.id;
    expect(back.domid).toBe(newId);
    await w.see(statusLine(`domain rebooted — reattached to domid ${newId}`));
    const after = () => w.text.slice(before);
    await w.until((x) => /The system is going down NOW!/.test(after()) || x.text.length > 0, 'shutdown');
    await w.see(/reattached to domid \d+[\s\S]*XENLAB GUEST UP/, 15000);
    w.type('echo rebooted\r');
    await w.see('rebooted\r\n');
    expect(w.ended).toBeNull();
  });

  it('re-attaches when the SSH connection drops and comes back', async () => {
    const h = await setup();
    const w = await open(h);
    await w.see('XENLAB-SHELL-PROMPT');
    await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'attached', 'attached');
    h.states.length = 0;
    h.sim.dropAllConnections();
    await waitState(
      h,
      (s) => s.status === 'reattaching' && /connection/i.test(s.message ?? ''),
      'reattaching',
    );
    await waitState(h, (s) => s.status === 'attached' && s.domid === 12, 'attached again', 20000);
    await w.see(statusLine('connection restored — reattached to domid 12'));
    w.type('echo back\r');
    await w.see('back\r\n');
    expect(w.ended).toBeNull();
  });

  it('pauses the channel while a window is behind and loses nothing of a flood', async () => {
    const h = await setup();
    const fast = await open(h);
    await fast.see('XENLAB-SHELL-PROMPT');
    await waitState(h, (s) => s.sessionId === fast.sessionId && s.status === 'attached', 'attached');
    const slow = await open(h);
    let release!: () => void;
    slow.gate = new Promise((r) => (release = r));
    const N = 3_000_000;
    const start = fast.text.length;
    fast.type(`flood ${N}\r`);
    await fast.see('flood 000000001');
    await sleep(600);
    // the slow window acknowledges nothing: the session stops reading the channel
    const stalled = fast.text.length - start;
    expect(stalled).toBeLessThan(1_200_000);
    await sleep(300);
    expect(fast.text.length - start).toBe(stalled);
    release();
    slow.gate = null;
    const promptAfterFlood = (w: Win) => w.text.endsWith('\r\n/ # \x1b[6n');
    await fast.until(promptAfterFlood, 'the prompt after the flood', 20000);
    const expected = floodText(N).toString('latin1');
    const got = fast.text.slice(start);
    const body = got.slice(got.indexOf('flood 000000001'), got.lastIndexOf('/ # '));
    expect(body.length).toBe(N);
    const sha = (s: string) => createHash('sha256').update(s, 'latin1').digest('hex');
    expect(sha(body)).toBe(sha(expected));
    await slow.until(promptAfterFlood, 'the prompt after the flood', 20000);
  });

  it('runs xl console through sudo -n for a non-root user', async () => {
    const h = await setup({ user: { name: 'admin', sudo: 'nopasswd' } });
    const w = await open(h);
    await w.see('XENLAB-SHELL-PROMPT');
    expect(h.sim.execLog.find((e) => e.command.includes('xl console'))).toMatchObject({
      command: 'sudo -n xl console -t pv pvdisk',
      user: 'admin',
    });
  });

  it('uses the HVM serial console and refuses domains that do not run', async () => {
    const h = await setup();
    const w = await open(h, 'hvm1', { kind: 'serial' });
    await waitState(h, (s) => s.sessionId === w.sessionId && s.status === 'attached', 'attached');
    w.type('\r');
    await w.see(/\/ # \x1b\[6n/);
    expect(h.sim.execLog.some((e) => e.command === 'xl console -t serial hvm1')).toBe(true);
    await expect(open(h, 'db01')).rejects.toThrow(/No running domain named db01|db01 is/);
    await expect(open(h, 'nosuch')).rejects.toThrow(/No running domain named nosuch/);
  });

  it('fails clearly when the console type does not exist for the guest', async () => {
    const h = await setup({ timeScale: 0.02 });
    const w = await open(h, 'pvdisk', { kind: 'serial' });
    await w.until((x) => x.ended !== null, 'stream end', 15000);
    expect(w.ended).toMatch(/Could not read tty from store/);
  });
});

// keep the event type referenced so the contract's payload shape is checked here too
export type _ConsoleEvent = ApiEvents['consoleState'];
