// The create wizard's form state (strings as typed), how it becomes a CreateSpec, and the checks
// the UI can make itself against the host's CreateOptions. Pure: unit-tested in wizardModel.test.ts.
// Field errors are keyed by the CreateSpec path ("disks.1.sizeGiB") so the host's own
// previewCreate fieldErrors land on the same fields.
import { formatNumber } from '../../../shared/format'; // issue 9
import { getPrefs } from '../prefs/prefsStore'; // issue 9: default storage directory and bridge
import {
  CreateSpecSchema,
  type CreateOptions,
  type CreateSpecInput,
  type GuestType,
} from '../../../shared/create/spec';
import { validateSpec } from '../../../shared/create/validate';
import {
  assignVdevs,
  defaultCmdline as sharedDefaultCmdline,
  generateMac as sharedGenerateMac,
} from '../../../shared/create/xlcfgGen';
import { DOMAIN_NAME_RE, HostPathSchema, MAC_RE } from '../../../shared/schemas';
import { tw } from './wizardStrings';

export const STEPS = [
  'name',
  'type',
  'source',
  'resources',
  'storage',
  'network',
  'console',
  'behaviour',
  'summary',
] as const;
export type StepId = (typeof STEPS)[number];

export type SourceKind = 'cdrom' | 'upload' | 'network' | 'pxe' | 'import' | 'kernel';
export const SOURCE_KINDS: readonly SourceKind[] = ['cdrom', 'upload', 'network', 'pxe', 'import', 'kernel'];
export type MemUnit = 'MiB' | 'GiB';
export const LIFECYCLE_ACTIONS = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface DiskDraft {
  /** stable React key */
  key: number;
  kind: 'file' | 'lvm' | 'existing';
  /** file: one of options.storageDirs */
  dir: string;
  /** file: the name inside dir; null = the default derived from the domain name */
  fileName: string | null;
  sizeGiB: string;
  format: 'raw' | 'qcow2';
  vg: string;
  /** lvm: null = the default derived from the domain name */
  lv: string | null;
  /** existing: image file or block device */
  path: string;
}

export interface NicDraft {
  key: number;
  bridge: string;
  mac: string;
  model: 'e1000' | 'rtl8139';
}

export interface WizardDraft {
  hostId: string;
  name: string;
  type: GuestType;
  source: {
    kind: SourceKind;
    iso: string;
    url: string;
    extraArgs: string;
    /** import: the existing image or device that becomes the first disk */
    importPath: string;
    kernel: string;
    ramdisk: string;
    /** null = the default for the guest type */
    cmdline: string | null;
  };
  memory: string;
  memoryUnit: MemUnit;
  maxmem: string;
  maxmemUnit: MemUnit;
  vcpus: string;
  maxvcpus: string;
  disks: DiskDraft[];
  nics: NicDraft[];
  /** null = the default for the type (on for HVM, off for PV/PVH) */
  vnc: boolean | null;
  vncPassword: string;
  onPoweroff: LifecycleAction;
  onReboot: LifecycleAction;
  onCrash: LifecycleAction;
  autostart: boolean;
}

export type FieldErrors = Record<string, string>;

let keySeq = 0;
export const nextKey = () => ++keySeq;

export const DEFAULT_DISK_GIB = '8';

/** "root=/dev/xvda1 console=hvc0" (PV/PVH) or "… console=ttyS0" (HVM): the generator's own default. */
export const defaultCmdline = (type: GuestType): string => sharedDefaultCmdline(type);

/** A fresh MAC in 00:16:3e, unique among `used` (the generator's rule, with a crypto RNG). */
export function generateMac(used: Iterable<string>): string {
  const buf = new Uint32Array(1);
  return sharedGenerateMac(used, () => globalThis.crypto.getRandomValues(buf)[0]! / 2 ** 32);
}

/** The install sources a guest type can boot (the generator refuses the others). */
export function sourceAllowed(kind: SourceKind, type: GuestType, options: CreateOptions): boolean {
  if (type === 'hvm') return true;
  if (kind === 'cdrom' || kind === 'upload') return false; // no emulated CD-ROM or BIOS
  if (kind === 'pxe') return type === 'pv' && !!options.pypxeboot;
  if (kind === 'import') return !!options.pygrub;
  return true;
}

