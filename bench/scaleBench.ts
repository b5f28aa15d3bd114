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
  frameMaxMs: number;
  /** rAF deltas above 25 ms: at least one vsync (16.7 ms) missed */
  framesOverOneVsync: number;
  frames: number;
  /** Long Tasks API: main-thread tasks over 50 ms during the window */
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
  /** Long Animation Frames API: frames over 50 ms, rendering included */
  longAnimationFrames: number;
  longAnimationFrameMaxMs: number;
  /** renderer main thread: busy seconds per second (all tasks; script; style + layout) */
  mainThreadBusy: number;
  scriptBusy: number;
  styleLayoutBusy: number;
  /** CPU seconds per second over the window: the renderer process (all its threads), the backend */
  rendererCpu: number;
  backendCpu: number;
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

/** user + system CPU seconds of a process so far (Linux /proc; clock ticks are 100 Hz there) */
function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
    // the web mode built next to this bundle (XENDESK_DIST), else ./dist
    const webJs = [
      path.resolve(__dirname, '../backend/web.cjs'),
      path.join(root, 'dist/backend/web.cjs'),
    ].find((f) => fs.existsSync(f));
    if (!webJs) throw new Error('dist/backend/web.cjs is missing: npm run build');
    const t0 = Date.now();
    web = spawn(process.execPath, [webJs, '--port', '0', '--data-dir', dataDir, '--poll-ms', '2000'], {
      env: { ...process.env, HOME: tmp, SSH_AUTH_SOCK: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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
    // BENCH_SCALE_VIEW=all: the all-hosts list (every host's domains in one table, grouped by host)
    if (process.env.BENCH_SCALE_VIEW === 'all')
      await page.addInitScript(() =>
        localStorage.setItem('xendesk.domains.view.v1', JSON.stringify({ groupBy: 'host' })),
      );
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
    // frame times while snapshots of 50 hosts keep arriving: requestAnimationFrame deltas (a
    // frame the main thread could not produce in time shows as a delta of 2+ vsyncs), the long
    // tasks (> 50 ms) behind them, and the renderer main thread's busy time over the window —
    // the last two say what the app itself costs when the machine's load blurs the deltas
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries(
        (
          (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
        ).metrics.map((m) => [m.name, m.value]),
      ) as Record<string, number>;
    const profilePath = process.env.BENCH_SCALE_PROFILE; // a .cpuprofile of the window, for DevTools
    if (profilePath) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    // CPU time, unlike task durations, is not stretched when the machine's load descheduled us
    const bcdp = await browser.newBrowserCDPSession();
    const rendererCpu = async () =>
      (
        (await bcdp.send('SystemInfo.getProcessInfo')) as {
          processInfo: { type: string; cpuTime: number }[];
        }
      ).processInfo
        .filter((p) => p.type === 'renderer')
        .reduce((a, p) => a + p.cpuTime, 0);
    const c0 = { renderer: await rendererCpu(), backend: cpuSeconds(web.pid!) };
    const m0 = await metrics();
    const measured = (await page.evaluate(async (ms: number) => {
      const deltas: number[] = [];
      const longTasks: number[] = [];
      const longFrames: number[] = [];
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      // long animation frames (> 50 ms from the first task to the paint): rendering included
      const loaf = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longFrames.push(e.duration);
      });
      try {
        obs.observe({ type: 'longtask', buffered: false });
        loaf.observe({ type: 'long-animation-frame', buffered: false });
      } catch {
        /* no Long Tasks / LoAF API: reported as none */
      }
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
      obs.disconnect();
      loaf.disconnect();
      return { frames: deltas.slice(1), longTasks, longFrames };
    }, seconds * 1000)) as { frames: number[]; longTasks: number[]; longFrames: number[] };
    const m1 = await metrics();
    const c1 = { renderer: await rendererCpu(), backend: cpuSeconds(web.pid!) };
    if (profilePath) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(profilePath, JSON.stringify(profile));
    }
    const { frames, longTasks, longFrames } = measured;
    const busy = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) / seconds; // seconds per second
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
      frameMaxMs: sorted[sorted.length - 1] ?? 0,
      framesOverOneVsync: frames.filter((d) => d > 25).length,
      frames: frames.length,
      longTasks: longTasks.length,
      longTaskTotalMs: longTasks.reduce((a, b) => a + b, 0),
      longTaskMaxMs: Math.max(0, ...longTasks),
      longAnimationFrames: longFrames.length,
      longAnimationFrameMaxMs: Math.max(0, ...longFrames),
      mainThreadBusy: busy('TaskDuration'),
      scriptBusy: busy('ScriptDuration'),
      styleLayoutBusy: busy('RecalcStyleDuration') + busy('LayoutDuration'),
      rendererCpu: (c1.renderer - c0.renderer) / seconds,
      backendCpu: (c1.backend - c0.backend) / seconds,
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
