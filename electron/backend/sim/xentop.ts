// `xentop -b` of the simulated dom0 (tools/xentop/xentop.c batch mode; layout checked against
// xentop-batch*.txt). CPU(%) is computed like xentop does: the CPU time a domain used between
// two iterations divided by the wall time between them, so the first iteration always shows
// 0.0. `-d D` really waits D seconds between iterations (scaled by xentopDelayScale).
import { sleep } from './io';
import { TOTAL_KIB, type SimDomain, type SimHost } from './model';
import type { Proc } from './proc';
import { vdevNumber } from './xlFormat';

const padL = (s: string | number, n: number): string => String(s).padStart(n);

const HEADER_REST =
  '  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

interface Sample {
  at: number;
  cpu: Map<SimDomain, number>;
}

function sample(host: SimHost): Sample {
  host.tick();
  const cpu = new Map<SimDomain, number>();
  for (const d of host.domains.values()) cpu.set(d, d.cpuNs());
  return { at: host.now(), cpu };
}

function pct(n: number): string {
  return n.toFixed(1);
}

export function xentopIteration(
  host: SimHost,
  prev: Sample | null,
  cur: Sample,
  o: { full: boolean; vbds: boolean; nets: boolean; vcpus: boolean },
): string {
  const doms = [...cur.cpu.keys()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const width = o.full ? Math.max(10, ...doms.map((d) => d.name.length)) : 10;
  let s = padL('NAME', width) + HEADER_REST + '\n';
  const dt = prev ? cur.at - prev.at : 0;
  for (const d of doms) {
    const ns = cur.cpu.get(d)!;
    let cpuPct = 0;
    if (prev && dt > 0 && prev.cpu.has(d)) cpuPct = ((ns - prev.cpu.get(d)!) / (dt * 1e6)) * 100;
    const name = o.full ? d.name : d.name.slice(0, 10);
    const mem = d.memKiB;
    const maxmem = d.hvMaxKiB;
    const nets = d.nicStats;
    const vbds = d.vbdStats;
    const sum = (arr: number[]): number => arr.reduce((a, b) => a + b, 0);
    s +=
      padL(name, width) +
      ' ' +
      d.xentopState() +
      ' ' +
      padL(Math.floor(ns / 1e9), 10) +
      ' ' +
      padL(pct(cpuPct), 6) +
      ' ' +
      padL(mem, 10) +
      ' ' +
      padL(pct((mem / TOTAL_KIB) * 100), 6) +
      ' ' +
      padL(maxmem, 10) +
      ' ' +
      padL(pct((maxmem / TOTAL_KIB) * 100), 9) +
      ' ' +
      padL(d.vcpuTimeNs.length, 5) +
      ' ' +
      padL(nets.length, 4) +
      ' ' +
      padL(Math.floor(sum(nets.map((n) => n.txBytes)) / 1024), 8) +
      ' ' +
      padL(Math.floor(sum(nets.map((n) => n.rxBytes)) / 1024), 8) +
      ' ' +
      padL(vbds.length, 4) +
      ' ' +
      padL(sum(vbds.map((v) => v.oo)), 8) +
      ' ' +
      padL(sum(vbds.map((v) => v.rd)), 8) +
      ' ' +
      padL(sum(vbds.map((v) => v.wr)), 8) +
      ' ' +
      padL(sum(vbds.map((v) => v.rsect)), 10) +
      ' ' +
      padL(sum(vbds.map((v) => v.wsect)), 10) +
      ' ' +
      padL(0, 4) +
      '\n';
    if (o.vcpus) {
      let line = 'VCPUs(sec): ';
      // only online vCPUs are listed (xenstat_vcpu_online)
      d.vcpuTimeNs.slice(0, d.vcpuOnline).forEach((t, i) => {
        if (i > 0 && i % 5 === 0) line += '\n' + ' '.repeat(8);
        line += `${padL(i, 3)}: ${padL(Math.floor(t / 1e9), 10)}s`;
      });
      s += line + '\n';
    }
    if (o.nets) {
      nets.forEach((n, i) => {
        const f = (v: number): string => padL(Math.floor(v), 8);
        s += `Net${i} RX: ${f(n.rxBytes)}bytes ${f(n.rxPkts)}pkts ${f(0)}err ${f(0)}drop  TX: ${f(n.txBytes)}bytes ${f(n.txPkts)}pkts ${f(0)}err ${f(0)}drop\n`;
      });
    }
    if (o.vbds) {
      d.config.disks.forEach((disk, i) => {
        const v = vbds[i] ?? { oo: 0, rd: 0, wr: 0, rsect: 0, wsect: 0 };
        const num = vdevNumber(disk.vdev);
        const kind = d.type === 'hvm' ? 'QDisk' : 'BlkBack';
        s += `VBD ${kind} ${padL(num, 4)} [${padL((num >> 8).toString(16), 2)}:${padL((num & 0xff).toString(16), 2)}]  OO: ${padL(v.oo, 8)}   RD: ${padL(v.rd, 8)}   WR: ${padL(v.wr, 8)}   RSECT: ${padL(v.rsect, 10)}   WSECT: ${padL(v.wsect, 10)}\n`;
      });
    }
  }
  return s;
}

export async function xentopCommand(argv: string[], p: Proc): Promise<number> {
  const host = p.host;
  let batch = false;
  let iterations = Infinity;
  let delay = 3;
  const o = { full: false, vbds: false, nets: false, vcpus: false };
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string => {
      const m = /^--[a-z]+=(.*)$/.exec(a);
      if (m) return m[1]!;
      if (/^-[a-z].+/.test(a) && !a.startsWith('--')) return a.slice(2);
      return args[++i] ?? '';
    };
    if (a === '-b' || a === '--batch') batch = true;
    else if (a === '-f' || a === '--full-name') o.full = true;
    else if (a === '-x' || a === '--vbds') o.vbds = true;
    else if (a === '-n' || a === '--networks') o.nets = true;
    else if (a === '-v' || a === '--vcpus') o.vcpus = true;
    else if (a === '-r' || a === '--repeat-header' || a === '-z' || a === '--dom0-first') continue;
    else if (a.startsWith('-i') || a.startsWith('--iterations')) iterations = Number(val());
    else if (a.startsWith('-d') || a.startsWith('--delay')) delay = Number(val());
    else if (a === '-h' || a === '--help') {
      await p.stdout.write(
        'Usage: xentop [OPTION]\nDisplays ongoing information about xen vm resources \n\n',
      );
      return 0;
    } else if (/^-[fxnvb]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'b') batch = true;
        if (c === 'f') o.full = true;
        if (c === 'x') o.vbds = true;
        if (c === 'n') o.nets = true;
        if (c === 'v') o.vcpus = true;
      }
    } else {
      await p.stderr.write(
        `xentop: invalid option -- '${a.replace(/^-+/, '')}'\nTry \`xentop --help' for more information.\n`,
      );
      return 1;
    }
  }
  if (!p.user.root) {
    await p.stderr.write('xentop: Failed to initialize xenstat library: Permission denied\n');
    return 1;
  }
  if (!batch) {
    if (!p.tty) {
      await p.stderr.write('Error opening terminal: unknown.\n');
      return 1;
    }
    // no curses here: on a terminal, behave like batch mode
  }
  if (!Number.isFinite(delay) || delay < 0) delay = 3;
  let prev: Sample | null = null;
  for (let it = 0; it < iterations; it++) {
    if (it > 0) await sleep(delay * 1000 * host.xentopDelayScale, p.signal);
    const cur = sample(host);
    await p.stdout.write(xentopIteration(host, prev, cur, o));
    prev = cur;
  }
  return 0;
}
