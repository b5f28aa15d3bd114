// A domain's configuration as libxl holds it (libxl_domain_config), built from the semantic
// view of an xl.cfg file, and its JSON as `xl list -l` / `xl create -n` print it (yajl's
// pretty printer: 4-space indent, empty objects as "{", blank line, "}", booleans as the
// strings "True"/"False", enum values spelled with underscores).
import type { XlCfgSemantic } from '../../../shared/xen/xlcfgTypes';
import { uuidV4, xenMac, type Rng } from './rng';

export type GuestType = 'pv' | 'pvh' | 'hvm';
export type ShutdownAction =
  | 'destroy'
  | 'restart'
  | 'rename-restart'
  | 'preserve'
  | 'coredump-destroy'
  | 'coredump-restart'
  | 'soft-reset';

export interface VncConfig {
  /** undefined: not in the cfg (libxl then enables VNC for HVM guests) */
  enable?: boolean;
  listen?: string;
  passwd?: string;
  display?: number;
  findunused?: boolean;
}

export interface DiskConfig {
  pdevPath?: string;
  vdev: string;
  format: string;
  readwrite: boolean;
  isCdrom: boolean;
}

export interface NicConfig {
  devid: number;
  mac: string;
  bridge: string;
  nictype: 'vif' | 'vif_ioemu';
  model?: string;
  ip?: string;
  vifname?: string;
  script?: string;
}

export interface VfbConfig {
  devid: number;
  vnc: VncConfig;
  keymap?: string;
}

export interface VkbConfig {
  devid: number;
  backendType?: string;
}

export interface HvmConfig {
  vgaKind?: 'std' | 'cirrus' | 'none';
  vnc: VncConfig;
  serial?: string;
  boot?: string;
  firmware?: string;
  /** xen_platform_pci=0: no PV drivers, so no PV control interface (xl shutdown needs -F) */
  noPvDrivers?: boolean;
}

export interface DomainConfig {
  name: string;
  uuid: string;
  type: GuestType;
  maxVcpus: number;
  vcpus: number;
  maxMemKiB: number;
  targetKiB: number;
  videoKiB: number;
  kernel?: string;
  ramdisk?: string;
  cmdline?: string;
  bootloader?: string;
  hvm?: HvmConfig;
  disks: DiskConfig[];
  nics: NicConfig[];
  vfbs: VfbConfig[];
  vkbs: VkbConfig[];
  onPoweroff: ShutdownAction;
  onReboot: ShutdownAction;
  onCrash: ShutdownAction;
  weight: number;
  cap: number;
  /** the cfg file the domain was created from (absent for restored/demo domains) */
  cfgPath?: string;
}

/** Settings some keys carry that the semantic view does not model (read from the raw text). */
export interface ExtraKeys {
  stdvga?: boolean;
  vga?: string;
  vkb?: string[];
  cpuWeight?: number;
  cap?: number;
  firmware?: string;
  xenPlatformPci?: boolean;
}

