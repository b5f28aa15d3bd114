// `xl list -l` (JSON array of {domid, config: libxl_domain_config}) and
// `xl create -n` / `--dryrun` (one bare libxl_domain_config object).
//
// Quirks seen on Xen 4.17:
// - booleans are the strings "True"/"False" (or "<default>"), but disk `readwrite` is the number 1;
// - config.c_info.domid is 4294967295 (unset): the real id is the top-level `domid`;
// - Domain-0 has a minimal config (name, type, memory, sched only);
// - libxl omits values left at their default (e.g. on_poweroff, readwrite 0, is_cdrom 0);
// - with 2>&1, warnings printed on stderr may precede the JSON.

import type { GuestType } from '../types';

export interface XlVncConfig {
  enable?: boolean;
  listen?: string;
  display?: number;
  findunused?: boolean;
}

export interface XlDiskConfig {
  pdevPath?: string;
  vdev: string;
  /** phy | qdisk | tap | standalone (absent = libxl chooses) */
  backend?: string;
  format?: string;
  readwrite: boolean;
  isCdrom: boolean;
}

export interface XlNicConfig {
  devid?: number;
  mac?: string;
  bridge?: string;
  model?: string;
  nictype?: string;
  script?: string;
}

export interface XlVfbConfig {
  devid?: number;
  vnc?: XlVncConfig;
}

export interface XlSchedConfig {
  /** credit | credit2 | rtds | arinc653 | null …; absent in `xl create -n` output */
  sched?: string;
  weight?: number;
  cap?: number;
}

/** A libxl_domain_config, reduced to what XenDesk shows. */
export interface XlDomainConfig {
  name: string;
  uuid?: string;
  type: GuestType;
  /** b_info.max_memkb (null when absent) */
  maxMemKiB: number | null;
  /** b_info.target_memkb (null when absent) */
  targetMemKiB: number | null;
  maxVcpus?: number;
  /** how many vCPUs are marked available (b_info.avail_vcpus is a list of vCPU indexes) */
  availVcpus?: number;
  kernel?: string;
  ramdisk?: string;
  cmdline?: string;
  bootloader?: string;
  /** HVM boot order, e.g. "dc" */
  boot?: string;
  /** HVM serial, e.g. "pty" */
  serial?: string;
  /** HVM VNC (b_info."type.hvm".vnc); PV framebuffers are in `vfbs` */
  vnc?: XlVncConfig;
  disks: XlDiskConfig[];
  nics: XlNicConfig[];
  vfbs: XlVfbConfig[];
  /** libxl enum spelling: destroy | restart | restart_rename | preserve | coredump_destroy | … (absent = default) */
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
  sched?: XlSchedConfig;
}

export interface XlListLongDomain extends XlDomainConfig {
  domid: number;
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown): Json {
  return isObj(v) ? v : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}
/** libxl_defbool prints "True"/"False"/"<default>"; plain ints print as numbers. */
export function xlBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return undefined; // "<default>", absent, …
}

