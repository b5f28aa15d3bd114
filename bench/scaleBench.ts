// Issue 4 scale benchmark (not a timed test): 50 simulated hosts × 40 running domains, all
// connected at once by XenDesk's web mode (autoconnect on start), the UI open in Debian's
// Chromium. Reports the backend's RSS, the renderer's JS heap, the p95 frame time while the
// polls update the UI (requestAnimationFrame deltas), and SSH connections vs hosts.
// The simulators run in a child process (this same bundle with --scale-sims) so that the
// backend's RSS is the web mode process's own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { utils } from 'ssh2';
import { chromium } from 'playwright-core';
import { startSimDom0, type SimDom0 } from '../electron/backend/sim/server';

export interface ScaleBenchResult {
  hosts: number;
  domainsPerHost: number;
  connectedHosts: number;
  secondsToConnectAll: number;
  sshConnections: number;
  backendRssMiB: number;
  backendPeakRssMiB: number;
  rendererHeapMiB: number;
  frameP95Ms: number;
  frameMedianMs: number;
  frames: number;
  measuredSeconds: number;
}

/** Child mode: start N simulators, print their ports, answer "count" with open connections. */
export async function runScaleSims(n: number, domains: number): Promise<void> {
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const client = utils.generateKeyPairSync('ed25519');
  const sims: SimDom0[] = [];
  for (let i = 0; i < n; i++)
    sims.push(
      await startSimDom0({
        scenario: 'many',
        manyDomains: domains,
        hostKey,
        authorizedKeys: [client.public],
        xentopDelayScale: 0.2,
        seed: i + 1,
      }),
    );
  const pubLine = (() => {
    const k = utils.parseKey(hostKey);
    const key = Array.isArray(k) ? k[0] : k;
    if (!key || key instanceof Error) throw new Error('host key');
    return `${key.type} ${key.getPublicSSH().toString('base64')}`;
  })();
  process.stdout.write(
    JSON.stringify({ ports: sims.map((s) => s.port), clientKey: client.private, hostKeyLine: pubLine }) +
      '\n',
  );
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (l) => {
    if (l.trim() === 'count')
      process.stdout.write(
        JSON.stringify({ connections: sims.reduce((a, s) => a + s.connections, 0) }) + '\n',
      );
  });
  // stay up until the parent closes stdin (the caller exits the process when this resolves)
  await new Promise<void>((resolve) => rl.on('close', () => resolve()));
  await Promise.all(sims.map((s) => s.stop()));
}

function lines(proc: ChildProcess): () => Promise<string> {
  const rl = readline.createInterface({ input: proc.stdout! });
  const queue: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  rl.on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else queue.push(l);
  });
  return () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r)));
}

function rssMiB(pid: number): { rss: number; hwm: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

export async function scaleBench(
  o: {
    hosts?: number;
    domains?: number;
    seconds?: number;
    log?: (l: string) => void;
  } = {},
): Promise<ScaleBenchResult> {
  const hosts = o.hosts ?? 50;
  const domains = o.domains ?? 40;
  const seconds = o.seconds ?? 20;
  const log = o.log ?? (() => undefined);
  const root = process.cwd();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-scale-'));
  const sims = spawn(process.execPath, [process.argv[1]!, '--scale-sims', String(hosts), String(domains)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const next = lines(sims);
  let web: ChildProcess | null = null;
  const browser = await chromium.launch({
    executablePath: process.env.XENDESK_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const info = JSON.parse(await next()) as { ports: number[]; clientKey: string; hostKeyLine: string };
    log(`  ${hosts} simulators up (${domains} domains each)`);
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const keyPath = path.join(tmp, 'id_ed25519');
    fs.writeFileSync(keyPath, info.clientKey, { mode: 0o600 });
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({
        version: 1,
        hosts: info.ports.map((port, i) => ({
          id: `h-scale${String(i).padStart(3, '0')}`,
          label: `xen${String(i + 1).padStart(2, '0')}`,
          address: '127.0.0.1',
          port,
          username: 'root',
          auth: { kind: 'key', keyPath },
          demo: false,
          autoconnect: true,
        })),
      }),
    );
    fs.writeFileSync(
      path.join(dataDir, 'known_hosts'),
      info.ports.map((p) => `[127.0.0.1]:${p} ${info.hostKeyLine}\n`).join(''),
    );
    const t0 = Date.now();
    web = spawn(
      process.execPath,
      [path.join(root, 'dist/backend/web.cjs'), '--port', '0', '--data-dir', dataDir, '--poll-ms', '2000'],
      {
        env: { ...process.env, HOME: tmp, SSH_AUTH_SOCK: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      web!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /XenDesk web UI at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      web!.on('exit', (c) => reject(new Error(`web mode exited ${c}`)));
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const connected = page.locator('[data-testid^="host-item-"] [data-testid="host-state"]', {
      hasText: /^connected$/i,
    });
    const end = Date.now() + 120_000;
    while ((await connected.count()) < hosts && Date.now() < end) await page.waitForTimeout(250);
    const connectedHosts = await connected.count();
    if (connectedHosts < hosts && process.env.BENCH_SCALE_SHOT)
      await page.screenshot({ path: process.env.BENCH_SCALE_SHOT });
    const secondsToConnectAll = (Date.now() - t0) / 1000;
    log(`  ${connectedHosts}/${hosts} hosts connected in ${secondsToConnectAll.toFixed(1)} s`);
    await page
      .getByTestId(/^domain-row-vm0/)
      .first()
      .waitFor({ timeout: 30000 });
    // frame times while snapshots of 50 hosts keep arriving
    const frames = (await page.evaluate(async (ms: number) => {
      const deltas: number[] = [];
      let last = performance.now();
      const stopAt = last + ms;
      await new Promise<void>((resolve) => {
        const tick = (now: number) => {
          deltas.push(now - last);
          last = now;
          if (now < stopAt) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      return deltas.slice(1);
    }, seconds * 1000)) as number[];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    sims.stdin!.write('count\n');
    const { connections } = JSON.parse(await next()) as { connections: number };
    const mem = rssMiB(web.pid!);
    const sorted = [...frames].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      hosts,
      domainsPerHost: domains,
      connectedHosts,
      secondsToConnectAll,
      sshConnections: connections,
      backendRssMiB: mem.rss,
      backendPeakRssMiB: mem.hwm,
      rendererHeapMiB: heap.usedSize / 1024 / 1024,
      frameP95Ms: pct(0.95),
      frameMedianMs: pct(0.5),
      frames: frames.length,
      measuredSeconds: seconds,
    };
  } finally {
    await browser.close();
    if (web && web.exitCode === null) {
      const w = web;
      await new Promise<void>((r) => {
        w.once('exit', () => r());
        w.kill('SIGTERM');
      });
    }
    sims.stdin!.end();
    await new Promise<void>((r) => (sims.exitCode !== null ? r() : sims.once('exit', () => r())));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