/** The type changed: keep the source when it still boots, else the first that does. */
export function withType(draft: WizardDraft, type: GuestType, options: CreateOptions): WizardDraft {
  const kind = sourceAllowed(draft.source.kind, type, options)
    ? draft.source.kind
    : (SOURCE_KINDS.find((k) => sourceAllowed(k, type, options)) ?? 'network');
  return { ...draft, type, source: { ...draft.source, kind } };
}

/** issue 9: the Preferences' storage directory and bridge come first when the host has them */
function preferredDir(options: CreateOptions | null): string | undefined {
  const want = getPrefs().defaultStorageDir;
  return options?.storageDirs.find((d) => d.path === want)?.path ?? options?.storageDirs[0]?.path;
}
function preferredBridge(options: CreateOptions | null): string | undefined {
  const want = getPrefs().defaultBridge;
  return options?.bridges.includes(want) ? want : options?.bridges[0];
}

export function newDisk(options: CreateOptions | null, kind: DiskDraft['kind'] = 'file'): DiskDraft {
  return {
    key: nextKey(),
    kind,
    dir: preferredDir(options) ?? '/var/lib/xen/images',
    fileName: null,
    sizeGiB: DEFAULT_DISK_GIB,
    format: 'raw',
    vg: options?.volumeGroups[0]?.name ?? '',
    lv: null,
    path: '',
  };
}

export function newNic(options: CreateOptions | null, draft: WizardDraft | null): NicDraft {
  const used = [...(options?.usedMacs ?? []), ...(draft?.nics.map((n) => n.mac) ?? [])];
  return { key: nextKey(), bridge: preferredBridge(options) ?? '', mac: generateMac(used), model: 'e1000' };
}

export function initialDraft(hostId: string, options: CreateOptions | null): WizardDraft {
  const free = options?.freeMemoryMiB ?? 1024;
  const draft: WizardDraft = {
    hostId,
    name: '',
    type: 'pv',
    source: {
      kind: 'network',
      iso: '',
      url: '',
      extraArgs: '',
      importPath: '',
      kernel: '',
      ramdisk: '',
      cmdline: null,
    },
    // 1 GiB when the host has it, else what is free (never below xl's practical minimum)
    memory: String(Math.max(128, Math.min(1024, Math.floor(free)))),
    memoryUnit: 'MiB',
    maxmem: '',
    maxmemUnit: 'MiB',
    vcpus: '1',
    maxvcpus: '',
    disks: [],
    nics: [],
    vnc: null,
    vncPassword: '',
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
    autostart: false,
  };
  draft.disks = [newDisk(options)];
  draft.nics = options && options.bridges.length > 0 ? [newNic(options, draft)] : [];
  return draft;
}

/** The fields that follow the host's options when the host changes (the rest is kept). */
export function rebaseOnHost(draft: WizardDraft, hostId: string, options: CreateOptions): WizardDraft {
  const dirs = new Set(options.storageDirs.map((d) => d.path));
  const vgs = new Set(options.volumeGroups.map((v) => v.name));
  const type =
    (draft.type === 'hvm' && !options.hvm) || (draft.type === 'pvh' && !options.pvh) ? 'pv' : draft.type;
  return {
    ...withType(draft, type, options),
    hostId,
    disks: draft.disks.map((d) => ({
      ...d,
      dir: dirs.has(d.dir) ? d.dir : (preferredDir(options) ?? d.dir),
      vg: vgs.has(d.vg) ? d.vg : (options.volumeGroups[0]?.name ?? ''),
    })),
    nics: draft.nics.map((n) => ({
      ...n,
      bridge: options.bridges.includes(n.bridge) ? n.bridge : (preferredBridge(options) ?? n.bridge),
    })),
  };
}

/** Where the disks of the Storage step start in spec.disks (the imported image is disk 0). */
export function diskOffset(draft: WizardDraft): number {
  return draft.source.kind === 'import' ? 1 : 0;
}

const baseName = (draft: WizardDraft) => draft.name.trim() || 'guest';