/** Drop keys whose value is undefined, so results compare cleanly and serialize small. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function parseVnc(v: unknown): XlVncConfig | undefined {
  if (!isObj(v)) return undefined;
  return compact({
    enable: xlBool(v.enable),
    listen: str(v.listen),
    display: num(v.display),
    findunused: xlBool(v.findunused),
  });
}

function guestType(cInfo: Json, bInfo: Json): GuestType {
  const t = str(cInfo.type) ?? str(bInfo.type);
  if (t === 'pv' || t === 'pvh' || t === 'hvm') return t;
  if ('type.hvm' in bInfo) return 'hvm';
  if ('type.pvh' in bInfo) return 'pvh';
  return 'pv';
}

function parseConfig(config: Json): XlDomainConfig {
  const cInfo = obj(config.c_info);
  const bInfo = obj(config.b_info);
  const hvm = obj(bInfo['type.hvm']);
  const pv = obj(bInfo['type.pv']);
  const sp = isObj(bInfo.sched_params) ? bInfo.sched_params : undefined;
  const schedParams = sp && compact({ sched: str(sp.sched), weight: num(sp.weight), cap: num(sp.cap) });
  // `xl create -n` prints an empty sched_params object
  const sched = schedParams && Object.keys(schedParams).length > 0 ? schedParams : undefined;
  const serialList = Array.isArray(hvm.serial_list) ? hvm.serial_list : [];
  const disks = Array.isArray(config.disks) ? config.disks.filter(isObj) : [];
  const nics = Array.isArray(config.nics) ? config.nics.filter(isObj) : [];
  const vfbs = Array.isArray(config.vfbs) ? config.vfbs.filter(isObj) : [];
  return compact<XlDomainConfig>({
    name: str(cInfo.name) ?? '',
    uuid: str(cInfo.uuid),
    type: guestType(cInfo, bInfo),
    maxMemKiB: num(bInfo.max_memkb) ?? null,
    targetMemKiB: num(bInfo.target_memkb) ?? null,
    maxVcpus: num(bInfo.max_vcpus),
    availVcpus: Array.isArray(bInfo.avail_vcpus) ? bInfo.avail_vcpus.length : undefined,
    // kernel/ramdisk/cmdline moved from type.pv into b_info in Xen 4.9; read both places
    kernel: str(bInfo.kernel) ?? str(pv.kernel),
    ramdisk: str(bInfo.ramdisk) ?? str(pv.ramdisk),
    cmdline: str(bInfo.cmdline) ?? str(pv.cmdline),
    bootloader: str(bInfo.bootloader) ?? str(pv.bootloader),
    boot: str(hvm.boot),
    serial: str(hvm.serial) ?? str(serialList[0]),
    vnc: parseVnc(hvm.vnc),
    disks: disks.map((d) =>
      compact<XlDiskConfig>({
        pdevPath: str(d.pdev_path),
        vdev: str(d.vdev) ?? '',
        backend: str(d.backend),
        format: str(d.format),
        readwrite: xlBool(d.readwrite) ?? false,
        isCdrom: xlBool(d.is_cdrom) ?? false,
      }),
    ),
    nics: nics.map((n) =>
      compact<XlNicConfig>({
        devid: num(n.devid),
        mac: str(n.mac),
        bridge: str(n.bridge),
        model: str(n.model),
        nictype: str(n.nictype),
        script: str(n.script),
      }),
    ),
    vfbs: vfbs.map((f) => compact<XlVfbConfig>({ devid: num(f.devid), vnc: parseVnc(f.vnc) })),
    onPoweroff: str(config.on_poweroff),
    onReboot: str(config.on_reboot),
    onCrash: str(config.on_crash),
    sched,
  });
}

/**
 * The JSON document inside `text`: starts at the first line that opens with '[' or '{'
 * (anything before it, e.g. warnings merged from stderr, is skipped) and ends at the
 * last matching closer. Returns undefined when there is no JSON at all.
 */
function extractJson(text: string): unknown {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*[[{]/.test(l));
  if (start < 0) return undefined;
  const body = lines.slice(start).join('\n');
  const closer = body.trimStart().startsWith('[') ? ']' : '}';
  const end = body.lastIndexOf(closer);
  if (end < 0) throw new Error('xl JSON output is truncated');
  try {
    return JSON.parse(body.slice(0, end + 1));
  } catch (e) {
    throw new Error(`xl JSON output is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * `xl list -l [dom…]` → one entry per domain (Domain-0 included when listed).
 * Empty/whitespace text → []. Throws when the text holds malformed JSON.
 */
export function parseXlListLong(text: string): XlListLongDomain[] {
  const doc = extractJson(text);
  if (doc === undefined) return [];
  const items = Array.isArray(doc) ? doc : [doc];
  const out: XlListLongDomain[] = [];
  for (const item of items) {
    if (!isObj(item)) continue;
    // {domid, config} as printed by xl list -l; tolerate a bare config too
    const config = isObj(item.config) ? item.config : item;
    const domid = num(item.domid) ?? num(obj(config.c_info).domid);
    if (domid === undefined || domid === 4294967295) continue;
    out.push({ domid, ...parseConfig(config) });
  }
  return out;
}

/** `xl create -n CFG` / `xl create --dryrun CFG` (stdout): one libxl_domain_config object. */
export function parseXlConfigJson(text: string): XlDomainConfig {
  const doc = extractJson(text);
  let item: unknown = Array.isArray(doc) ? doc[0] : doc;
  if (isObj(item) && isObj(item.config)) item = item.config;
  if (!isObj(item) || !isObj(item.c_info)) throw new Error('no domain config JSON in xl output');
  return parseConfig(item);
}
