// What the create wizard needs to know about a host (getCreateOptions), and the checks only the
// host can answer (does a new path exist yet, is an existing disk a file or a block device, is
// it qcow2) — each in ONE exec of several commands.
import type { CreateFieldError, CreateOptions, CreateSpec } from '../../../shared/create/spec';
import { newPaths } from '../../../shared/create/validate';
import { BOOT_DIR } from '../../../shared/create/xlcfgGen';
import { parseXlInfo } from '../../../shared/xen/xlInfo';
import { parseXlListLong } from '../../../shared/xen/xlListLong';
import type { HostAccess } from '../domains/hostAccess';
import { parseBrctlShow, parseIpBridges } from '../hosts/overview';

/** Where new images usually go; /var/lib/xen/images first. Only those that exist are offered. */
export const STORAGE_CANDIDATES = [
  '/var/lib/xen/images',
  '/var/lib/libvirt/images',
  '/srv/xen',
  '/srv/images',
  '/data/xen',
  '/data/images',
];
/** Directories never offered for new images even when a domain keeps a disk there. */
const NOT_STORAGE = /^\/(?:tmp|var\/tmp|dev|proc|sys|run|etc|boot)(?:\/|$)/;

const dirOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

/** The tools: pygrub lives in Xen's libexec dir on Debian (/usr/lib/xen-4.17/bin), not on PATH. */
const TOOLS_SCRIPT = [
  'for f in /usr/lib/xen-*/bin/pygrub /usr/lib/xen/bin/pygrub /usr/local/lib/xen/bin/pygrub; do',
  '  if [ -x "$f" ]; then echo "pygrub $f"; break; fi',
  'done',
  'for n in pygrub pypxeboot curl wget; do p=$(command -v "$n") && echo "$n $p"; done',
  'exit 0',
].join('\n');

