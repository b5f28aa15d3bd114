// Issue 8 on the real lab (BENCH_TARGET=lab): framebuffer updates/s through XenDesk's VNC bridge
// (WebSocket → XenDesk's backend in its own process → ssh2 forwardOut on its one connection →
// qemu-xen's VNC server in dom0) ÷ the same through a plain OpenSSH `ssh -L` tunnel, same guest,
// same load, same counting client and encodings (vncBench.ts' RfbCounter: Raw + DesktopSize),
// interleaved runs. The load: a shell loop on the guest writing lines to tty1, the console that
// the framebuffer shows (fbcon on xen-fbfront for the PV vfb guest, VGA text for HVM), started
// through XenDesk's serial console. The guests are copies of the lab's pv-vfb.cfg / hvm.cfg under
// other names and VNC displays (the lab specs use pvvfb on :1 and hvm1 on :2 at the same time).
// Then: XenDesk's SSH connections to the lab while VNC, a serial console and polling run (goal 1).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleKind } from '../shared/api';
import { Collector } from './consoleBench';
import {
  connectXenDesk,
  createGuests,
  destroyGuests,
  shellReady,
  theLab,
  type BenchGuest,
  type Log,
} from './lab';
import { sshOptions } from '../e2e/lab/labHost';
import { connectionsOfPid } from './labText';
import {
  bridgeVsTunnel,
  freePort,
  type BridgeVsTunnel,
  measureInWorker,
  startWebBackend,
  waitPort,
  whilePolling,
  wsPath,
  type WebBackend,
} from './vncBench';

interface LabVncGuest extends BenchGuest {
  label: string;
  /** the console the load is started from */
  console: ConsoleKind;
  vncPort: number;
}

const GUESTS: Record<'vfb' | 'hvm', LabVncGuest> = {
  vfb: {
    label: 'PV vfb (fbcon on xen-fbfront)',
    name: 'benchvfb',
    cfg: 'pv-vfb.cfg',
    overrides: { vfb: '["vnc=1,vnclisten=127.0.0.1,vncdisplay=11"]' },
    console: 'pv',
    vncPort: 5911,
  },
  hvm: {
    label: 'HVM (stdvga text mode)',
    name: 'benchhvm',
    cfg: 'hvm.cfg',
    overrides: { vncdisplay: '12' },
    console: 'serial',
    vncPort: 5912,
  },
};

/**
 * What the guest's loop writes to tty1. QEMU's VNC server sends only the 16×16 tiles whose pixels
 * changed, so the load decides how much each update carries: "lines" scrolls lines that differ in
 * a few digits (small updates: QEMU's refresh timer is the limit), "random" lines of random
 * numbers change nearly every character cell on each scroll (large Raw updates: the transport is).
 */
const LOADS = {
  lines: {
    label: 'scrolling `scroll N` lines (small updates)',
    loop: (us: number) => `i=0; while :; do i=$((i+1)); echo scroll $i; usleep ${us}; done >/dev/tty1 &`,
  },
  random: {
    label: 'scrolling lines of random digits (nearly every cell changes)',
    loop: (us: number) =>
      `while :; do r=$RANDOM$RANDOM; echo $r $r $r $r $r $r $r; usleep ${us}; done >/dev/tty1 &`,
  },
};

export interface LabVncGuestResult extends BridgeVsTunnel {
  domain: string;
  label: string;
  /** the load's description */
  load: string;
  /** where the VNC server listens (from xenstore) */
  vncPort: number;
}

export interface LabVncBenchResult {
  target: 'lab';
  runs: number;
  seconds: number;
  /** lines per second the guest's loop writes to tty1 */
  scrollHz: number;
  encodings: string;
  guests: LabVncGuestResult[];
  /** the baseline's ssh -c, when set */
  sshCipher?: string;
  /** max established TCP connections from XenDesk's backend to the lab's sshd while `concurrent` ran (goal 1) */
  sshConnectionsPerHost: number;
  concurrent: string[];
}

/** XenDesk's established connections to the lab's ssh port, by its process id (see labText.ts). */
function xendeskConnections(pid: number, port: number): number {
  const r = spawnSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  return connectionsOfPid(r.stdout, pid);
}

