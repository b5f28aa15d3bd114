// Issue 8 benchmark: framebuffer updates per second through XenDesk's VNC bridge (WebSocket
// → backend → ssh2 forwardOut on the host's one connection) ÷ the same through a plain
// OpenSSH `ssh -L` tunnel, same simulated dom0, same RFB server in scrolling mode, same
// encodings, same client; ≥ 5 interleaved runs of 10 s each. Then: SSH connections to the
// host while VNC, a serial console and polling run together (goal: 1).
//
// Fairness: XenDesk's backend runs in its own process (the web mode entry, dist/backend/
// web.cjs), as the OpenSSH client does; the simulator runs in this process and the counting
// client (the same code for both paths) in a worker thread of it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { createRpcClient, type RpcClient, type RpcPort } from '../shared/rpc';
import { startSimDom0, type SimDom0 } from '../electron/backend/sim/server';
import { rfbServerFor } from '../electron/backend/sim/rfbBridge';
import { interleaved, median } from './stats';
import { generateEd25519 } from '../electron/backend/ssh/keygen';

export interface VncBenchResult extends BridgeVsTunnel {
  runs: number;
  seconds: number;
  scrollHz: number;
  domain: string;
  /** max SSH connections to the host while VNC + serial console + polling ran (goal 1) */
  sshConnectionsPerHost: number;
  /** what ran during the connection count */
  concurrent: string[];
}

// ------------------------------------------------------------------ a small RFB client

/** Byte queue without concatenating what is only skipped (raw frames are ~1 MiB). */
class Bytes {
  private chunks: Buffer[] = [];
  private off = 0;
  length = 0;
  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let w = 0;
    while (w < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - w, c.length - this.off);
      c.copy(out, w, this.off, this.off + k);
      w += k;
      this.advance(c, k);
    }
    this.length -= n;
    return out;
  }
  skip(n: number): void {
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const k = Math.min(left, c.length - this.off);
      left -= k;
      this.advance(c, k);
    }
    this.length -= n;
  }
  private advance(c: Buffer, k: number): void {
    this.off += k;
    if (this.off === c.length) {
      this.chunks.shift();
      this.off = 0;
    }
  }
}

/**
 * RFB 3.8, security None, Raw + DesktopSize, shared; after each FramebufferUpdate it asks
 * for the next incremental one at once (what noVNC does) and counts them.
 */
export class RfbCounter {
  private q = new Bytes();
  private state: 'version' | 'sec' | 'secres' | 'init' | 'msg' | 'rect' | 'pixels' | 'skip' = 'version';
  private width = 0;
  private height = 0;
  private bpp = 4;
  private rectsLeft = 0;
  private bytesLeft = 0;
  updates = 0;
  bytes = 0;
  ready = false;
  private onReady: (() => void) | null = null;
  readonly readyPromise = new Promise<void>((r) => (this.onReady = r));

  constructor(private readonly send: (b: Buffer) => void) {}

  feed(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.q.push(chunk);
    this.pump();
  }

  private request(incremental: boolean): void {
    const b = Buffer.alloc(10);
    b[0] = 3;
    b[1] = incremental ? 1 : 0;
    b.writeUInt16BE(this.width, 6);
    b.writeUInt16BE(this.height, 8);
    this.send(b);
  }

