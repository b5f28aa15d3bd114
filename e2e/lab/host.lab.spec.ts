// Lab scenarios against a REAL Xen 4.17 dom0 (booted by labGlobalSetup.ts): the UI in web mode acts,
// then plain OpenSSH + `xl` on the host says whether it really happened. Nothing here trusts the UI alone.
import { expect, test, type Page } from '@playwright/test';
import { MainPage } from '../pages/MainPage';
import { startWebApp, type WebApp } from '../webApp';
import { attachLab, runningLabFacts, type LabHost } from './labHost';

let lab: LabHost;
let app: WebApp | null = null;

test.beforeAll(async () => {
  const facts = await runningLabFacts();
  if (!facts) throw new Error('no running lab: run this suite with -c e2e/lab/playwright.lab.config.ts');
  lab = attachLab(facts);
});

test.afterEach(async () => {
  await app?.stop();
  app = null;
});

// --- the host's own view, over the independent ssh path ---------------------------------------------------------
interface XlListRow {
  name: string;
  id: number;
  memMiB: number;
  vcpus: number;
  flags: string;
  cpuSeconds: number;
}

async function xl(args: string[]): Promise<string> {
  const r = await lab.ssh(['xl', ...args]);
  if (r.code !== 0) throw new Error(`xl ${args.join(' ')} failed (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** `xl list`: the header mixes tabs and spaces, rows are whitespace-separated. */
async function xlList(): Promise<Map<string, XlListRow>> {
  const rows = new Map<string, XlListRow>();
  for (const line of (await xl(['list'])).split('\n').slice(1)) {
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

/** The word the UI should show for xl's 6-letter `rbpscd` flags (written here, not imported). */
function uiStateFor(flags: string): string {
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
const liveOr = (s: string) => (LIVE.includes(s) ? 'live' : s);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function mibText(mib: number): string {
  if (mib >= 1024 && mib % 1024 === 0) return `${mib / 1024} GiB`;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib} MiB`;
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    test.info().annotations.push({ type: 'timing', description: `${label}: ${s} s` });
    console.log(`[lab] ${label}: ${s} s`);
  }
}