export async function labVncBench(
  opts: {
    runs?: number;
    seconds?: number;
    scrollHz?: number;
    guests?: string[];
    loads?: string[];
    /** the baseline's cipher (ssh -c); default: OpenSSH's own choice */
    sshCipher?: string;
    log?: Log;
  } = {},
): Promise<LabVncBenchResult> {
  const runs = opts.runs ?? 5;
  const seconds = opts.seconds ?? 10;
  const scrollHz = opts.scrollHz ?? 100;
  const log = opts.log ?? (() => undefined);
  const loads = opts.loads ?? Object.keys(LOADS);
  const which = (opts.guests ?? ['vfb', 'hvm']).map((k) => {
    const g = GUESTS[k as keyof typeof GUESTS];
    if (!g) throw new Error(`BENCH_LAB_VNC_GUESTS: unknown guest kind ${k} (vfb, hvm)`);
    return g;
  });
  const lab = await theLab();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-bench-labvnc-'));
  let web: WebBackend | null = null;
  let ssh: ChildProcess | null = null;
  const made: string[] = [];
  try {
    // the baseline's tunnel: ONE ssh -L login for every guest's port (a login costs the TCG dom0
    // tens of seconds; forwarding to a port nobody listens on yet is fine until a client connects)
    const local = new Map<string, number>();
    for (const g of which) local.set(g.name, await freePort());
    ssh = spawn(
      'ssh',
      [
        '-N',
        ...sshOptions(lab),
        '-o',
        'ExitOnForwardFailure=yes',
        // BENCH_LAB_SSH_CIPHER (a diagnosis knob): e.g. aes128-gcm@openssh.com instead of the
        // chacha20-poly1305 that OpenSSH and XenDesk both prefer; dom0's qemu64 CPU has no AES-NI
        ...(opts.sshCipher ? ['-c', opts.sshCipher] : []),
        ...which.flatMap((g) => ['-L', `127.0.0.1:${local.get(g.name)}:127.0.0.1:${g.vncPort}`]),
        `${lab.user}@${lab.address}`,
      ],
      { stdio: 'ignore' },
    );
    web = await startWebBackend(path.join(dir, 'data'));
    const api = web.client.api;
    const hostId = await connectXenDesk(api, lab, log);
    const firstLocal = local.get(which[0]!.name)!;
    await waitPort(firstLocal, 300_000); // ssh listens once it has logged in
    const headers = { origin: `http://127.0.0.1:${web.port}`, cookie: `xendesk_token=${web.token}` };

    const results: LabVncGuestResult[] = [];
    let maxConn = 0;
    const concurrent: string[] = [];
    for (const [gi, g] of which.entries()) {
      log(`  ${g.name}: ${g.label}`);
      made.push(g.name);
      await createGuests(lab, [g], log);
      await api.refreshHost({ hostId });

      // the load is typed into the guest's serial console through XenDesk; the console stays open
      // (idle: the loop writes to tty1, not to the console) and is the "serial console" counted below
      const out = new Collector();
      const con = await api.openConsole({ hostId, domain: g.name, kind: g.console, cols: 80, rows: 24 });
      const stream = web.client.stream(con.streamId);
      stream.onData((d) => out.push(d));
      try {
        await shellReady((s) => stream.write(s), out, g.name, log);
        // XenDesk finds the port in xenstore; the baseline tunnel was set up for 5900 + display
        const probe = await api.openVnc({ hostId, domain: g.name });
        if (probe.target.port !== g.vncPort)
          throw new Error(`${g.name}: xenstore says VNC port ${probe.target.port}, expected ${g.vncPort}`);
        const port = local.get(g.name)!;
        let first = true;
        for (const loadName of loads) {
          const load = LOADS[loadName as keyof typeof LOADS];
          if (!load)
            throw new Error(
              `BENCH_LAB_VNC_LOADS: unknown load ${loadName} (${Object.keys(LOADS).join(', ')})`,
            );
          // `kill $!`: the previous load's loop, started from this same shell
          const pause = Math.max(1, Math.round(1e6 / scrollHz));
          stream.write(`${first ? '' : 'kill $!; '}${load.loop(pause)}\r`);
          await new Promise((r) => setTimeout(r, 3000));
          // warm-up of both paths (JIT, TCP windows; qemu's VNC refresh timer adapts to a client)
          await measureInWorker(
            {
              kind: 'ws',
              url: first ? probe.url : (await api.openVnc({ hostId, domain: g.name })).url,
              headers,
            },
            3,
          );
          await measureInWorker({ kind: 'tcp', port }, 3);
          first = false;
          log(`   load: ${load.label}`);
          const m = await bridgeVsTunnel({
            runs,
            seconds,
            openVnc: () => api.openVnc({ hostId, domain: g.name }),
            headers,
            tunnelPort: port,
            backendPid: web.proc.pid,
            sshPid: ssh!.pid,
            log,
            indent: '    ',
          });
          results.push({ ...m, domain: g.name, label: g.label, load: load.label, vncPort: g.vncPort });
        }

        if (gi === 0) {
          // connections: VNC + the serial console + polling together through XenDesk, the guest still scrolling
          concurrent.push(`vnc (${g.name})`, `serial console (${g.name})`, 'polling (refresh every 300 ms)');
          await whilePolling(
            () => api.refreshHost({ hostId }),
            async () => {
              const opened = await api.openVnc({ hostId, domain: g.name });
              const vncConn = await wsPath(opened.url, headers)(() => undefined);
              try {
                for (let i = 0; i < 20; i++) {
                  maxConn = Math.max(maxConn, xendeskConnections(web!.proc.pid!, lab.port));
                  await new Promise((r) => setTimeout(r, 300));
                }
              } finally {
                vncConn.close();
              }
            },
          );
          log(`  XenDesk's SSH connections to the lab meanwhile: ${maxConn}`);
        }
      } finally {
        stream.close();
      }
      await destroyGuests(lab, [g.name]); // its loop keeps a vCPU busy: gone before the next guest
    }
    return {
      target: 'lab',
      runs,
      seconds,
      scrollHz,
      encodings: 'Raw + DesktopSize (the same RfbCounter on both paths)',
      guests: results,
      sshCipher: opts.sshCipher,
      sshConnectionsPerHost: maxConn,
      concurrent,
    };
  } finally {
    if (ssh && ssh.exitCode === null) ssh.kill('SIGTERM');
    await web?.stop();
    await destroyGuests(lab, made);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
