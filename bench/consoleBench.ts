// Issue 7 benchmarks, against the simulated dom0 (in its own process), in one run:
//  (a) keystroke echo latency through XenDesk (RPC client → backend → the host's one SSH
//      connection → `xl console` → guest echo → back) ÷ plain `ssh -tt -e none host xl console`
//      over an already-open OpenSSH ControlMaster connection; interleaved samples, median + p95.
//      xenconsole allows one client per domain, so XenDesk attaches to pvdisk and OpenSSH to
//      pvvfb: two identical PV guests of the same host.
//  (b) the app's own pipeline: `flood N` (10 MiB) in the guest arrives complete through the
//      RPC stream with acks (byte count and SHA-256 of exactly what the guest wrote, CRLF and
//      all), and the time; the same flood over plain ssh for reference;
//  (c) the same flood in the real app in Chromium (web mode, playwright-core, /usr/bin/chromium):
//      time until xterm has rendered the last line, completeness checked on the saved session log.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRpcClient, memoryPortPair, type ClientStream, type RpcClient } from '../shared/rpc';
import { createBackend, type Backend } from '../electron/backend/backend';
import { createDemoProvider } from '../electron/backend/demoHost';
import { floodText } from '../electron/backend/sim/guest';
import { interleaved, median, p95 } from './stats';

/** Keystroke echo through XenDesk (a) and plain ssh -tt (b), from interleaved samples. */
export interface EchoStats {
  xendeskMedianMs: number;
  xendeskP95Ms: number;
  opensshMedianMs: number;
  opensshP95Ms: number;
  /** median XenDesk ÷ median OpenSSH (goal ≤ 1.1) */
  ratio: number;
}

export function echoStats(r: { a: number[]; b: number[] }): EchoStats {
  return {
    xendeskMedianMs: median(r.a),
    xendeskP95Ms: p95(r.a),
    opensshMedianMs: median(r.b),
    opensshP95Ms: p95(r.b),
    ratio: median(r.a) / median(r.b),
  };
}

export interface ConsoleBenchResult {
  samples: number;
  echo: EchoStats;
  flood: {
    bytes: number;
    runs: number;
    xendeskRunsMs: number[];
    opensshRunsMs: number[];
    /** medians */
    xendeskMs: number;
    xendeskMBps: number;
    xendeskComplete: boolean;
    opensshMs: number;
    opensshMBps: number;
    opensshComplete: boolean;
    /** XenDesk throughput ÷ OpenSSH throughput */
    ratio: number;
  };
  render: RenderResult | { skipped: string };
}

export interface RenderResult {
  /** median time from Enter to the last line on screen, through the whole app */
  ms: number;
  runs: number[];
  /** the saved session log holds the flood exactly */
  complete: boolean;
  withinGoal: boolean;
  /** the same bytes written straight into a bare xterm in the same browser (no network, no app) */
  bareXtermMs: number;
  bareRuns: number[];
}

const PROMPT = '/ # \x1b[6n';
const sha = (s: string) => createHash('sha256').update(s, 'latin1').digest('hex');

/** Terminal output collected without quadratic scans: chunks, a total, and a short tail. */
export class Collector {
  chunks: string[] = [];
  total = 0;
  tail = '';
  private waiters = new Set<() => void>();
  keep = false;
  push(d: string): void {
    if (this.keep) this.chunks.push(d);
    this.total += d.length;
    this.tail = (this.tail + d).slice(-512);
    for (const w of [...this.waiters]) w();
  }
  text(): string {
    return this.chunks.join('');
  }
  until(pred: () => boolean, what: string, timeoutMs = 60000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`bench: timed out waiting for ${what}; tail ${JSON.stringify(this.tail.slice(-120))}`),
        );
      }, timeoutMs);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}

export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

/**
 * One keystroke: time from the write until its echo is back. `erased` is how the shell echoes
 * the rub-out: the simulated shell says "\b \b", busybox ash's line editor "\b\x1b[J" (lab).
 */
export async function echoOnce(
  write: (s: string) => void,
  out: Collector,
  erased = '\b \b',
): Promise<number> {
  const before = out.total;
  const t = process.hrtime.bigint();
  write('x');
  await out.until(() => out.total > before && out.tail.endsWith('x'), 'echo');
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  // rub it out again (untimed) so the guest's line never grows
  const b2 = out.total;
  write('\x7f');
  await out.until(() => out.total > b2 && out.tail.endsWith(erased), 'erase');
  return ms;
}