/** Open the app, add the lab host with its key, check + trust the host key, wait for the connection. */
async function connectLab(page: Page): Promise<MainPage> {
  app = await startWebApp({ pollMs: 2000 });
  await page.goto(app.url);
  const main = new MainPage(page);
  const realFp = (await lab.ssh(['ssh-keygen', '-lf', '/etc/ssh/ssh_host_ed25519_key.pub'])).stdout.split(
    /\s+/,
  )[1];
  expect(realFp, "dom0's ssh-keygen -lf output").toMatch(/^SHA256:/);
  await main.addHost({
    label: 'xenlab',
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
  await expect(page.getByTestId('dom0-card')).toBeVisible();
  return main;
}

/**
 * Wait until a freshly (re)booted busybox guest sits idle at its prompt. A shutdown or reboot request
 * that reaches the guest while its /init script still runs (before busybox init is PID 1) is dropped by
 * the guest: `xl reboot` exits 0 and nothing ever happens (seen on the lab: TCG makes that window last a
 * minute or more). Booting burns a whole vCPU; idle at the prompt it uses a few % of one.
 */
async function waitGuestIdle(name: string): Promise<void> {
  const t0 = Date.now();
  let prev: { at: number; cpu: number } | null = null;
  while (Date.now() - t0 < 300_000) {
    const row = (await xlList()).get(name);
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
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`${name} did not settle at its prompt within 5 min`);
}

async function xlDestroyQuietly(name: string): Promise<void> {
  await lab.ssh(['sh', '-c', 'xl destroy "$1" 2>/dev/null; true', 'sh', name]);
}

// --- scenario 1 ----------------------------------------------------------------------------------------------------
test('1: add the lab host by address/port/key, trust its real host key, Domain-0 as xl reports it', async ({
  page,
}) => {
  const main = await timed('scenario 1: add host + trust key + dom0 listed', () => connectLab(page));
  const dom0 = (await xlList()).get('Domain-0');
  expect(dom0, 'xl list shows Domain-0').toBeTruthy();
  const info = await xl(['info']);
  const nrCpus = Number(/^nr_cpus\s*:\s*(\d+)/m.exec(info)?.[1]);
  console.log(
    `[lab] xl list Domain-0: ${dom0!.memMiB} MiB, ${dom0!.vcpus} vCPUs, ${dom0!.flags}; nr_cpus ${nrCpus}`,
  );
  await expect(main.page.getByTestId('dom0-memory')).toHaveText(
    new RegExp(`^${escapeRe(mibText(dom0!.memMiB))}(\\s|$)`),
  );
  await expect(main.page.getByTestId('dom0-vcpus')).toHaveText(new RegExp(`^${dom0!.vcpus}(\\s|$)`));
  // Domain-0 is the card, not a guest row
  await expect(main.domainRow('Domain-0')).toHaveCount(0);
});

// --- scenario 3 (first part): pause / resume / reboot / shut down / force off ---------------------------------------
test('3: lifecycle of a real PV guest: pause, resume, reboot, shut down, force off; xl list agrees after each', async ({
  page,
}) => {
  await xlDestroyQuietly('pvtiny');
  const main = await connectLab(page);
  const row = main.domainRow('pvtiny');
  const seen: string[] = []; // every distinct (UI, xl) pair observed: the report's record of real behaviour

  /** Wait until the UI row and `xl list` agree on the state, and it is `want` ('live' = running/blocked/idle). */
  async function expectAgree(want: string): Promise<XlListRow | undefined> {
    let last: XlListRow | undefined;
    await expect
      .poll(
        async () => {
          const ui = (await row.getAttribute('data-state', { timeout: 5000 }).catch(() => null)) ?? 'absent';
          last = (await xlList()).get('pvtiny');
          const pair = `ui=${ui} xl=${last ? `${last.flags} id ${last.id} vcpus ${last.vcpus}` : 'absent'}`;
          if (seen.at(-1) !== pair) seen.push(pair);
          return `ui=${liveOr(ui)} xl=${liveOr(last ? uiStateFor(last.flags) : 'absent')}`;
        },
        { timeout: 180_000, intervals: [1000] },
      )
      .toBe(`ui=${want} xl=${want}`);
    return last;
  }
  async function xlCreate(): Promise<void> {
    const r = await lab.ssh(['xl', 'create', `${lab.guestDir}/pv-tiny.cfg`]);
    expect(r.code, `xl create: ${r.stderr}`).toBe(0);
  }

  try {
    await timed('xl create pv-tiny.cfg (over ssh)', xlCreate);
    const created = await timed('guest appears in the UI', async () => {
      await expect(row).toBeVisible();
      return (await expectAgree('live'))!;
    });
    await expect(row.getByTestId('cell-id')).toHaveText(String(created.id));
    await expect(row.getByTestId('cell-memory')).toHaveText(new RegExp(`^${created.memMiB} MiB`));
    await main.selectDomain('pvtiny');

    await timed('pause', async () => {
      await main.action('pause');
      await expectAgree('paused');
    });
    await timed('resume', async () => {
      await main.action('unpause');
      await expectAgree('live');
    });
    await timed('guest finishes booting (idle at its prompt)', () => waitGuestIdle('pvtiny'));
    await timed('reboot', async () => {
      await main.action('reboot');
      // xl rebuilds the domain under a NEW domid; it is briefly absent in between
      await expect
        .poll(async () => (await xlList()).get('pvtiny')?.id ?? created.id, { timeout: 180_000 })
        .not.toBe(created.id);
      const rebooted = (await expectAgree('live'))!;
      await expect(row.getByTestId('cell-id')).toHaveText(String(rebooted.id));
    });
    await timed('rebooted guest finishes booting', () => waitGuestIdle('pvtiny'));
    await timed('shut down', async () => {
      await main.selectDomain('pvtiny');
      await main.action('shutdown');
      // created from a file outside /etc/xen, so there is no definition to keep: both sides drop it
      await expectAgree('absent');
    });
    await timed('force off (re-created over ssh first)', async () => {
      await xlCreate();
      await expectAgree('live');
      await main.selectDomain('pvtiny');
      await main.action('destroy');
      await main.confirm();
      await expectAgree('absent');
    });
  } catch (err) {
    // what the app and the host were doing: the app's own log, and how long its poll takes on the host
    console.log(`[lab] web app output (tail):\n${app?.output().slice(-4000)}`);
    const t0 = Date.now();
    const poll = await lab.ssh([
      'sh',
      '-c',
      'xl list -l >/dev/null; xl list; xl uptime; xentop -b -i 2 -d 1 -f',
    ]);
    console.log(`[lab] the app's poll commands on the host took ${Date.now() - t0} ms (exit ${poll.code}):`);
    console.log(poll.stdout + poll.stderr);
    throw err;
  } finally {
    console.log(`[lab] states seen (UI vs xl list):\n  ${seen.join('\n  ')}`);
    await xlDestroyQuietly('pvtiny');
  }
});