  private pump(): void {
    for (;;) {
      switch (this.state) {
        case 'version':
          if (this.q.length < 12) return;
          if (!this.q.take(12).toString('latin1').startsWith('RFB ')) throw new Error('not RFB');
          this.send(Buffer.from('RFB 003.008\n', 'latin1'));
          this.state = 'sec';
          break;
        case 'sec': {
          if (this.q.length < 1) return;
          // peek the count without consuming it
          const n = this.q.take(1)[0]!;
          if (n === 0) throw new Error('server refused the connection');
          this.bytesLeft = n;
          this.state = 'skip';
          this.afterSkip = () => {
            this.send(Buffer.from([1])); // None (libxl's default for QEMU)
            this.state = 'secres';
          };
          break;
        }
        case 'skip': {
          const k = Math.min(this.bytesLeft, this.q.length);
          this.q.skip(k);
          this.bytesLeft -= k;
          if (this.bytesLeft > 0) return;
          this.afterSkip();
          break;
        }
        case 'secres':
          if (this.q.length < 4) return;
          if (this.q.take(4).readUInt32BE(0) !== 0) throw new Error('security failed');
          this.send(Buffer.from([1])); // shared
          this.state = 'init';
          break;
        case 'init': {
          if (this.q.length < 24) return;
          const h = this.q.take(24);
          this.width = h.readUInt16BE(0);
          this.height = h.readUInt16BE(2);
          this.bpp = h[4]! / 8;
          this.bytesLeft = h.readUInt32BE(20);
          this.state = 'skip';
          this.afterSkip = () => {
            const enc = Buffer.alloc(4 + 8);
            enc[0] = 2;
            enc.writeUInt16BE(2, 2);
            enc.writeInt32BE(0, 4); // Raw: what QEMU serves to noVNC for a text console
            enc.writeInt32BE(-223, 8); // DesktopSize
            this.send(enc);
            this.request(false);
            this.state = 'msg';
          };
          break;
        }
        case 'msg': {
          if (this.q.length < 1) return;
          const type = this.q.take(1)[0]!;
          if (type === 0) {
            this.state = 'rect';
            this.rectsLeft = -1; // header pending
          } else if (type === 2) {
            /* bell */
          } else throw new Error(`unexpected server message ${type}`);
          break;
        }
        case 'rect': {
          if (this.rectsLeft === -1) {
            if (this.q.length < 3) return;
            this.rectsLeft = this.q.take(3).readUInt16BE(1);
            if (this.rectsLeft === 0) this.updateDone();
            break;
          }
          if (this.q.length < 12) return;
          const r = this.q.take(12);
          const w = r.readUInt16BE(4);
          const h = r.readUInt16BE(6);
          const enc = r.readInt32BE(8);
          if (enc === 0) {
            this.bytesLeft = w * h * this.bpp;
            this.state = 'pixels';
          } else if (enc === -223) {
            this.width = w;
            this.height = h;
            this.rectDone();
          } else throw new Error(`unexpected encoding ${enc}`);
          break;
        }
        case 'pixels': {
          const k = Math.min(this.bytesLeft, this.q.length);
          this.q.skip(k);
          this.bytesLeft -= k;
          if (this.bytesLeft > 0) return;
          this.state = 'rect';
          this.rectDone();
          break;
        }
      }
    }
  }

  private afterSkip: () => void = () => undefined;

  private rectDone(): void {
    this.rectsLeft--;
    if (this.rectsLeft === 0) this.updateDone();
  }

  private updateDone(): void {
    this.state = 'msg';
    if (!this.ready) {
      this.ready = true;
      this.onReady?.();
    } else this.updates++;
    this.request(true);
  }
}

/** Count updates for `seconds` after the first full frame. */
async function measure(
  connect: (feed: (b: Buffer) => void) => Promise<{ send: (b: Buffer) => void; close: () => void }>,
  seconds: number,
): Promise<{ perSec: number; bytesPerSec: number }> {
  let failure: Error | null = null;
  let conn: { send: (b: Buffer) => void; close: () => void } | null = null;
  const early: Buffer[] = [];
  // the banner may arrive before connect() has resolved: queue what the client answers
  const c = new RfbCounter((b) => (conn ? conn.send(b) : early.push(b)));
  conn = await connect((b) => {
    try {
      c.feed(b);
    } catch (e) {
      failure = e as Error;
    }
  });
  for (const b of early.splice(0)) conn.send(b);
  try {
    await Promise.race([
      c.readyPromise,
      new Promise((_, rej) => setTimeout(() => rej(new Error('no first frame within 15 s')), 15000)),
    ]);
    const u0 = c.updates;
    const b0 = c.bytes;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const dt = (performance.now() - t0) / 1000;
    if (failure) throw failure;
    return { perSec: (c.updates - u0) / dt, bytesPerSec: (c.bytes - b0) / dt };
  } finally {
    conn.close();
  }
}

// ------------------------------------------------------------------ the two paths

