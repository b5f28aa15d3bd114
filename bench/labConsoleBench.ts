// Issue 7 on the real lab (BENCH_TARGET=lab): the same two measurements as consoleBench.ts,
// against the running Xen 4.17 lab dom0 instead of the simulator:
//  (a) keystroke echo through XenDesk (RPC → backend → its one SSH connection → `xl console`
//      → xenconsoled → the busybox guest's echo → back) ÷ plain `ssh -tt -e none lab xl console`
//      over an already-open OpenSSH ControlMaster; interleaved samples, median + p95;
//  (b) throughput: the guest writes N bytes (`yes LINE | head -c N`), timed from Enter to the
//      prompt after it, complete = exactly the expected text after the tty's LF → CR LF.
// xenconsole allows one client per domain: XenDesk attaches to benchpv, OpenSSH to benchpv2, two
// copies of the lab's pv-tiny.cfg made for this run (the lab specs use pvtiny at the same time).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRpcClient, memoryPortPair, type ClientStream } from '../shared/rpc';
import { createBackend } from '../electron/backend/backend';
import { sshOptions } from '../e2e/lab/labHost';
import { Collector, echoOnce, echoStats, run, type EchoStats } from './consoleBench';
import { ASH_ERASED, connectXenDesk, createGuests, destroyGuests, shellReady, theLab, type Log } from './lab';
import { FLOOD_LINE, LAB_PROMPT, commandOutput, endsWithPrompt, onlcr, wholeLines, yesHead } from './labText';
import { interleaved, median } from './stats';

export interface LabConsoleBenchResult {
  target: 'lab';
  samples: number;
  /** the guests: XenDesk's, then OpenSSH's */
  guests: [string, string];
  echo: EchoStats;
  flood: {
    /** the guest's command */
    command: string;
    /** what the guest writes */
    bytes: number;
    /** what arrives: after LF → CR LF */
    bytesReceived: number;
    runs: number;
    xendeskRunsMs: number[];
    opensshRunsMs: number[];
    xendeskMs: number;
    xendeskKBps: number;
    xendeskComplete: boolean;
    opensshMs: number;
    opensshKBps: number;
    opensshComplete: boolean;
    /** XenDesk throughput ÷ OpenSSH throughput (goal ≥ 0.95) */
    ratio: number;
  };
}

/** One flood: time from Enter to the prompt after it; complete = the exact expected text. */
async function flood(
  write: (s: string) => void,
  out: Collector,
  n: number,
): Promise<{ ms: number; complete: boolean }> {
  const cmd = `yes ${FLOOD_LINE} | head -c ${n}`;
  const expected = onlcr(yesHead(FLOOD_LINE, n));
  write(cmd);
  await out.until(() => out.tail.endsWith(cmd), 'the command echo');
  out.chunks = [];
  out.keep = true;
  const start = out.total;
  const t = process.hrtime.bigint();
  write('\r');
  // n is whole lines, so the prompt follows a CR LF; a lost byte shows as incomplete, not as a hang
  await out.until(
    () => out.total - start > 2 + LAB_PROMPT.length && endsWithPrompt(out.tail, '\r\n' + LAB_PROMPT),
    'the prompt after the flood',
    Math.max(600_000, n / 10), // ≥ 10 KB/s (raw gives ~107 KB/s)
  );
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  out.keep = false;
  const got = out.text();
  out.chunks = [];
  // "\r\n" (the Enter's echo), the flood, the prompt
  return { ms, complete: commandOutput(got) === expected };
}