/** `df -P -B1 DIR`: the Available column of its one row. */
export function parseDfAvail(text: string): number | null {
  const rows = text.split('\n').filter((l) => l.trim() && !/^Filesystem\s/.test(l));
  const cols = rows[0]?.trim().split(/\s+/);
  const n = cols && cols.length >= 6 ? Number(cols[3]) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** `vgs --noheadings --units b --nosuffix -o vg_name,vg_free` */
export function parseVgs(text: string): { name: string; freeBytes: number }[] {
  const out: { name: string; freeBytes: number }[] = [];
  for (const l of text.split('\n')) {
    const m = /^\s*(\S+)\s+(\d+)\s*$/.exec(l);
    if (m) out.push({ name: m[1]!, freeBytes: Number(m[2]) });
  }
  return out;
}

/** `lvs --noheadings -o vg_name,lv_name` */
export function parseLvs(text: string): { vg: string; lv: string }[] {
  const out: { vg: string; lv: string }[] = [];
  for (const l of text.split('\n')) {
    const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(l);
    if (m) out.push({ vg: m[1]!, lv: m[2]! });
  }
  return out;
}

export interface HostFacts {
  options: CreateOptions;
  /** disk paths of other domains (running or defined) → the domain using it */
  diskUsers: Map<string, string>;
}

export async function hostFacts(h: HostAccess): Promise<HostFacts> {
  const snap0 = await h.refresh();
  // storage candidates + the directories where defined domains keep their images
  const diskUsers = new Map<string, string>();
  for (const c of h.configs())
    for (const d of c.cfg?.disks ?? [])
      if (d.target && d.devtype !== 'cdrom') diskUsers.set(d.target, c.cfg?.name ?? c.path);
  const dirs = [...STORAGE_CANDIDATES];
  for (const p of diskUsers.keys()) {
    const d = dirOf(p);
    if (p.startsWith('/') && !NOT_STORAGE.test(d) && !dirs.includes(d) && !d.startsWith(`${BOOT_DIR}`))
      dirs.push(d);
  }
  const sections = [
    { key: 'info', argv: ['xl', 'info'] },
    { key: 'long', argv: ['xl', 'list', '-l'] },
    // absolute paths: /sbin is not on a non-root login's PATH (Debian)
    { key: 'brctl', argv: ['/sbin/brctl', 'show'] },
    { key: 'ip-bridges', argv: ['/sbin/ip', '-o', 'link', 'show', 'type', 'bridge'] },
    { key: 'ip-links', argv: ['/sbin/ip', '-o', 'link', 'show'] },
    { key: 'vgs', argv: ['vgs', '--noheadings', '--units', 'b', '--nosuffix', '-o', 'vg_name,vg_free'] },
    { key: 'lvs', argv: ['lvs', '--noheadings', '-o', 'vg_name,lv_name'] },
    { key: 'tools', argv: ['sh', '-c', TOOLS_SCRIPT] },
    ...dirs.map((d, i) => ({ key: `df-${i}`, argv: ['df', '-P', '-B1', '--', d] })),
  ];
  const out = await h.runSections(sections, { timeoutMs: 60000 });
  const ok = (k: string): string | null => {
    const s = out.get(k);
    return s && s.rc === 0 ? s.output : null;
  };
  const info = parseXlInfo(ok('info') ?? '');
  const usedNames = new Set<string>(['Domain-0']);
  const usedMacs = new Set<string>();
  for (const d of snap0.domains) usedNames.add(d.name);
  for (const c of h.configs()) {
    if (c.cfg?.name) usedNames.add(c.cfg.name);
    for (const v of c.cfg?.vifs ?? []) if (v.mac) usedMacs.add(v.mac.toLowerCase());
  }
  try {
    for (const d of parseXlListLong(ok('long') ?? '')) {
      usedNames.add(d.name);
      for (const n of d.nics) if (n.mac) usedMacs.add(n.mac.toLowerCase());
      for (const k of d.disks)
        if (k.pdevPath && !k.isCdrom && !diskUsers.has(k.pdevPath)) diskUsers.set(k.pdevPath, d.name);
    }
  } catch {
    /* the config files' MACs are still known */
  }

  let bridges: string[] = [];
  const br = ok('brctl');
  if (br && /bridge name/.test(br)) bridges = parseBrctlShow(br).map((b) => b.name);
  else {
    const ipb = ok('ip-bridges');
    if (ipb !== null) bridges = parseIpBridges(ipb, ok('ip-links') ?? '').map((b) => b.name);
  }

  const storageDirs: CreateOptions['storageDirs'] = [];
  dirs.forEach((d, i) => {
    const t = ok(`df-${i}`);
    const free = t === null ? null : parseDfAvail(t);
    if (free !== null) storageDirs.push({ path: d, freeBytes: free });
  });

  const lvs = parseLvs(ok('lvs') ?? '');
  const volumeGroups = parseVgs(ok('vgs') ?? '').map((v) => ({
    ...v,
    lvs: lvs.filter((l) => l.vg === v.name).map((l) => l.lv),
  }));

  const tools = new Map<string, string>();
  for (const l of (ok('tools') ?? '').split('\n')) {
    const m = /^(\S+) (\/\S+)$/.exec(l.trim());
    if (m && !tools.has(m[1]!)) tools.set(m[1]!, m[2]!);
  }
  const options: CreateOptions = {
    hostId: h.hostId,
    freeMemoryMiB: info.freeMemoryMiB,
    totalMemoryMiB: info.totalMemoryMiB,
    cpus: info.nrCpus,
    hvm: info.canHvm,
    // PVH guests run in an HVM container: virt_caps says "hvm" for both (Xen 4.17 has no "pvh" cap)
    pvh: info.canHvm,
    usedNames: [...usedNames].sort(),
    usedMacs: [...usedMacs].sort(),
    bridges,
    storageDirs,
    volumeGroups,
    pygrub: tools.get('pygrub') ?? null,
    pypxeboot: tools.get('pypxeboot') ?? null,
    hostname: info.hostname || undefined,
    fetchTool: tools.has('curl') ? 'curl' : tools.has('wget') ? 'wget' : null,
  };
  return { options, diskUsers };
}

export async function getCreateOptions(h: HostAccess): Promise<CreateOptions> {
  return (await hostFacts(h)).options;
}

/** stat-like probe: "block", "file" + the first 4 bytes, "dir", "other" or "missing". */
const PROBE = [
  'if [ -b "$1" ]; then echo block',
  'elif [ -f "$1" ]; then echo file; head -c 4 -- "$1"',
  'elif [ -d "$1" ]; then echo dir',
  'elif [ -e "$1" ] || [ -L "$1" ]; then echo other',
  'else echo missing; fi',
].join('\n');

/** a new path: "exists", "free" (its directory exists) or "nodir" */
const FREE =
  'if [ -e "$1" ] || [ -L "$1" ]; then echo exists; elif [ -d "$2" ]; then echo free; else echo nodir; fi';

export interface HostChecks {
  errors: CreateFieldError[];
  /** sniffed formats of existing disks, by spec index */
  formats: Record<number, 'raw' | 'qcow2'>;
}

/** What only the host can tell: new paths free, sources present, existing disks usable. */
export async function hostChecks(h: HostAccess, spec: CreateSpec, facts: HostFacts): Promise<HostChecks> {
  const errors: CreateFieldError[] = [];
  const formats: Record<number, 'raw' | 'qcow2'> = {};
  const fresh = newPaths(spec);
  const probes: { path: string; field: string; what: string; disk?: number }[] = [];
  const src = spec.source;
  if (src.kind === 'cdrom') probes.push({ path: src.iso, field: 'source.iso', what: 'ISO' });
  if (src.kind === 'kernel') {
    probes.push({ path: src.kernel, field: 'source.kernel', what: 'kernel' });
    if (src.ramdisk) probes.push({ path: src.ramdisk, field: 'source.ramdisk', what: 'initrd' });
  }
  spec.disks.forEach((d, i) => {
    if (d.kind === 'existing') probes.push({ path: d.path, field: `disks.${i}.path`, what: 'disk', disk: i });
  });
  const sections = [
    ...fresh.map((f, i) => ({ key: `new-${i}`, argv: ['sh', '-c', FREE, 'sh', f.path, dirOf(f.path)] })),
    ...probes.map((p, i) => ({ key: `probe-${i}`, argv: ['sh', '-c', PROBE, 'sh', p.path] })),
  ];
  const out = sections.length ? await h.runSections(sections, { timeoutMs: 30000 }) : new Map();
  const add = (path: string, message: string) => {
    if (!errors.some((e) => e.path === path)) errors.push({ path, message });
  };
  fresh.forEach((f, i) => {
    const word = (out.get(`new-${i}`)?.output ?? '').trim();
    if (word === 'exists')
      add(
        f.field,
        f.field === 'name'
          ? `${f.path} already exists on the host.`
          : `${f.path} already exists: XenDesk never overwrites a file; choose another name.`,
      );
    else if (word === 'nodir' && !f.field.endsWith('.lv') && f.field !== 'source.url' && f.field !== 'name')
      add(f.field, `The directory ${dirOf(f.path)} does not exist on the host.`);
  });
  probes.forEach((p, i) => {
    const lines = (out.get(`probe-${i}`)?.output ?? '').split('\n');
    const kind = lines[0]?.trim() ?? '';
    if (kind === 'missing' || kind === '') add(p.field, `${p.path} does not exist on the host.`);
    else if (kind === 'dir') add(p.field, `${p.path} is a directory.`);
    else if (kind === 'other' || (kind === 'block' && p.disk === undefined))
      add(p.field, `${p.path} is not a regular file.`);
    else if (p.disk !== undefined) {
      const d = spec.disks[p.disk]!;
      if (d.kind === 'existing' && d.format === undefined)
        formats[p.disk] = kind === 'file' && (lines[1] ?? '').startsWith('QFI') ? 'qcow2' : 'raw';
      const user = facts.diskUsers.get(p.path);
      if (user && user !== spec.name)
        add(p.field, `${p.path} is a disk of ${user}: two guests writing one disk corrupt it.`);
    }
  });
  return { errors, formats };
}
