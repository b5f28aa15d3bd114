// Pure rules behind the action menu and dialogs (unit-tested in actionLogic.test.ts).
import { DOMAIN_NAME_RE, type DomainDetails, type TaskProgress } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import type { TKey } from '../strings';

export type MenuVerb =
  | 'save'
  | 'restore'
  | 'resources'
  | 'rename'
  | 'autostart'
  | 'migrate'
  | 'clone'
  | 'delete'
  | 'devices'
  | 'cd';

export const MENU_VERBS: readonly MenuVerb[] = [
  'resources',
  'devices',
  'cd',
  'autostart',
  'rename',
  'save',
  'restore',
  'migrate',
  'clone',
  'delete',
];

const isRunning = (d: DomainRow) => d.id !== null;

/** Why a menu action is unavailable (a string key), or null when it can run. */
export function menuBlocker(
  verb: MenuVerb,
  d: DomainRow | null,
  ctx: { connected: boolean; otherHosts: number },
): TKey | null {
  if (!ctx.connected) return 'action.noSelection';
  if (verb === 'restore') return null; // host-level
  if (!d) return 'action.noSelection';
  switch (verb) {
    case 'save':
      return isRunning(d) && d.state !== 'dying' ? null : 'act.needsRunning';
    case 'migrate':
      if (!isRunning(d)) return 'act.needsRunning';
      return ctx.otherHosts > 0 ? null : 'act.needsOtherHost';
    case 'clone':
      if (!d.defined) return 'act.needsConfig';
      return isRunning(d) ? 'act.needsStopped' : null;
    case 'autostart':
      return d.defined ? null : 'act.needsConfig';
    case 'cd':
      if (d.type !== 'hvm') return 'act.needsHvm';
      return isRunning(d) ? null : 'act.needsRunning';
    case 'resources':
    case 'devices':
      return isRunning(d) || d.defined ? null : 'act.needsConfig';
    case 'rename':
    case 'delete':
      return null;
  }
}

export function defaultSaveFile(name: string): string {
  return `/var/lib/xen/save/${name}.save`;
}

/** Host paths the backend accepts (mirrors shared/api.ts HostPathSchema). */
export function validHostPath(p: string): boolean {
  return (
    /^\/[A-Za-z0-9_./+@:~-]*$/.test(p) &&
    p.length <= 4096 &&
    !p.split('/').includes('..') &&
    !p.split('/').some((s) => s.startsWith('-'))
  );
}

export function nameError(name: string, current: string, taken: readonly string[]): TKey | null {
  if (!DOMAIN_NAME_RE.test(name)) return 'act.err.name';
  if (name === current) return 'act.err.same';
  if (taken.includes(name)) return 'act.err.taken';
  return null;
}

export interface ResourceBounds {
  running: boolean;
  memory: number;
  maxmem: number;
  /** the largest maximum memory that can be asked for */
  maxmemLimit: number;
  vcpus: number;
  maxVcpus: number;
  /** vCPUs the guest has online (running only) */
  onlineVcpus: number | null;
  hostFree: number | null;
  sched: { scheduler: string; weight?: number; cap?: number } | null;
}

export function resourceBounds(d: DomainDetails): ResourceBounds {
  const row = d.row;
  const running = row.id !== null;
  const maxmem = row.maxMemoryMiB ?? row.memoryMiB;
  const free = d.hostFreeMemoryMiB;
  return {
    running,
    memory: running ? row.memoryMiB : (d.cfg?.memory ?? row.memoryMiB),
    maxmem,
    // a running domain's maximum may grow by what the host has free; a stopped one by up to the host's free memory
    maxmemLimit: Math.max(maxmem, running ? maxmem + (free ?? 0) : (free ?? 1024 * 1024)),
    // the vCPUs xl set available (running: from the config's avail count, else row.vcpus)
    vcpus: running ? (d.config?.availVcpus ?? row.vcpus) : row.vcpus,
    maxVcpus: running ? (row.maxVcpus ?? row.vcpus) : 512,
    onlineVcpus: d.onlineVcpus,
    hostFree: free,
    sched: d.sched,
  };
}

export interface ResourceForm {
  memory: string;
  maxmem: string;
  vcpus: string;
  weight: string;
  cap: string;
}

export type ResourceErrors = Partial<
  Record<keyof ResourceForm, { key: TKey; vars?: Record<string, number> }>
>;

function intIn(s: string, min: number, max: number): number | { key: TKey; vars?: Record<string, number> } {
  if (!/^\d+$/.test(s.trim())) return { key: 'act.res.err.int' };
  const n = Number(s);
  if (n < min || n > max) return { key: 'act.res.err.range', vars: { min, max } };
  return n;
}

export interface ResourceChange {
  memory?: { targetMiB?: number; maxMiB?: number };
  vcpus?: number;
  sched?: { weight?: number; cap?: number };
}

