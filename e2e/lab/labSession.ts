// The lab scenarios' common ground: the target host (the real Xen lab, or the simulated dom0 with
// XENDESK_LAB_TARGET=sim; see labGlobalSetup.ts), what `xl` says on it over plain OpenSSH (never
// through XenDesk), and one XenDesk web app per Playwright worker, connected to that host.
import { execFile } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { MainPage } from '../pages/MainPage';
import { startWebApp, type WebApp } from '../webApp';
import { attachLab, runningLabFacts, type LabHost } from './labHost';

export const HOST_LABEL = 'xenlab';

let host: LabHost | null = null;

/** The running lab (booted by labGlobalSetup.ts). */
export async function labHost(): Promise<LabHost> {
  if (host) return host;
  const facts = await runningLabFacts();
  if (!facts) throw new Error('no running lab: run this suite with -c e2e/lab/playwright.lab.config.ts');
  host = attachLab(facts);
  return host;
}

// --- the host's own view ---------------------------------------------------------------------------------------------

export async function xl(lab: LabHost, args: string[]): Promise<string> {
  const r = await lab.ssh(['xl', ...args]);
  if (r.code !== 0) throw new Error(`xl ${args.join(' ')} failed (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

export interface XlListRow {
  name: string;
  id: number;
  memMiB: number;
  vcpus: number;
  flags: string;
  cpuSeconds: number;
}

/** `xl list`: the header mixes tabs and spaces, rows are whitespace-separated (parsed here, not by XenDesk). */
export function parseList(text: string): Map<string, XlListRow> {
  const rows = new Map<string, XlListRow>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const [name, id, mem, vcpus, flags, time] = f as [string, string, string, string, string, string];
    rows.set(name, {
      name,
      id: Number(id),
      memMiB: Number(mem),
      vcpus: Number(vcpus),
      flags,
      cpuSeconds: Number(time),
    });
  }
  return rows;
}

export async function xlList(lab: LabHost): Promise<Map<string, XlListRow>> {
  return parseList(await xl(lab, ['list']));
}

/** What the host says about one domain: its `xl list` row and its `xl list -l` build info. */
export interface HostView {
  row: XlListRow;
  /** b_info of `xl list -l NAME` */
  targetMiB: number;
  maxMiB: number;
  maxVcpus: number;
  /** vCPUs made available (avail_vcpus' set bits), online or not */
  availVcpus: number;
}

const SEP = '=====XENDESK-LAB=====';

/** `xl list` and `xl list -l NAME` in one round trip; null when the domain does not exist. */
export async function hostView(lab: LabHost, name: string): Promise<HostView | null> {
  const r = await lab.ssh(['sh', '-c', 'xl list && echo "$1" && xl list -l "$2"', 'sh', SEP, name]);
  // absent: `xl list -l NAME` says "NAME is an invalid domain identifier (rc=-6)" and exits 1
  if (r.code !== 0 && /invalid domain identifier/.test(r.stderr)) return null;
  if (r.code !== 0) throw new Error(`xl list / xl list -l ${name} failed (exit ${r.code}): ${r.stderr}`);
  const [list = '', long = ''] = r.stdout.split(`${SEP}\n`);
  const row = parseList(list).get(name);
  if (!row) return null; // created between the two commands: the next look sees both
  const json = JSON.parse(long) as {
    domid: number;
    config: {
      b_info: { max_memkb: number; target_memkb: number; max_vcpus: number; avail_vcpus?: number[] };
    };
  }[];
  // while xl builds the domain, `xl list -l NAME` can print [] although `xl list` shows it already
  const b = json[0]?.config.b_info;
  if (!b) throw new Error(`xl list -l ${name} has no build info yet: ${long.trim() || '(empty)'}`);
  return {
    row,
    targetMiB: b.target_memkb / 1024,
    maxMiB: b.max_memkb / 1024,
    maxVcpus: b.max_vcpus,
    availVcpus: b.avail_vcpus?.length ?? 0,
  };
}

/** The word the UI should show for xl's 6-letter `rbpscd` flags (written here, not imported). */
export function uiStateFor(flags: string): string {
  if (flags.includes('d')) return 'dying';
  if (flags.includes('c')) return 'crashed';
  if (flags.includes('s')) return 'shutdown';
  if (flags.includes('p')) return 'paused';
  if (flags.includes('r')) return 'running';
  if (flags.includes('b')) return 'blocked';
  return 'idle';
}
const LIVE = ['running', 'blocked', 'idle'];
/** running/blocked/idle flicker with every poll on an idle guest: they count as one "live" state. */
export const liveOr = (s: string): string => (LIVE.includes(s) ? 'live' : s);

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export function mibText(mib: number): string {
  if (mib >= 1024 && mib % 1024 === 0) return `${mib / 1024} GiB`;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib} MiB`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Run a step, and record how long it took (test annotation + log line: the report's timings). */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    test.info().annotations.push({ type: 'timing', description: `${label}: ${s} s` });
    console.log(`[lab] ${label}: ${s} s`);
  }
}

/**
 * Wait until a freshly booted busybox guest sits idle at its prompt. A shutdown or reboot request that
 * reaches the guest while its /init script still runs (before busybox init is PID 1) is dropped by the
 * guest: xl exits 0 and nothing ever happens (seen on the lab: TCG makes that window last a minute or
 * more). Booting burns a whole vCPU; idle at the prompt it uses a few % of one.
 */
export async function waitGuestIdle(lab: LabHost, name: string, ms = 300_000): Promise<void> {
  const t0 = Date.now();
  let prev: { at: number; cpu: number } | null = null;
  while (Date.now() - t0 < ms) {
    const row = (await xlList(lab)).get(name);
    if (row && !row.flags.includes('p')) {
      const now = { at: Date.now(), cpu: row.cpuSeconds };
      if (prev && now.at - prev.at >= 10_000) {
        if ((now.cpu - prev.cpu) / ((now.at - prev.at) / 1000) < 0.3) return;
        prev = now;
      }
      prev ??= now;
    } else {
      prev = null;
    }
    await sleep(2000);
  }
  throw new Error(`${name} did not settle at its prompt within ${ms / 1000} s`);
}

/** Best-effort cleanup on the host: destroy the domains, remove the files (paths or globs; never fails). */
export async function cleanHost(lab: LabHost, domains: string[], files: string[] = []): Promise<void> {
  await lab.ssh([
    'sh',
    '-c',
    'n=$1; shift; i=0; for a in "$@"; do i=$((i+1)); if [ $i -le $n ]; then xl destroy "$a" 2>/dev/null; else rm -f -- $a; fi; done; true',
    'sh',
    String(domains.length),
    ...domains,
    ...files,
  ]);
}

/** Write a file on the host atomically enough for a test (content as an argument, never as shell text). */
export async function putFile(lab: LabHost, file: string, text: string): Promise<void> {
  const r = await lab.ssh(['sh', '-c', 'printf %s "$2" > "$1.tmp" && mv -f "$1.tmp" "$1"', 'sh', file, text]);
  if (r.code !== 0) throw new Error(`writing ${file} on the host failed: ${r.stderr}`);
}

export async function readFile(lab: LabHost, file: string): Promise<string> {
  const r = await lab.ssh(['cat', '--', file]);
  if (r.code !== 0) throw new Error(`reading ${file} on the host failed: ${r.stderr}`);
  return r.stdout;
}

// --- XenDesk, connected to the lab -----------------------------------------------------------------------------------

let shared: WebApp | null = null;
// the worker may end without an afterAll (a failed test restarts it): the web app must not outlive it
process.once('exit', () => shared?.proc.kill('SIGKILL'));

/** The web mode's output, for a failure report. */
export function appOutput(): string {
  return shared?.output() ?? '';
}

/**
 * XenDesk connected to the lab in `page`. The first call in a worker (or `fresh`) starts the web app and
 * adds the host through the UI: address/port/key, then the unknown-key dialog, whose fingerprint must be
 * the one dom0's own `ssh-keygen -lf` prints. Later calls open the same app (its connection is kept):
 * a new SSH login to a TCG dom0 costs a minute of emulated CPU on a busy machine.
 */
export async function connectLab(page: Page, opts: { fresh?: boolean } = {}): Promise<MainPage> {
  const lab = await labHost();
  const main = new MainPage(page);
  if (shared && !opts.fresh && shared.proc.exitCode === null) {
    await page.goto(shared.url);
    await main.host(HOST_LABEL).click();
    await expect(main.hostState(HOST_LABEL)).toHaveText(/^connected$/i);
    await expect(page.getByTestId('dom0-card')).toBeVisible();
    return main;
  }
  await shared?.stop();
  // one poll costs a TCG dom0 1-3 s of CPU (several xl processes and xentop): at the default 2 s
  // interval XenDesk kept dom0 busy enough for libxl's 40 s hotplug-script timeout to hit the wizard's
  // file disk once; 4 s halves that load (every action still polls afresh)
  shared = await startWebApp({ pollMs: 4000 });
  await page.goto(shared.url);
  const keygen = await lab.ssh(['ssh-keygen', '-lf', '/etc/ssh/ssh_host_ed25519_key.pub']);
  // the simulated dom0 has no sshd files: its key is the one the harness generated for it
  const realFp = lab.kind === 'sim' ? lab.hostKeyFingerprint : keygen.stdout.split(/\s+/)[1];
  expect(realFp, `dom0's ssh-keygen -lf output: ${keygen.stdout}${keygen.stderr}`).toMatch(/^SHA256:/);
  await main.addHost({
    label: HOST_LABEL,
    address: lab.address,
    port: lab.port,
    user: lab.user,
    auth: 'key',
    keyPath: lab.keyPath,
  });
  expect(await main.hostKeyFingerprint(), 'the unknown-key dialog shows the key dom0 really has').toBe(
    realFp,
  );
  await main.trustHostKey();
  await expect(main.hostState(HOST_LABEL)).toHaveText(/^connected$/i);
  await expect(page.getByTestId('dom0-card')).toBeVisible();
  return main;
}

/** The UI's view of one row, as text (absent = no row). */
export async function uiRow(
  main: MainPage,
  name: string,
): Promise<{ state: string; id: string; memory: string; vcpus: string }> {
  const row = main.domainRow(name);
  if ((await row.count()) === 0) return { state: 'absent', id: '', memory: '', vcpus: '' };
  const state = (await row.getAttribute('data-state', { timeout: 5000 }).catch(() => null)) ?? 'absent';
  const cell = async (c: string) =>
    (
      (await row
        .getByTestId(c)
        .textContent({ timeout: 5000 })
        .catch(() => '')) ?? ''
    ).trim();
  return {
    state,
    id: await cell('cell-id'),
    memory: await cell('cell-memory'),
    vcpus: await cell('cell-vcpus'),
  };
}

export type Want = 'live' | 'paused' | 'off';

/**
 * Wait until the UI row and the host agree on `name`, and the state is `want`: 'live' (running /
 * blocked / idle), 'paused', or 'off' (not in `xl list`; the UI shows "shut off" if the domain is
 * defined by a file in /etc/xen, else no row). While it runs, the row's id, memory and vCPUs must be
 * what `xl list` says, and its maximum what `xl list -l` says. Every distinct pair seen is logged in `seen`.
 */
export async function expectAgree(
  main: MainPage,
  lab: LabHost,
  name: string,
  want: Want,
  opts: { defined: boolean; seen: string[]; timeout?: number },
): Promise<HostView | null> {
  let last: HostView | null = null;
  const uiWant = want === 'off' ? (opts.defined ? 'shut off' : 'absent') : want;
  await expect
    .poll(
      async () => {
        const ui = await uiRow(main, name);
        try {
          last = await hostView(lab, name);
        } catch (e) {
          return `host: ${(e as Error).message}`; // a passing state of the host: look again
        }
        const hostText = last
          ? `${last.row.flags} id ${last.row.id} ${last.row.memMiB} MiB (target ${last.targetMiB}, max ${last.maxMiB}) ` +
            `vcpus ${last.row.vcpus} (avail ${last.availVcpus}, max ${last.maxVcpus})`
          : 'absent';
        const pair = `ui=${ui.state} id ${ui.id} ${ui.memory} vcpus ${ui.vcpus} | xl=${hostText}`;
        if (opts.seen.at(-1) !== pair) opts.seen.push(pair);
        let verdict = `ui=${liveOr(ui.state)} xl=${last ? liveOr(uiStateFor(last.row.flags)) : 'absent'}`;
        if (last && (want === 'live' || want === 'paused')) {
          const v = last;
          const memRe = new RegExp(`^${escapeRe(mibText(v.row.memMiB))}(\\s|$)`);
          const maxNote = v.maxMiB !== v.row.memMiB ? ` / ${mibText(v.maxMiB)} max` : '';
          if (ui.id !== String(v.row.id)) verdict += ` id ${ui.id} != ${v.row.id}`;
          if (!memRe.test(ui.memory) || !ui.memory.endsWith(maxNote))
            verdict += ` memory "${ui.memory}" != ${v.row.memMiB}${maxNote}`;
          const vcpuText = v.maxVcpus !== v.row.vcpus ? `${v.row.vcpus} / ${v.maxVcpus}` : `${v.row.vcpus}`;
          if (ui.vcpus !== vcpuText) verdict += ` vcpus "${ui.vcpus}" != "${vcpuText}"`;
        }
        return verdict;
      },
      { timeout: opts.timeout ?? 240_000, intervals: [1000] },
    )
    .toBe(`ui=${uiWant} xl=${want === 'off' ? 'absent' : want}`);
  return last;
}

/**
 * How many TCP connections the web app holds to the host's ssh port, seen from THIS machine (`ss -tnp`):
 * consoles and VNC must ride the one SSH connection of the host, never open their own.
 */
export async function appSshConnections(lab: LabHost): Promise<number> {
  const pid = shared?.proc.pid;
  if (!pid) throw new Error('no web app running');
  const out = await new Promise<string>((resolve, reject) =>
    execFile('ss', ['-Htnp', 'state', 'established', `( dport = :${lab.port} )`], (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
  return out.split('\n').filter((l) => l.includes(`pid=${pid},`)).length;
}
