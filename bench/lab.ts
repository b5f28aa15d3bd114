// BENCH_TARGET=lab: the console and VNC benchmarks against the RUNNING real Xen lab
// (e2e/lab/lab.sh boot; its facts from `lab.sh env --json`). What the two share: the lab handle,
// the benchmark's own guests (other names and VNC displays than the lab specs' guests, which may
// run at the same time), XenDesk connected to the lab as to any real host, and the busybox shell
// on a guest console.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { XenDeskApi } from '../shared/api';
import { attachLab, runningLabFacts, type LabHost } from '../e2e/lab/labHost';
import type { Collector } from './consoleBench';
import { LAB_PROMPT, endsWithPrompt, xlCreateArgv } from './labText';

export type Log = (line: string) => void;

/** The running lab, or a clear error (the benchmark never boots or stops it). */
export async function theLab(): Promise<LabHost> {
  // labHost.ts finds lab.sh beside itself, which in the bundle is dist/bench/: point it at the
  // facts file of the clone's lab.sh instead (XENDESK_LAB_FACTS, as the lab suite's workers do)
  if (!process.env.XENDESK_LAB_FACTS) {
    const r = spawnSync('bash', [path.join(process.cwd(), 'e2e/lab/lab.sh'), 'env'], { encoding: 'utf8' });
    const m = /^XENDESK_LAB_FACTS=(.+)$/m.exec(r.stdout ?? '');
    if (m) process.env.XENDESK_LAB_FACTS = m[1]!.replace(/^'|'$/g, '');
  }
  const facts = await runningLabFacts();
  if (!facts || facts.kind === 'sim')
    throw new Error(
      'BENCH_TARGET=lab needs the real Xen lab running: see `e2e/lab/lab.sh status`, boot it with `e2e/lab/lab.sh boot`',
    );
  return attachLab(facts);
}

export interface BenchGuest {
  name: string;
  /** one of the lab's test configs in dom0 (/root/guest/…) */
  cfg: string;
  overrides?: Record<string, string>;
}

/** `xl create` the benchmark's guests one after the other, destroying leftovers of an earlier run first. */
export async function createGuests(lab: LabHost, guests: readonly BenchGuest[], log: Log): Promise<void> {
  for (const g of guests) {
    await lab.ssh(['xl', 'destroy', g.name]); // absent is fine
    const t0 = Date.now();
    const r = await lab.ssh(xlCreateArgv(`${lab.guestDir}/${g.cfg}`, g.name, g.overrides), {
      timeoutMs: 600_000,
    });
    if (r.code !== 0) throw new Error(`xl create ${g.name} failed (exit ${r.code}): ${r.stderr.trim()}`);
    log(`  created ${g.name} from ${g.cfg} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}

export async function destroyGuests(lab: LabHost, names: readonly string[]): Promise<void> {
  for (const n of names) await lab.ssh(['xl', 'destroy', n]);
}

/**
 * Add the lab to XenDesk as a real SSH host (address, port, key), check that the key it presents
 * is the one lab.sh recorded, trust it, connect. A fresh login costs a TCG dom0 10-60 s of emulated
 * CPU, so XenDesk's 20 s handshake timer can fire on a busy machine: retried a few times.
 */
export async function connectXenDesk(api: XenDeskApi, lab: LabHost, log: Log): Promise<string> {
  const host = await api.addHost({
    label: 'xen lab (bench)',
    address: lab.address,
    port: lab.port,
    username: lab.user,
    auth: { kind: 'key', keyPath: lab.keyPath },
  });
  for (let attempt = 1; ; attempt++) {
    try {
      let res = await api.connectHost({ hostId: host.id });
      if (res.status === 'unknown-key') {
        if (res.fingerprint !== lab.hostKeyFingerprint)
          throw new Error(
            `the lab presented ${res.fingerprint}, lab.sh recorded ${lab.hostKeyFingerprint}: not trusting it`,
          );
        await api.trustHostKey({ hostId: host.id, fingerprint: res.fingerprint });
        res = await api.connectHost({ hostId: host.id });
      }
      if (res.status !== 'connected') throw new Error(`XenDesk cannot connect to the lab: ${res.status}`);
      return host.id;
    } catch (e) {
      const msg = (e as Error).message;
      if (attempt >= 4 || !/in time|timed? ?out/i.test(msg)) throw e;
      log(`  (XenDesk's login to the TCG dom0 timed out, attempt ${attempt}: ${msg}; retrying)`);
    }
  }
}

/** busybox ash's line editor rubs a character out with backspace + "erase to end of screen" */
export const ASH_ERASED = '\b\x1b[J';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until the console has been silent for `ms` (queued Enters of the boot wait are echoed by then). */
export async function quiet(out: Collector, ms: number): Promise<void> {
  let seen = -1;
  while (out.total !== seen) {
    seen = out.total;
    await sleep(ms);
  }
}

/**
 * The guest may still be booting (a TCG guest takes 30-120 s): press Enter every few seconds until
 * busybox's "/ # " answers, then switch to LAB_PROMPT and wait for the console to settle.
 */
export async function shellReady(
  write: (s: string) => void,
  out: Collector,
  what: string,
  log: Log,
  timeoutMs = 900_000,
): Promise<void> {
  const t0 = Date.now();
  let nextNote = t0 + 60_000;
  for (;;) {
    write('\r');
    try {
      await out.until(() => endsWithPrompt(out.tail, '# '), `the shell of ${what}`, 5000);
      break;
    } catch (e) {
      if (Date.now() - t0 > timeoutMs) throw e;
      if (Date.now() < nextNote) continue;
      nextNote += 60_000;
      log(`  (still waiting for the shell of ${what}; last output ${JSON.stringify(out.tail.slice(-80))})`);
    }
  }
  await quiet(out, 2000);
  write(`PS1='${LAB_PROMPT}'\r`);
  await out.until(() => endsWithPrompt(out.tail, '\r\n' + LAB_PROMPT), `the new prompt of ${what}`, 120_000);
  await quiet(out, 2000);
}