/** The few raw keys the semantic view omits, read line by line (the file already parsed). */
export function scanExtraKeys(text: string): ExtraKeys {
  const ex: ExtraKeys = {};
  for (const stmt of text.split(/[\n;]/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*(?:#.*)?$/.exec(stmt);
    if (!m) continue;
    const [, key, raw] = m as unknown as [string, string, string];
    const str = (): string => raw.replace(/^["']|["']$/g, '');
    const list = (): string[] => [...raw.matchAll(/"([^"]*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2] ?? '');
    if (key === 'stdvga') ex.stdvga = str() !== '0';
    else if (key === 'vga') ex.vga = str();
    else if (key === 'vkb') ex.vkb = list();
    else if (key === 'cpu_weight') ex.cpuWeight = Number(str());
    else if (key === 'cap') ex.cap = Number(str());
    else if (key === 'firmware') ex.firmware = str();
    else if (key === 'xen_platform_pci') ex.xenPlatformPci = str() !== '0';
  }
  return ex;
}

function parseKv(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) out[part.trim()] = '';
    else out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const ACTIONS: ShutdownAction[] = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
  'soft-reset',
];

function action(v: string | undefined, dflt: ShutdownAction): ShutdownAction {
  return v && (ACTIONS as string[]).includes(v) ? (v as ShutdownAction) : dflt;
}

export class ConfigError extends Error {}

/** Build the libxl config of a cfg file (as xl's parse_config does). */
export function buildDomainConfig(
  sem: XlCfgSemantic,
  extra: ExtraKeys,
  rng: Rng,
  cfgPath?: string,
): DomainConfig {
  if (!sem.name) throw new ConfigError('Domain name must be specified.');
  const type: GuestType = sem.type ?? 'pv';
  const memMiB = sem.memory ?? 32;
  const maxMiB = Math.max(sem.maxmem ?? memMiB, memMiB);
  const vcpus = sem.vcpus ?? 1;
  const maxVcpus = Math.max(sem.maxvcpus ?? vcpus, vcpus);
  let cmdline = sem.cmdline;
  if (cmdline === undefined && (sem.root !== undefined || sem.extra !== undefined)) {
    cmdline = [sem.root !== undefined ? `root=${sem.root}` : '', sem.extra ?? ''].filter(Boolean).join(' ');
  }
  const disks: DiskConfig[] = (sem.disks ?? []).map((d) => {
    const isCdrom = d.devtype === 'cdrom';
    const access = d.access ?? (isCdrom ? 'ro' : 'rw');
    return {
      pdevPath: d.target,
      vdev: d.vdev ?? 'xvda',
      format: d.target ? (d.format ?? 'raw') : 'empty',
      readwrite: access === 'rw' || access === 'w',
      isCdrom,
    };
  });
  const nics: NicConfig[] = (sem.vifs ?? []).map((v, i) => ({
    devid: i,
    mac: (v.mac ?? xenMac(rng)).toLowerCase(),
    bridge: v.bridge ?? 'xenbr0',
    nictype: type === 'hvm' && v.type !== 'vif' ? 'vif_ioemu' : 'vif',
    model: v.model,
    ip: v.ip,
    vifname: v.vifname,
    script: v.script,
  }));
  const vfbs: VfbConfig[] = [];
  const vkbs: VkbConfig[] = [];
  if (type !== 'hvm') {
    for (const spec of sem.vfbs ?? []) {
      const kv = parseKv(spec);
      const vnc: VncConfig = {};
      if (kv.vnc !== undefined) vnc.enable = kv.vnc !== '0';
      if (kv.vnclisten) vnc.listen = kv.vnclisten;
      if (kv.vncpasswd) vnc.passwd = kv.vncpasswd;
      if (kv.vncdisplay !== undefined) vnc.display = Number(kv.vncdisplay);
      if (kv.vncunused !== undefined) vnc.findunused = kv.vncunused !== '0';
      vfbs.push({ devid: vfbs.length, vnc, keymap: kv.keymap });
      vkbs.push({ devid: vkbs.length });
    }
  }
  for (const spec of extra.vkb ?? []) {
    const kv = parseKv(spec);
    vkbs.push({ devid: vkbs.length, backendType: kv['backend-type'] });
  }
  let hvm: HvmConfig | undefined;
  let videoKiB = 0;
  if (type === 'hvm') {
    const v = sem.vnc ?? {};
    const vnc: VncConfig = {};
    if (v.enable !== undefined) vnc.enable = v.enable;
    if (v.listen) vnc.listen = v.listen;
    if (v.passwd) vnc.passwd = v.passwd;
    if (v.display !== undefined) vnc.display = v.display;
    if (v.unused !== undefined) vnc.findunused = v.unused;
    let vgaKind: HvmConfig['vgaKind'];
    if (extra.vga === 'stdvga' || extra.stdvga === true) vgaKind = 'std';
    else if (extra.vga === 'cirrus' || extra.stdvga === false) vgaKind = 'cirrus';
    else if (extra.vga === 'none') vgaKind = 'none';
    hvm = { vgaKind, vnc, serial: sem.serial, boot: sem.boot, firmware: extra.firmware };
    if (extra.xenPlatformPci === false) hvm.noPvDrivers = true;
    videoKiB = vgaKind === 'none' ? 0 : vgaKind === 'std' ? 16384 : 8192;
  }
  return {
    name: sem.name,
    uuid: sem.uuid ?? uuidV4(rng),
    type,
    maxVcpus,
    vcpus,
    maxMemKiB: maxMiB * 1024,
    targetKiB: memMiB * 1024,
    videoKiB,
    kernel: sem.kernel,
    ramdisk: sem.ramdisk,
    cmdline,
    bootloader: sem.bootloader,
    hvm,
    disks,
    nics,
    vfbs,
    vkbs,
    onPoweroff: action(sem.on_poweroff, 'destroy'),
    onReboot: action(sem.on_reboot, 'restart'),
    onCrash: action(sem.on_crash, 'destroy'),
    weight: extra.cpuWeight ?? 256,
    cap: extra.cap ?? 0,
    cfgPath,
  };
}

/** The effective VNC server of a domain (libxl defaults applied), whichever device carries it. */
export function vncOf(
  c: DomainConfig,
): { listen: string; display?: number; findunused: boolean; passwd?: string } | null {
  const eff = (v: VncConfig): { listen: string; display?: number; findunused: boolean; passwd?: string } => ({
    listen: v.listen ?? '127.0.0.1',
    display: v.display,
    findunused: v.findunused ?? v.display === undefined,
    passwd: v.passwd,
  });
  if (c.type === 'hvm' && c.hvm && c.hvm.vgaKind !== 'none' && c.hvm.vnc.enable !== false)
    return eff(c.hvm.vnc);
  const vfb = c.vfbs.find((v) => v.vnc.enable !== false);
  return vfb ? eff(vfb.vnc) : null;
}

// --- JSON -----------------------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** yajl_gen with beautify, as libxl uses it. */
export function yajlPretty(v: Json, indent = ''): string {
  const inner = indent + '    ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[\n\n' + indent + ']';
    return '[\n' + v.map((x) => inner + yajlPretty(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{\n\n' + indent + '}';
    return (
      '{\n' +
      keys.map((k) => `${inner}${JSON.stringify(k)}: ${yajlPretty(v[k]!, inner)}`).join(',\n') +
      '\n' +
      indent +
      '}'
    );
  }
  return JSON.stringify(v);
}

const tf = (b: boolean): string => (b ? 'True' : 'False');
const jsonAction = (a: ShutdownAction): string =>
  a === 'rename-restart' ? 'restart_rename' : a.replace(/-/g, '_');

function vncJson(v: VncConfig): Json {
  const o: Record<string, Json> = {};
  if (v.enable !== undefined) o.enable = tf(v.enable);
  if (v.listen !== undefined) o.listen = v.listen;
  if (v.passwd !== undefined) o.passwd = v.passwd;
  if (v.display !== undefined) o.display = v.display;
  if (v.findunused !== undefined) o.findunused = tf(v.findunused);
  return o;
}

export interface JsonOpts {
  /** `xl list -l` (runtime view) rather than `xl create -n` (parsed config only) */
  runtime: boolean;
  /** the vCPUs marked available (runtime) */
  availVcpus?: number;
  /** current memory target (runtime, after mem-set) */
  targetKiB?: number;
  /** current static max (runtime, after mem-max) */
  maxMemKiB?: number;
}

/** libxl_domain_config as JSON (an ordered object). */
export function domainConfigJson(c: DomainConfig, o: JsonOpts): Json {
  const cInfo: Record<string, Json> = { type: c.type, name: c.name };
  if (o.runtime) cInfo.domid = 4294967295;
  cInfo.uuid = c.uuid;
  cInfo.run_hotplug_scripts = 'True';
  const avail = o.availVcpus ?? c.vcpus;
  const bInfo: Record<string, Json> = {
    max_vcpus: c.maxVcpus,
    avail_vcpus: Array.from({ length: avail }, (_, i) => i),
    max_memkb: o.maxMemKiB ?? c.maxMemKiB,
    target_memkb: o.targetKiB ?? c.targetKiB,
  };
  if (o.runtime) bInfo.video_memkb = c.videoKiB;
  bInfo.sched_params = o.runtime ? { sched: 'credit2', weight: c.weight, cap: c.cap } : {};
  bInfo.claim_mode = 'True';
  if (c.kernel !== undefined) bInfo.kernel = c.kernel;
  if (c.cmdline !== undefined) bInfo.cmdline = c.cmdline;
  if (c.ramdisk !== undefined) bInfo.ramdisk = c.ramdisk;
  if (c.bootloader !== undefined) bInfo.bootloader = c.bootloader;
  if (c.type === 'hvm' && c.hvm) {
    const h: Record<string, Json> = {};
    if (c.hvm.firmware) h.bios = c.hvm.firmware === 'uefi' ? 'ovmf' : 'seabios';
    if (c.hvm.vgaKind) h.vga = { kind: c.hvm.vgaKind };
    h.vnc = vncJson(c.hvm.vnc);
    h.sdl = {};
    h.spice = {};
    if (c.hvm.serial !== undefined) h.serial = c.hvm.serial;
    if (c.hvm.boot !== undefined) h.boot = c.hvm.boot;
    h.rdm = {};
    bInfo['type.hvm'] = h;
  } else bInfo[`type.${c.type}`] = {};
  bInfo.arch_arm = {};
  bInfo.arch_x86 = o.runtime ? { msr_relaxed: 'False' } : {};
  const cfg: Record<string, Json> = { c_info: cInfo, b_info: bInfo };
  if (c.disks.length)
    cfg.disks = c.disks.map((d) => {
      const j: Record<string, Json> = {};
      if (d.pdevPath !== undefined) j.pdev_path = d.pdevPath;
      j.vdev = d.vdev;
      j.format = d.format;
      if (d.isCdrom) j.removable = 1;
      if (d.readwrite) j.readwrite = 1;
      if (d.isCdrom) j.is_cdrom = 1;
      j.colo_restore_enable = 'False';
      return j;
    });
  if (c.nics.length)
    cfg.nics = c.nics.map((n) => {
      const j: Record<string, Json> = { devid: n.devid };
      if (n.model) j.model = n.model;
      j.mac = n.mac;
      if (n.ip) j.ip = n.ip;
      j.bridge = n.bridge;
      if (n.vifname) j.ifname = n.vifname;
      if (n.script) j.script = n.script;
      j.nictype = n.nictype;
      return j;
    });
  if (c.vfbs.length)
    cfg.vfbs = c.vfbs.map((v) => {
      const j: Record<string, Json> = { devid: v.devid, vnc: vncJson(v.vnc), sdl: {} };
      if (v.keymap) j.keymap = v.keymap;
      return j;
    });
  if (c.vkbs.length)
    cfg.vkbs = c.vkbs.map((k): Json =>
      k.backendType ? { devid: k.devid, backend_type: k.backendType } : { devid: k.devid },
    );
  if (c.onPoweroff !== 'destroy') cfg.on_poweroff = jsonAction(c.onPoweroff);
  if (c.onReboot !== 'destroy') cfg.on_reboot = jsonAction(c.onReboot);
  if (c.onCrash !== 'destroy') cfg.on_crash = jsonAction(c.onCrash);
  cfg.on_soft_reset = 'soft_reset';
  return cfg;
}

/** The JSON xl saves into a save file, read back on restore. */
export function configToSaveJson(c: DomainConfig): string {
  return JSON.stringify(c);
}

export function configFromSaveJson(s: string): DomainConfig {
  const c = JSON.parse(s) as DomainConfig;
  if (!c || typeof c.name !== 'string' || typeof c.uuid !== 'string') throw new Error('bad saved config');
  return c;
}
