// `xl vcpu-list [DOM]` and `xl sched-credit2|sched-credit [-d DOM]` output.
//
//   Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)
//   pvdisk                              12     0    1   -b-       6.5  all / all
//   pvdisk                              12     1    -   --p       0.7  all / all     <- not onlined by the guest
//
//   Cpupool Pool-0: ratelimit=1000us
//   Name                                ID Weight  Cap
//   Domain-0                             0    256    0

import type { DomainVcpu } from '../api';

export interface XlVcpuRow extends DomainVcpu {
  name: string;
  id: number;
}

export function parseXlVcpuList(text: string): XlVcpuRow[] {
  const out: XlVcpuRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+|-)\s+([-a-z]{3})\s+([\d.]+|-)\s+(.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const state = m[5]!;
    out.push({
      name: m[1]!.trim(),
      id: Number(m[2]),
      vcpu: Number(m[3]),
      cpu: m[4] === '-' ? null : Number(m[4]),
      state,
      // 'p' in the third position: the vCPU is paused = not (yet) online in the guest
      online: !state.includes('p'),
      cpuSeconds: m[6] === '-' ? null : Number(m[6]),
      affinity: m[7]!.split('/')[0]!.trim(),
    });
  }
  return out;
}

export interface XlSchedRow {
  name: string;
  id: number;
  weight: number;
  cap: number;
}

export function parseXlSched(text: string): XlSchedRow[] {
  const out: XlSchedRow[] = [];
  let header = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^Name\s+ID\s+Weight\s+Cap/.test(line)) {
      header = true;
      continue;
    }
    if (!header) continue;
    const m = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) out.push({ name: m[1]!.trim(), id: Number(m[2]), weight: Number(m[3]), cap: Number(m[4]) });
  }
  return out;
}