export async function labConsoleBench(
  opts: { samples?: number; floodBytes?: number; floodRuns?: number; log?: Log } = {},
): Promise<LabConsoleBenchResult> {
  const samples = opts.samples ?? 200;
  const n = wholeLines(FLOOD_LINE, opts.floodBytes ?? 4 * 1024 * 1024);
  const floodRuns = opts.floodRuns ?? 3;
  const log = opts.log ?? (() => undefined);
  const lab = await theLab();
  const guests: [string, string] = ['benchpv', 'benchpv2'];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-bench-labconsole-'));
  const sshBase = [...sshOptions(lab), '-o', `ControlPath=${path.join(dataDir, 'ctl')}`];
  const target = `${lab.user}@${lab.address}`;
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version: 'bench',
    userKnownHosts: [],
    pollIntervalMs: 3600_000, // no polling during the measurements: the baseline does not poll
  });
  const [a, b] = memoryPortPair();
  backend.attach(a);
  const client = createRpcClient(b);
  let ssh: ChildProcessWithoutNullStreams | null = null;
  let stream: ClientStream | null = null;
  try {
    // the guests, XenDesk's login and OpenSSH's master login at once: each costs the TCG dom0 tens of seconds
    const [, hostId] = await Promise.all([
      createGuests(
        lab,
        guests.map((name) => ({ name, cfg: 'pv-tiny.cfg' })),
        log,
      ),
      connectXenDesk(client.api, lab, log),
      run('ssh', [...sshBase, '-o', 'ControlMaster=yes', '-o', 'ControlPersist=1800', '-fN', target]),
    ]);
    await client.api.refreshHost({ hostId }); // XenDesk learns of the new guests

    const x = new Collector();
    const opened = await client.api.openConsole({
      hostId,
      domain: guests[0],
      kind: 'pv',
      cols: 80,
      rows: 24,
    });
    stream = client.stream(opened.streamId);
    stream.onData((d) => x.push(d));
    const xs = stream;
    const xWrite = (s: string) => xs.write(s);

    const o = new Collector();
    ssh = spawn('ssh', [...sshBase, '-tt', '-e', 'none', target, 'xl', 'console', guests[1]]);
    ssh.stdout.setEncoding('latin1');
    ssh.stdout.on('data', (d: string) => o.push(d));
    const sp = ssh;
    const oWrite = (s: string) => sp.stdin.write(s);

    await Promise.all([shellReady(xWrite, x, guests[0], log), shellReady(oWrite, o, guests[1], log)]);
    log('  both guests at their shell prompt');

    for (let i = 0; i < 10; i++) {
      await echoOnce(xWrite, x, ASH_ERASED);
      await echoOnce(oWrite, o, ASH_ERASED);
    }
    const r = await interleaved(
      samples,
      () => echoOnce(xWrite, x, ASH_ERASED),
      () => echoOnce(oWrite, o, ASH_ERASED),
    );
    log(
      `  echo: XenDesk median ${median(r.a).toFixed(1)} ms, ssh median ${median(r.b).toFixed(1)} ms (${samples} each)`,
    );

    const fxs: { ms: number; complete: boolean }[] = [];
    const fos: { ms: number; complete: boolean }[] = [];
    const one = async (who: 'xendesk' | 'ssh') => {
      const f = who === 'xendesk' ? await flood(xWrite, x, n) : await flood(oWrite, o, n);
      (who === 'xendesk' ? fxs : fos).push(f);
      log(
        `  flood ${who.padEnd(7)} ${(f.ms / 1000).toFixed(1)} s, ${(n / f.ms).toFixed(1)} KB/s, complete: ${f.complete ? 'yes' : 'NO'}`,
      );
    };
    for (let i = 0; i < floodRuns; i++) {
      if (i % 2 === 0) {
        await one('xendesk');
        await one('ssh');
      } else {
        await one('ssh');
        await one('xendesk');
      }
    }
    stream.close();
    stream = null;
    oWrite('\x1d');

    const xm = median(fxs.map((f) => f.ms));
    const om = median(fos.map((f) => f.ms));
    return {
      target: 'lab',
      samples,
      guests,
      echo: echoStats(r),
      flood: {
        command: `yes ${FLOOD_LINE} | head -c ${n}`,
        bytes: n,
        bytesReceived: onlcr(yesHead(FLOOD_LINE, n)).length,
        runs: floodRuns,
        xendeskRunsMs: fxs.map((f) => Math.round(f.ms)),
        opensshRunsMs: fos.map((f) => Math.round(f.ms)),
        xendeskMs: xm,
        xendeskKBps: n / xm, // bytes per ms = KB/s (10^3)
        xendeskComplete: fxs.every((f) => f.complete),
        opensshMs: om,
        opensshKBps: n / om,
        opensshComplete: fos.every((f) => f.complete),
        ratio: om / xm,
      },
    };
  } finally {
    stream?.close();
    ssh?.kill();
    spawnSync('ssh', [...sshBase, '-O', 'exit', target], { stdio: 'ignore' });
    client.close();
    await backend.dispose();
    await destroyGuests(lab, guests);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