/** `flood N` in the guest: time until the prompt after it; the flood's bytes and checksum. */
async function flood(
  write: (s: string) => void,
  out: Collector,
  n: number,
): Promise<{ ms: number; complete: boolean }> {
  out.chunks = [];
  out.keep = true;
  const cmd = `flood ${n}`;
  write(cmd);
  await out.until(() => out.tail.endsWith(cmd), 'command echo');
  out.chunks = [];
  const start = out.total;
  const t = process.hrtime.bigint();
  write('\r');
  await out.until(
    () => out.total - start >= n + 2 && out.tail.endsWith(PROMPT),
    'the prompt after the flood',
    600000,
  );
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  out.keep = false;
  const got = out.text();
  out.chunks = [];
  // "\r\n" (the Enter's echo), then exactly the guest's n bytes, then the prompt
  const body = got.startsWith('\r\n') ? got.slice(2, got.length - PROMPT.length) : '';
  const complete = body.length === n && sha(body) === sha(floodText(n).toString('latin1'));
  return { ms, complete };
}

/**
 * The simulated dom0 in its OWN process (dist/backend/sim.cjs), so that neither client shares a
 * thread with the server it talks to (in-process, XenDesk's ssh2 client and the simulator's
 * ssh2 server would share one event loop while OpenSSH runs apart); XenDesk connects to it as
 * to any host: addHost, trust the key, connect.
 */
