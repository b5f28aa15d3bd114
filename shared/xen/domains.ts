// Join the outputs of one poll into DomainRows.
//   xl list     → the running domains, id, state, Mem (MiB), online vCPUs, CPU time
//   xl list -l  → type, uuid, max memory, max vCPUs (configuration)
//   xentop      → CPU(%) (second iteration)
//   xl uptime   → uptime
// Everything is keyed by name (xentop prints full names only with -f; cut 10-char names
// are matched by prefix when that is unambiguous).

import type { DomainRow } from '../types';
import { stateFromFlags } from './state';
import type { XlListRow } from './xlList';
import type { XlListLongDomain } from './xlListLong';
import type { XentopRow } from './xentop';

export interface JoinInput {
  list: XlListRow[];
  listLong: XlListLongDomain[];
  xentop: XentopRow[];
  uptime: Map<string, number>;
}

export interface JoinedDomains {
  dom0: DomainRow | null;
  domains: DomainRow[];
}

/** xentop without -f prints "%10.10s" */
const XENTOP_NAME_WIDTH = 10;

export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A VNC display, as libxl decides it: HVM guests get one unless `vnc` is disabled
 * (libxl defaults vnc.enable to true); PV/PVH guests only through a vfb with vnc enabled.
 */
export function hasVnc(d: Pick<XlListLongDomain, 'type' | 'vnc' | 'vfbs'>): boolean {
  if (d.type === 'hvm' && d.vnc?.enable !== false) return true;
  return d.vfbs.some((f) => f.vnc !== undefined && f.vnc.enable !== false);
}

export function joinDomains(input: JoinInput): JoinedDomains {
  const longByName = new Map(input.listLong.map((d) => [d.name, d]));
  const topByName = new Map(input.xentop.map((t) => [t.name, t]));

  // cut xentop names → the one xl list name they can stand for
  const prefixCount = new Map<string, number>();
  for (const r of input.list) {
    if (r.name.length > XENTOP_NAME_WIDTH) {
      const p = r.name.slice(0, XENTOP_NAME_WIDTH);
      prefixCount.set(p, (prefixCount.get(p) ?? 0) + 1);
    }
  }
  const topFor = (name: string): XentopRow | undefined => {
    const exact = topByName.get(name);
    if (exact || name.length <= XENTOP_NAME_WIDTH) return exact;
    const p = name.slice(0, XENTOP_NAME_WIDTH);
    return prefixCount.get(p) === 1 && !input.list.some((r) => r.name === p) ? topByName.get(p) : undefined;
  };

  let dom0: DomainRow | null = null;
  const domains: DomainRow[] = [];
  for (const r of input.list) {
    const long = longByName.get(r.name);
    const top = topFor(r.name);
    const row: DomainRow = {
      name: r.name,
      id: r.id,
      uuid: long?.uuid ?? r.uuid ?? null,
      state: stateFromFlags(r.stateFlags),
      stateFlags: r.stateFlags,
      type: long?.type ?? null,
      cpuPercent: top?.cpuPercent ?? null,
      cpuSeconds: r.cpuSeconds,
      memoryMiB: r.memMiB,
      maxMemoryMiB: long?.maxMemKiB != null ? Math.round(long.maxMemKiB / 1024) : null,
      vcpus: r.vcpus,
      maxVcpus: long?.maxVcpus ?? null,
      uptimeSeconds: input.uptime.get(r.name) ?? null,
      // filled by joinInventory (./inventory.ts) from the config files and /etc/xen/auto
      defined: false,
      cfgPath: null,
      autostart: false,
    };
    if (top)
      row.io = {
        netTxKiB: top.netTxKiB,
        netRxKiB: top.netRxKiB,
        vbdRdReqs: top.vbdRd,
        vbdWrReqs: top.vbdWr,
        vbdRdSect: top.vbdRsect,
        vbdWrSect: top.vbdWsect,
      };
    if (long && r.id !== 0 && hasVnc(long)) row.graphics = 'vnc';
    if (r.id === 0) dom0 = row;
    else domains.push(row);
  }
  domains.sort((a, b) => compareNames(a.name, b.name));
  return { dom0, domains };
}