/** Validate the form; the change holds only what differs from the current values. */
export function resourceChange(
  f: ResourceForm,
  b: ResourceBounds,
): { errors: ResourceErrors; change: ResourceChange } {
  const errors: ResourceErrors = {};
  const change: ResourceChange = {};
  const maxmem = intIn(f.maxmem, 16, b.maxmemLimit);
  if (typeof maxmem !== 'number') errors.maxmem = maxmem;
  const memory = intIn(f.memory, 16, typeof maxmem === 'number' ? maxmem : b.maxmemLimit);
  if (typeof memory !== 'number') errors.memory = memory;
  else if (typeof maxmem === 'number' && memory > maxmem) errors.memory = { key: 'act.res.err.targetMax' };
  const vcpus = intIn(f.vcpus, 1, b.maxVcpus);
  if (typeof vcpus !== 'number') errors.vcpus = vcpus;
  if (typeof memory === 'number' && memory !== b.memory) (change.memory ??= {}).targetMiB = memory;
  if (typeof maxmem === 'number' && maxmem !== b.maxmem) (change.memory ??= {}).maxMiB = maxmem;
  if (typeof vcpus === 'number' && vcpus !== b.vcpus) change.vcpus = vcpus;
  if (b.sched) {
    const w = intIn(f.weight, 1, 65535);
    const c = intIn(f.cap, 0, 100 * 512);
    if (typeof w !== 'number') errors.weight = w;
    if (typeof c !== 'number') errors.cap = c;
    if (typeof w === 'number' && w !== b.sched.weight) (change.sched ??= {}).weight = w;
    if (typeof c === 'number' && c !== b.sched.cap) (change.sched ??= {}).cap = c;
  }
  return { errors, change };
}

export interface DiskEntry {
  vdev: string;
  target?: string;
  cdrom: boolean;
  readOnly: boolean;
}

/** The domain's disks: the running config's (live truth) or the config file's. */
export function diskEntries(d: DomainDetails): DiskEntry[] {
  if (d.config) {
    return d.config.disks.map((x) => ({
      vdev: x.vdev,
      target: x.pdevPath,
      cdrom: x.isCdrom,
      readOnly: !x.readwrite,
    }));
  }
  return (d.cfg?.disks ?? []).map((x) => ({
    vdev: (x.vdev ?? '').replace(/:.*$/, ''),
    target: x.target,
    cdrom: x.devtype === 'cdrom',
    readOnly: x.access === 'ro',
  }));
}

export interface NicEntry {
  id: string | number;
  mac?: string;
  bridge?: string;
  model?: string;
}

export function nicEntries(d: DomainDetails): NicEntry[] {
  if (d.config)
    return d.config.nics.map((n, i) => ({
      id: n.mac ?? n.devid ?? i,
      mac: n.mac,
      bridge: n.bridge,
      model: n.model,
    }));
  return (d.cfg?.vifs ?? []).map((v, i) => ({
    id: v.mac ?? i,
    mac: v.mac,
    bridge: v.bridge,
    model: v.model,
  }));
}

/** The next free xvdX (xvdb, xvdc, …). */
export function nextVdev(taken: readonly string[], prefix = 'xvd'): string {
  for (let i = 1; i < 26; i++) {
    const v = prefix + String.fromCharCode(97 + i);
    if (!taken.includes(v)) return v;
  }
  return `${prefix}aa`;
}

/** Disk images a delete may offer: file-backed, not CD-ROMs. */
export function deletableImages(d: DomainDetails): string[] {
  const out = new Set<string>();
  for (const x of diskEntries(d))
    if (x.target && !x.cdrom && x.target.startsWith('/') && !x.target.startsWith('/dev/')) out.add(x.target);
  for (const x of d.cfg?.disks ?? [])
    if (x.target && x.devtype !== 'cdrom' && !x.target.startsWith('/dev/')) out.add(x.target);
  return [...out];
}

/** What a clone copies (writable images) and what it shares. */
export function clonePlan(d: DomainDetails): { copies: string[]; shared: string[] } {
  const copies: string[] = [];
  const shared: string[] = [];
  for (const x of d.cfg?.disks ?? []) {
    if (!x.target) continue;
    if (x.devtype === 'cdrom' || x.access === 'ro' || x.target.startsWith('/dev/')) shared.push(x.target);
    else copies.push(x.target);
  }
  return { copies, shared };
}

/** After a shutdown request: offer "force via ACPI" when an HVM guest is still up after `afterMs`. */
export function offerForce(
  row: DomainRow | null,
  requestedAt: number,
  now: number,
  afterMs: number,
): boolean {
  return (
    !!row && row.id !== null && row.type === 'hvm' && row.state !== 'shut off' && now - requestedAt >= afterMs
  );
}

/** Latest progress per task, for a progress bar. */
export function progressPercent(p: TaskProgress | null): number | null {
  if (!p || p.fraction === null) return null;
  return Math.round(Math.max(0, Math.min(1, p.fraction)) * 100);
}