/** NAME.img for the first new disk, NAME-1.qcow2 for the next… (index = position in spec.disks) */
export function defaultFileName(draft: WizardDraft, specIndex: number, format: 'raw' | 'qcow2'): string {
  const ext = format === 'qcow2' ? 'qcow2' : 'img';
  return specIndex === 0 ? `${baseName(draft)}.${ext}` : `${baseName(draft)}-${specIndex}.${ext}`;
}

export function defaultLvName(draft: WizardDraft, specIndex: number): string {
  return specIndex === 0 ? `${baseName(draft)}-disk` : `${baseName(draft)}-disk${specIndex}`;
}

export function effectiveFileName(draft: WizardDraft, i: number): string {
  const d = draft.disks[i]!;
  return d.fileName ?? defaultFileName(draft, i + diskOffset(draft), d.format);
}

export function effectiveLv(draft: WizardDraft, i: number): string {
  const d = draft.disks[i]!;
  return d.lv ?? defaultLvName(draft, i + diskOffset(draft));
}

export function effectiveCmdline(draft: WizardDraft): string {
  return draft.source.cmdline ?? defaultCmdline(draft.type);
}

export function effectiveVnc(draft: WizardDraft): boolean {
  return draft.vnc ?? draft.type === 'hvm';
}

/** The vdev each disk (and the HVM install CD) gets: the generator's own assignment. */
export function diskVdevs(
  type: GuestType,
  diskCount: number,
  cdrom: boolean,
): { disks: string[]; cdrom?: string } {
  return assignVdevs(type, diskCount, cdrom && type === 'hvm');
}