function tcpPath(port: number) {
  return (feed: (b: Buffer) => void) =>
    new Promise<{ send: (b: Buffer) => void; close: () => void }>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      s.setNoDelay(true);
      s.once('error', reject);
      s.on('data', feed);
      s.once('connect', () => resolve({ send: (b) => s.write(b), close: () => s.destroy() }));
    });
}

export function wsPath(url: string, headers: Record<string, string>) {
  return (feed: (b: Buffer) => void) =>
    new Promise<{ send: (b: Buffer) => void; close: () => void }>((resolve, reject) => {
      const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
      ws.binaryType = 'nodebuffer';
      ws.on('message', (d) => feed(d as Buffer)); // before 'open': the banner may come with the upgrade
      ws.once('error', reject);
      ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('open', () => resolve({ send: (b) => ws.send(b), close: () => ws.terminate() }));
    });
}

// ------------------------------------------------------------------ the client's own thread

/**
 * The counting client runs in a worker thread: in real life the viewer is not in dom0's
 * process, and here the simulated dom0 lives in this process' event loop. Without the
 * worker, the WebSocket client's frame parsing would slow the simulator down on one path only.
 */
export type PathSpec =
  { kind: 'tcp'; port: number } | { kind: 'ws'; url: string; headers: Record<string, string> };
const WORKER_TAG = 'xendesk-vnc-bench-client';

export function measureInWorker(
  spec: PathSpec,
  seconds: number,
): Promise<{ perSec: number; bytesPerSec: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { tag: WORKER_TAG, spec, seconds } });
    w.once(
      'message',
      (m: { ok: true; perSec: number; bytesPerSec: number } | { ok: false; error: string }) =>
        m.ok ? resolve(m) : reject(new Error(m.error)),
    );
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`bench client exited ${code}`)));
  });
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  const { spec, seconds } = workerData as { spec: PathSpec; seconds: number };
  measure(spec.kind === 'tcp' ? tcpPath(spec.port) : wsPath(spec.url, spec.headers), seconds).then(
    (r) => {
      parentPort!.postMessage({ ok: true, ...r });
      process.exit(0);
    },
    (e: Error) => {
      parentPort!.postMessage({ ok: false, error: e.message });
      process.exit(0);
    },
  );
}

// ------------------------------------------------------------------ setup helpers