async function openExternalSim(): Promise<{
  backend: Backend;
  client: RpcClient;
  hostId: string;
  port: number;
  keyPath: string;
  dataDir: string;
  stopSim(): void;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-bench-console-'));
  const state = path.join(dataDir, 'sim');
  const simJs = [
    path.resolve(__dirname, '../backend/sim.cjs'),
    path.join(process.cwd(), 'dist/backend/sim.cjs'),
  ].find((f) => fs.existsSync(f));
  if (!simJs) throw new Error('dist/backend/sim.cjs is missing: npm run build');
  const sim = spawn(process.execPath, [simJs, '--port', '0', '--state', state], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${out}`)), 30000);
    sim.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    sim.on('exit', (code) => reject(new Error(`the simulator exited with ${code}: ${out}`)));
  });
  const keyPath = path.join(state, 'id_ed25519');
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version: 'bench',
    userKnownHosts: [],
    pollIntervalMs: 3600_000,
  });
  const [a, b] = memoryPortPair();
  backend.attach(a);
  const client = createRpcClient(b);
  const host = await client.api.addHost({
    label: 'bench sim',
    address: '127.0.0.1',
    port,
    username: 'root',
    auth: { kind: 'key', keyPath },
  });
  const first = await client.api.connectHost({ hostId: host.id });
  if (first.status === 'unknown-key')
    await client.api.trustHostKey({ hostId: host.id, fingerprint: first.fingerprint });
  const res = await client.api.connectHost({ hostId: host.id });
  if (res.status !== 'connected') throw new Error(`bench: cannot connect to the simulator: ${res.status}`);
  return { backend, client, hostId: host.id, port, keyPath, dataDir, stopSim: () => sim.kill('SIGTERM') };
}

export async function consoleBench(
  samples = 200,
  floodBytes = 10 * 1024 * 1024,
): Promise<ConsoleBenchResult> {
  const env = await openExternalSim();
  const { client, hostId, port, keyPath, dataDir } = env;
  const ctl = path.join(dataDir, 'ctl');
  const sshBase = [
    '-p',
    String(port),
    '-i',
    keyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    `UserKnownHostsFile=${path.join(dataDir, 'bench_known_hosts')}`,
    '-o',
    `ControlPath=${ctl}`,
  ];
  let ssh: ChildProcessWithoutNullStreams | null = null;
  let stream: ClientStream | null = null;
  try {
    // XenDesk: the console of pvdisk through the RPC stream (acks as soon as the data is taken)
    const x = new Collector();
    const opened = await client.api.openConsole({
      hostId,
      domain: 'pvdisk',
      kind: 'pv',
      cols: 120,
      rows: 40,
    });
    stream = client.stream(opened.streamId);
    stream.onData((d) => x.push(d));
    const xs = stream;
    const xWrite = (s: string) => xs.write(s);
    await x.until(() => x.tail.endsWith(PROMPT), 'the boot log of pvdisk'); // first attach replays it
    xWrite('\r');
    await x.until(() => x.tail.endsWith('\r\n' + PROMPT), 'a fresh prompt');

    // OpenSSH: an already-open master connection, then `ssh -tt -e none host xl console pvvfb`
    await run('ssh', [
      ...sshBase,
      '-o',
      'ControlMaster=yes',
      '-o',
      'ControlPersist=300',
      '-fN',
      'root@127.0.0.1',
    ]);
    const o = new Collector();
    ssh = spawn('ssh', [...sshBase, '-tt', '-e', 'none', 'root@127.0.0.1', 'xl', 'console', 'pvvfb']);
    ssh.stdout.setEncoding('latin1');
    ssh.stdout.on('data', (d: string) => o.push(d));
    const sp = ssh;
    const oWrite = (s: string) => sp.stdin.write(s);
    await o.until(() => o.tail.endsWith(PROMPT), 'the boot log of pvvfb');
    oWrite('\r');
    await o.until(() => o.tail.endsWith('\r\n' + PROMPT), 'a fresh prompt over ssh');

    // warm-up, then interleaved samples
    for (let i = 0; i < 10; i++) {
      await echoOnce(xWrite, x);
      await echoOnce(oWrite, o);
    }
    const r = await interleaved(
      samples,
      () => echoOnce(xWrite, x),
      () => echoOnce(oWrite, o),
    );

    // (b) the flood, through XenDesk and through plain ssh
    const floodRuns = Number(process.env.BENCH_CONSOLE_FLOOD_RUNS ?? 3);
    const fxs: { ms: number; complete: boolean }[] = [];
    const fos: { ms: number; complete: boolean }[] = [];
    for (let i = 0; i < floodRuns; i++) {
      if (i % 2 === 0) {
        fxs.push(await flood(xWrite, x, floodBytes));
        fos.push(await flood(oWrite, o, floodBytes));
      } else {
        fos.push(await flood(oWrite, o, floodBytes));
        fxs.push(await flood(xWrite, x, floodBytes));
      }
    }
    const fx = { ms: median(fxs.map((f) => f.ms)), complete: fxs.every((f) => f.complete) };
    const fo = { ms: median(fos.map((f) => f.ms)), complete: fos.every((f) => f.complete) };
    const mb = floodBytes / (1024 * 1024);

    stream.close();
    stream = null;
    oWrite('\x1d');

    const render = await renderBench(floodBytes).catch((e: Error) => ({ skipped: e.message }));
    return {
      samples,
      echo: echoStats(r),
      flood: {
        bytes: floodBytes,
        runs: floodRuns,
        xendeskRunsMs: fxs.map((f) => Math.round(f.ms)),
        opensshRunsMs: fos.map((f) => Math.round(f.ms)),
        xendeskMs: fx.ms,
        xendeskMBps: mb / (fx.ms / 1000),
        xendeskComplete: fx.complete,
        opensshMs: fo.ms,
        opensshMBps: mb / (fo.ms / 1000),
        opensshComplete: fo.complete,
        ratio: fo.ms / fx.ms,
      },
      render,
    };
  } finally {
    stream?.close();
    ssh?.kill();
    spawnSync('ssh', [...sshBase, '-O', 'exit', 'root@127.0.0.1'], { stdio: 'ignore' });
    env.client.close();
    await env.backend.dispose();
    env.stopSim();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * (c) The real app in Chromium: the demo host's pvdisk console in the main window's dock;
 * `flood N`; time from Enter until xterm shows the last flood line and the prompt after it;
 * completeness from the session log the view saves (what xterm was given, as plain text).
 * Interleaved with the floor on this machine: the same text written into a bare xterm.
 */
async function renderBench(
  n: number,
  runs = Number(process.env.BENCH_CONSOLE_RENDER_RUNS ?? 3),
): Promise<RenderResult> {
  if (!(runs > 0)) throw new Error('BENCH_CONSOLE_RENDER_RUNS=0');
  const chromiumPath = process.env.XENDESK_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}`);
  // the renderer built next to this bundle (XENDESK_DIST), else ./dist
  const staticDir = [
    path.resolve(__dirname, '../renderer'),
    path.join(process.cwd(), 'dist', 'renderer'),
  ].find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!staticDir) throw new Error('dist/renderer is missing: npm run build');
  const { chromium } = await import('playwright-core');
  const { startWebServer } = await import('../electron/backend/web/server');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-bench-render-'));
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version: 'bench',
    userKnownHosts: [],
    demo: createDemoProvider(dataDir),
    pollIntervalMs: 2000,
  });
  const server = await startWebServer({ backend, staticDir, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.getByTestId('demo-host').first().click();
    await page.getByTestId('hostkey-trust').click();
    await page.getByTestId('domain-row-pvdisk').click();
    await page.getByTestId('action-console').click();
    const view = page.getByTestId('console-view');
    await view.getByTestId('console-status').and(page.locator('[data-status="attached"]')).waitFor();
    const bare = await bareXtermPage(await ctx.newPage());
    const lastNo = String(Math.ceil(n / 80)).padStart(9, '0');
    const app: number[] = [];
    const floor: number[] = [];
    const appRun = async (): Promise<number> => {
      await page.bringToFront();
      await view.getByTestId('console-screen').click();
      await page.keyboard.press('Control+l'); // the guest clears the screen: no old flood on it
      await page.keyboard.type(`flood ${n}`);
      const t0 = Date.now();
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (last) => {
          const rows = [...document.querySelectorAll('[data-testid="console-screen"] .xterm-rows > div')].map(
            (r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
          );
          const i = rows.findIndex((r) => r.startsWith(`flood ${last} `));
          return i >= 0 && (rows[i]!.endsWith('/ #') || rows.slice(i + 1).some((r) => r === '/ #'));
        },
        lastNo,
        { timeout: 300000, polling: 'raf' },
      );
      return Date.now() - t0;
    };
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        app.push(await appRun());
        floor.push(await bare.run(n));
      } else {
        floor.push(await bare.run(n));
        app.push(await appRun());
      }
    }
    // every byte reached the view: the session log it saves holds the last flood complete
    const download = page.waitForEvent('download');
    await view.getByTestId('console-save-log').click();
    const log = fs.readFileSync(await (await download).path(), 'utf8');
    const expected = floodText(n).toString('latin1').replace(/\r\n/g, '\n');
    const start = log.lastIndexOf('flood 000000001 ');
    const body = start >= 0 ? log.slice(start, start + expected.length) : '';
    const complete = body.length === expected.length && sha(body) === sha(expected);
    const ms = median(app);
    return {
      ms,
      runs: app,
      complete,
      withinGoal: complete && ms <= 2000,
      bareXtermMs: median(floor),
      bareRuns: floor,
    };
  } finally {
    await browser.close();
    await server.close();
    await backend.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The floor on this machine: the same flood text written into a bare xterm (same size, font,
 * options, addons, renderer and containment; screen reader support off as the app turns it off
 * during a flood; 16 KiB chunks paced by write callbacks with the app's window) in the same
 * browser, until the frame after the last chunk is parsed. No network, no RPC, no app around it.
 */
async function bareXtermPage(
  page: import('playwright-core').Page,
): Promise<{ run(n: number): Promise<number> }> {
  const { build } = await import('esbuild');
  const out = await build({
    stdin: {
      contents:
        "import { Terminal } from '@xterm/xterm'; import { SearchAddon } from '@xterm/addon-search'; import { FitAddon } from '@xterm/addon-fit';" +
        ' Object.assign(globalThis, { BareXterm: Terminal, BareSearch: SearchAddon, BareFit: FitAddon });',
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
  });
  const css = fs.readFileSync(path.join(process.cwd(), 'node_modules/@xterm/xterm/css/xterm.css'), 'utf8');
  await page.setContent(
    `<!doctype html><html><head><style>${css} body{margin:0} .t{width:990px;height:330px;contain:strict}</style></head><body></body></html>`,
  );
  await page.addScriptTag({ content: out.outputFiles[0]!.text });
  return {
    async run(n: number): Promise<number> {
      await page.bringToFront();
      return page.evaluate(async (size) => {
        type T = {
          open(e: HTMLElement): void;
          write(d: string, cb: () => void): void;
          resize(c: number, r: number): void;
          dispose(): void;
        };
        const Term = (globalThis as unknown as { BareXterm: new (o: object) => T }).BareXterm;
        document.body.replaceChildren();
        const host = document.createElement('div');
        host.className = 't';
        document.body.appendChild(host);
        const term = new Term({
          fontSize: 14,
          lineHeight: 1.1,
          scrollback: 10000,
          fontFamily:
            "ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
          cursorBlink: true,
          allowProposedApi: true,
        });
        // the same addons as the app's view
        const g = globalThis as unknown as { BareSearch: new () => object; BareFit: new () => object };
        const withAddons = term as unknown as { loadAddon(a: object): void };
        withAddons.loadAddon(new g.BareSearch());
        withAddons.loadAddon(new g.BareFit());
        term.open(host);
        term.resize(116, 17);
        const body = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        const lines: string[] = [];
        let len = 0;
        for (let i = 1; len < size; i++) {
          const l = `flood ${String(i).padStart(9, '0')} ${body}\r\n`;
          lines.push(l);
          len += l.length;
        }
        const text = lines.join('').slice(0, size);
        const t0 = performance.now();
        let queued = 0;
        let wake: (() => void) | null = null;
        for (let off = 0; off < text.length; off += 16384) {
          const chunk = text.slice(off, off + 16384);
          queued += chunk.length;
          term.write(chunk, () => {
            queued -= chunk.length;
            if (wake && queued < 256 * 1024) {
              const w = wake;
              wake = null;
              w();
            }
          });
          if (queued >= 256 * 1024) await new Promise<void>((r) => (wake = r));
        }
        await new Promise<void>((r) => term.write('', r));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const ms = performance.now() - t0;
        term.dispose();
        return ms;
      }, n);
    },
  };
}