function parseNumber(s: string): number | null {
  const t = s.trim().replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** MiB from the typed amount and unit (null when not a number). */
export function toMiB(amount: string, unit: MemUnit): number | null {
  const n = parseNumber(amount);
  if (n === null) return null;
  return Math.round(unit === 'GiB' ? n * 1024 : n);
}

function parseIntStrict(s: string): number | null {
  const t = s.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** The draft as the API's CreateSpec input (numbers that do not parse become NaN: the schema refuses them). */
export function toSpec(draft: WizardDraft): CreateSpecInput {
  const s = draft.source;
  let source: CreateSpecInput['source'];
  switch (s.kind) {
    case 'cdrom':
    case 'upload':
      source = { kind: 'cdrom', iso: s.iso.trim() };
      break;
    case 'network':
      source = { kind: 'network', url: s.url.trim(), extraArgs: s.extraArgs.trim() };
      break;
    case 'pxe':
      source = { kind: 'pxe' };
      break;
    case 'import':
      source = { kind: 'import' };
      break;
    case 'kernel':
      source = {
        kind: 'kernel',
        kernel: s.kernel.trim(),
        ...(s.ramdisk.trim() ? { ramdisk: s.ramdisk.trim() } : {}),
        cmdline: effectiveCmdline(draft).trim(),
      };
      break;
  }
  const disks: NonNullable<CreateSpecInput['disks']> = [];
  if (s.kind === 'import') disks.push({ kind: 'existing', path: s.importPath.trim() });
  draft.disks.forEach((d, i) => {
    const size = parseNumber(d.sizeGiB) ?? NaN;
    if (d.kind === 'file')
      disks.push({
        kind: 'file',
        path: `${d.dir.replace(/\/+$/, '')}/${effectiveFileName(draft, i).trim()}`,
        sizeGiB: size,
        format: d.format,
      });
    else if (d.kind === 'lvm')
      disks.push({ kind: 'lvm', vg: d.vg, lv: effectiveLv(draft, i).trim(), sizeGiB: size });
    else disks.push({ kind: 'existing', path: d.path.trim() });
  });
  const maxmem = draft.maxmem.trim() ? (toMiB(draft.maxmem, draft.maxmemUnit) ?? NaN) : undefined;
  const maxvcpus = draft.maxvcpus.trim() ? (parseIntStrict(draft.maxvcpus) ?? NaN) : undefined;
  const vnc = effectiveVnc(draft);
  return {
    name: draft.name.trim(),
    type: draft.type,
    source,
    memoryMiB: toMiB(draft.memory, draft.memoryUnit) ?? NaN,
    ...(maxmem !== undefined ? { maxmemMiB: maxmem } : {}),
    vcpus: parseIntStrict(draft.vcpus) ?? NaN,
    ...(maxvcpus !== undefined ? { maxvcpus } : {}),
    disks,
    nics: draft.nics.map((n) => ({
      bridge: n.bridge.trim(),
      mac: n.mac.trim().toLowerCase(),
      ...(draft.type === 'hvm' ? { model: n.model } : {}),
    })),
    graphics: vnc && draft.vncPassword ? { vnc, password: draft.vncPassword } : { vnc },
    onPoweroff: draft.onPoweroff,
    onReboot: draft.onReboot,
    onCrash: draft.onCrash,
    autostart: draft.autostart,
  };
}

/** Which step shows the field at a spec path (host errors on unknown paths go to the summary). */
export function stepOfPath(path: string, draft: WizardDraft): StepId {
  const head = path.split('.')[0] ?? '';
  if (head === 'name') return 'name';
  if (head === 'type') return 'type';
  if (head === 'source' || head === 'upload') return 'source';
  if (head === 'memoryMiB' || head === 'maxmemMiB' || head === 'vcpus' || head === 'maxvcpus')
    return 'resources';
  if (head === 'disks') {
    const i = Number(path.split('.')[1]);
    return draft.source.kind === 'import' && i === 0 ? 'source' : 'storage';
  }
  if (head === 'nics') return 'network';
  if (head === 'graphics') return 'console';
  if (head === 'onPoweroff' || head === 'onReboot' || head === 'onCrash' || head === 'autostart')
    return 'behaviour';
  return 'summary';
}

/** The value a spec path names (to tell whether a host error still applies to what is typed). */
export function specValueAt(spec: CreateSpecInput, path: string): unknown {
  let v: unknown = spec;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const FILE_NAME_RE = /^[A-Za-z0-9_+@:~][A-Za-z0-9_.+@:~-]{0,254}$/;

function pathError(p: string): string | null {
  if (!p) return tw('wizard.err.pathRequired');
  const r = HostPathSchema.safeParse(p);
  return r.success ? null : (r.error.issues[0]?.message ?? tw('wizard.err.path'));
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  // issue 9: the number in the chosen language's way ("1,5 GiB" in Italian)
  return u === 0
    ? `${v} B`
    : `${formatNumber(v, { digits: v >= 100 ? 0 : 1, fixed: true, grouping: false })} ${units[u]}`;
}

/** Host error paths as the wizard's fields name them ("source" → the source choice, "disks.0" → its path). */
export function fieldPath(path: string): string {
  if (path === 'source') return 'source.kind';
  if (/^disks\.\d+$/.test(path)) return `${path}.path`;
  return path;
}

/**
 * Everything the UI can check itself: what only the form knows (empty fields, numbers that do not
 * parse, an upload not done yet), the contract's schema, and — once the spec parses — the same
 * host-aware checks the backend runs (shared/create/validate.ts). Keys are spec paths ("name",
 * "disks.0.sizeGiB", "nics.1.bridge"), plus "upload.file".
 */
export function validateDraft(draft: WizardDraft, options: CreateOptions | null): FieldErrors {
  const e: FieldErrors = {};
  const set = (path: string, msg: string) => {
    const p = fieldPath(path);
    if (!(p in e)) e[p] = msg;
  };
  const name = draft.name.trim();
  if (!name) set('name', tw('wizard.err.nameRequired'));
  else if (!DOMAIN_NAME_RE.test(name)) set('name', tw('wizard.err.nameChars'));
  else if (options?.usedNames.includes(name)) set('name', tw('wizard.err.nameTaken', { name }));

  const s = draft.source;
  const pathCheck = (path: string, value: string) => {
    const m = pathError(value.trim());
    if (m) set(path, m);
  };
  if (options && !sourceAllowed(s.kind, draft.type, options))
    set('source.kind', tw('wizard.err.sourceType', { type: draft.type.toUpperCase() }));
  if (s.kind === 'cdrom') pathCheck('source.iso', s.iso);
  if (s.kind === 'upload') set('upload.file', tw('wizard.err.uploadFirst'));
  if (s.kind === 'network' && !s.url.trim()) set('source.url', tw('wizard.err.urlRequired'));
  if (s.kind === 'import') pathCheck('disks.0.path', s.importPath);
  if (s.kind === 'kernel') {
    pathCheck('source.kernel', s.kernel);
    if (s.ramdisk.trim()) pathCheck('source.ramdisk', s.ramdisk);
  }

  const mem = toMiB(draft.memory, draft.memoryUnit);
  if (mem === null) set('memoryMiB', tw('wizard.err.number'));
  else if (mem < 32) set('memoryMiB', tw('wizard.err.memoryMin'));
  else if (options && mem > options.freeMemoryMiB)
    set('memoryMiB', tw('wizard.err.memoryFree', { free: formatBytes(options.freeMemoryMiB * 1024 * 1024) }));
  if (draft.maxmem.trim() && toMiB(draft.maxmem, draft.maxmemUnit) === null)
    set('maxmemMiB', tw('wizard.err.number'));
  const vcpus = parseIntStrict(draft.vcpus);
  if (vcpus === null || vcpus < 1) set('vcpus', tw('wizard.err.vcpus'));
  if (draft.maxvcpus.trim()) {
    const mv = parseIntStrict(draft.maxvcpus);
    if (mv === null || mv < 1) set('maxvcpus', tw('wizard.err.vcpus'));
  }

  const off = diskOffset(draft);
  draft.disks.forEach((d, i) => {
    const p = `disks.${i + off}`;
    if (d.kind === 'file' || d.kind === 'lvm') {
      const size = parseNumber(d.sizeGiB);
      if (size === null) set(`${p}.sizeGiB`, tw('wizard.err.number'));
      else if (size <= 0) set(`${p}.sizeGiB`, tw('wizard.err.sizeZero'));
    }
    if (d.kind === 'file' && !FILE_NAME_RE.test(effectiveFileName(draft, i).trim()))
      set(`${p}.path`, tw('wizard.err.fileName'));
    if (d.kind === 'lvm' && !d.vg)
      set(`${p}.vg`, options?.volumeGroups.length ? tw('wizard.err.vgRequired') : tw('wizard.err.noLvm'));
    if (d.kind === 'lvm' && !effectiveLv(draft, i).trim()) set(`${p}.lv`, tw('wizard.err.lvName'));
    if (d.kind === 'existing') pathCheck(`${p}.path`, d.path);
  });

  draft.nics.forEach((n, i) => {
    const br = n.bridge.trim();
    if (!br) set(`nics.${i}.bridge`, tw('wizard.err.bridgeRequired'));
    else if (options && !options.bridges.includes(br))
      set(`nics.${i}.bridge`, tw('wizard.err.bridgeMissing', { bridge: br }));
    if (!MAC_RE.test(n.mac.trim())) set(`nics.${i}.mac`, tw('wizard.err.mac'));
  });

  if (effectiveVnc(draft) && draft.vncPassword.length > 8) set('graphics.password', tw('wizard.err.vncLong'));

  // the contract's own words for the rest (URL syntax, quotes in a command line…)
  const parsed = CreateSpecSchema.safeParse(toSpec(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) set(issue.path.map(String).join('.') || 'spec', issue.message);
  } else if (options) {
    for (const err of validateSpec(parsed.data, options)) set(err.path, err.message);
  }
  return e;
}

/** The error paths that belong to one step, in the order of its fields. */
export function errorsOfStep(errors: FieldErrors, step: StepId, draft: WizardDraft): string[] {
  return Object.keys(errors).filter((p) => stepOfPath(p, draft) === step);
}

/** Something was entered (Escape then asks before throwing it away). */
export function isDirty(draft: WizardDraft, initial: WizardDraft): boolean {
  const strip = (d: WizardDraft) =>
    JSON.stringify({
      ...d,
      hostId: '',
      disks: d.disks.map((x) => ({ ...x, key: 0 })),
      nics: d.nics.map((x) => ({ ...x, key: 0, mac: '' })),
    });
  return strip(draft) !== strip(initial);
}