/** CPU seconds (user + system) a process has used so far; null where /proc is missing. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

export function waitPort(port: number, ms: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() - t0 > ms) reject(new Error(`port ${port} never opened`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export interface WebBackend {
  proc: ChildProcess;
  port: number;
  token: string;
  client: RpcClient;
  stop(): Promise<void>;
}

/** XenDesk's web mode backend in a process of its own (BENCH_VNC_BACKEND_NODE_ARGS, e.g. "--cpu-prof", go to its node). */
export async function startWebBackend(dataDir: string): Promise<WebBackend> {
  const entry = path.resolve(__dirname, '..', 'backend', 'web.cjs');
  if (!fs.existsSync(entry)) throw new Error(`build first: ${entry} is missing`);
  const proc = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_VNC_BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      entry,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--poll-ms',
      '3600000',
    ],
    {
      env: { ...process.env, SSH_AUTH_SOCK: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${out}`)), 20000);
    proc.stdout!.on('data', () => {
      const m = /XenDesk web UI at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    });
    proc.once('exit', (c) => reject(new Error(`web mode exited ${c}:\n${out}`)));
  });
  const port = Number(url.port);
  const token = url.searchParams.get('token')!;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, {
    headers: { origin: `http://127.0.0.1:${port}`, cookie: `xendesk_token=${token}` },
  });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const rpcPort: RpcPort = {
    send: (m) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m)),
    onMessage: (cb) => ws.on('message', (d) => cb(JSON.parse(d.toString()))),
    onClose: (cb) => ws.on('close', () => cb()),
    close: () => ws.close(),
  };
  return {
    proc,
    port,
    token,
    client: createRpcClient(rpcPort),
    stop: () =>
      new Promise<void>((resolve) => {
        ws.close();
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

// ------------------------------------------------------------------ the benchmark

/** What one path moved over the interleaved runs. */
interface PathTally {
  perSec: number[];
  bytes: number[];
  /** CPU seconds of the path's own process (XenDesk's backend, or the ssh client) */
  cpu: number;
  /** CPU seconds of this process (simulator + counting client) */
  self: number;
  mib: number;
}

export interface BridgeVsTunnel {
  xendeskUpdatesPerSec: number[];
  opensshUpdatesPerSec: number[];
  xendeskMedian: number;
  opensshMedian: number;
  /** median XenDesk ÷ median OpenSSH (goal ≥ 0.9) */
  ratio: number;
  xendeskMiBPerSec: number;
  opensshMiBPerSec: number;
  /** how the bridge reached the VNC server, as the backend reported it */
  via: string;
  /** CPU seconds per MiB moved: XenDesk's backend process vs the ssh client process, and this one */
  cpuPerMiB: {
    xendeskBackend: number | null;
    opensshClient: number | null;
    benchProcessXendesk: number | null;
    benchProcessOpenssh: number | null;
  };
}

/**
 * The measurement both VNC benchmarks share: `runs` interleaved pairs of `seconds` each, the same
 * counting client through XenDesk's bridge (a fresh openVnc per run) and through the ssh -L tunnel
 * on `tunnelPort`, with the CPU each path's process used per MiB moved.
 */
export async function bridgeVsTunnel(o: {
  runs: number;
  seconds: number;
  openVnc: () => Promise<{ url: string; via: string }>;
  headers: Record<string, string>;
  tunnelPort: number;
  backendPid: number | undefined;
  sshPid: number | undefined;
  log: (s: string) => void;
  indent?: string;
}): Promise<BridgeVsTunnel> {
  const indent = o.indent ?? '  ';
  const selfCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const tally = (): PathTally => ({ perSec: [], bytes: [], cpu: 0, self: 0, mib: 0 });
  const xd = tally();
  const os_ = tally();
  let via = '';
  const once = async (t: PathTally, pid: number | undefined, spec: PathSpec, label: string) => {
    const c0 = cpuSeconds(pid) ?? 0;
    const s0 = selfCpu();
    const r = await measureInWorker(spec, o.seconds);
    t.cpu += (cpuSeconds(pid) ?? 0) - c0;
    t.self += selfCpu() - s0;
    t.mib += (r.bytesPerSec * o.seconds) / 2 ** 20;
    t.perSec.push(r.perSec);
    t.bytes.push(r.bytesPerSec);
    o.log(
      `${indent}${label} ${r.perSec.toFixed(1)} updates/s  ${(r.bytesPerSec / 2 ** 20).toFixed(2)} MiB/s`,
    );
    return r.perSec;
  };
  await interleaved(
    o.runs,
    async () => {
      const opened = await o.openVnc();
      via = opened.via;
      return once(
        xd,
        o.backendPid,
        { kind: 'ws', url: opened.url, headers: o.headers },
        `xendesk (via ${via})`,
      );
    },
    () => once(os_, o.sshPid, { kind: 'tcp', port: o.tunnelPort }, 'ssh -L  '),
  );
  const xm = median(xd.perSec);
  const om = median(os_.perSec);
  const perMiB = (cpu: number, mib: number) => (mib > 0 && cpuSeconds(1) !== null ? cpu / mib : null);
  return {
    xendeskUpdatesPerSec: xd.perSec,
    opensshUpdatesPerSec: os_.perSec,
    xendeskMedian: xm,
    opensshMedian: om,
    ratio: xm / om,
    xendeskMiBPerSec: median(xd.bytes) / 2 ** 20,
    opensshMiBPerSec: median(os_.bytes) / 2 ** 20,
    via,
    cpuPerMiB: {
      xendeskBackend: perMiB(xd.cpu, xd.mib),
      opensshClient: perMiB(os_.cpu, os_.mib),
      benchProcessXendesk: xd.mib > 0 ? xd.self / xd.mib : null,
      benchProcessOpenssh: os_.mib > 0 ? os_.self / os_.mib : null,
    },
  };
}

/** Run `during` while the host is refreshed every 300 ms (the polling that counts as "running"). */
export async function whilePolling<T>(refresh: () => Promise<unknown>, during: () => Promise<T>): Promise<T> {
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await refresh().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  try {
    return await during();
  } finally {
    polling = false;
    await poller;
  }
}

export async function vncBench(
  opts: {
    runs?: number;
    seconds?: number;
    scrollHz?: number;
    domain?: string;
    log?: (s: string) => void;
  } = {},
): Promise<VncBenchResult> {
  const runs = Math.max(5, opts.runs ?? 5);
  const seconds = opts.seconds ?? 10;
  const scrollHz = opts.scrollHz ?? 100;
  const domain = opts.domain ?? 'hvm1';
  const log = opts.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-vncbench-'));
  const kp = generateEd25519();
  const keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });

  const sim: SimDom0 = await startSimDom0({ authorizedKeys: [kp.public], xentopDelayScale: 0.05 });
  let web: WebBackend | null = null;
  let ssh: ChildProcess | null = null;
  try {
    web = await startWebBackend(path.join(dir, 'data'));
    const api = web.client.api;
    const host = await api.addHost({
      label: 'bench',
      address: '127.0.0.1',
      port: sim.port,
      username: 'root',
      auth: { kind: 'key', keyPath },
    });
    const first = await api.connectHost({ hostId: host.id });
    if (first.status === 'unknown-key')
      await api.trustHostKey({ hostId: host.id, fingerprint: first.fingerprint });
    const res = await api.connectHost({ hostId: host.id });
    if (res.status !== 'connected') throw new Error(`bench: cannot connect: ${res.status}`);

    const d = sim.domain(domain);
    if (!d?.vnc) throw new Error(`bench: ${domain} has no VNC port`);
    const rfb = rfbServerFor(sim.model, d);
    rfb.startScrolling(scrollHz);

    // the baseline: OpenSSH's own port forwarding to the same VNC port
    const localPort = await freePort();
    ssh = spawn(
      'ssh',
      [
        '-N',
        '-p',
        String(sim.port),
        '-i',
        keyPath,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        '-o',
        'ExitOnForwardFailure=yes',
        '-L',
        `127.0.0.1:${localPort}:${d.vnc.listen}:${d.vnc.port}`,
        'root@127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    await waitPort(localPort, 15000);

    const headers = { origin: `http://127.0.0.1:${web.port}`, cookie: `xendesk_token=${web.token}` };
    // warm-up of both paths (JIT, TCP windows)
    await measureInWorker(
      { kind: 'ws', url: (await api.openVnc({ hostId: host.id, domain })).url, headers },
      2,
    );
    await measureInWorker({ kind: 'tcp', port: localPort }, 2);
    const m = await bridgeVsTunnel({
      runs,
      seconds,
      openVnc: () => api.openVnc({ hostId: host.id, domain }),
      headers,
      tunnelPort: localPort,
      backendPid: web.proc.pid,
      sshPid: ssh.pid,
      log,
    });

    // connections: stop OpenSSH, then VNC + a serial console + polling together through XenDesk
    ssh.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // (the backend's own poll timer is off during the throughput runs: the baseline does not poll)
    const concurrent = ['vnc', 'polling (refresh every 300 ms)'];
    let maxConn = sim.connections;
    await whilePolling(
      () => api.refreshHost({ hostId: host.id }),
      async () => {
        const opened = await api.openVnc({ hostId: host.id, domain });
        const vncConn = await wsPath(opened.url, headers)(() => undefined);
        try {
          try {
            await api.openConsole({ hostId: host.id, domain: 'pvdisk', kind: 'pv', cols: 80, rows: 24 });
            concurrent.push('serial console (pvdisk)');
          } catch (e) {
            log(`  (serial console not measured: ${(e as Error).message})`);
          }
          for (let i = 0; i < 20; i++) {
            maxConn = Math.max(maxConn, sim.connections);
            await new Promise((r) => setTimeout(r, 150));
          }
        } finally {
          vncConn.close();
        }
      },
    );
    rfb.stopScrolling();

    return { runs, seconds, scrollHz, domain, ...m, sshConnectionsPerHost: maxConn, concurrent };
  } finally {
    if (ssh && ssh.exitCode === null) ssh.kill('SIGKILL');
    await web?.stop();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
