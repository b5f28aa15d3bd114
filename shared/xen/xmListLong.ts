// `xm list --long` (xend): one `(domain …)` S-expression per domain, pretty-printed by
// xen.xend.PrettyPrint (tools/python/xen/xm/main.py xm_list → PrettyPrint.prettyprint).
// Mapped onto the same reduced config as `xl list -l` (XlDomainConfig) so the rest of XenDesk
// sees one shape whatever the toolstack:
//   (image (linux …)) = PV, (image (hvm …)) = HVM; memory/maxmem are MiB; (device (vbd (uname
//   file:/img) (dev xvda) (mode w))), (device (vif (mac …) (bridge …))), (device (vfb (vnc 1)));
//   managed domains that are not running have no (domid …).
import { parseSxp, sxpChild, sxpChildren, sxpName, sxpNumber, sxpString, type Sxp } from './sxp';
import type { XlDiskConfig, XlDomainConfig, XlNicConfig, XlVfbConfig, XlVncConfig } from './xlListLong';

export interface XmListLongDomain extends XlDomainConfig {
  /** null = managed by xend but not running */
  domid: number | null;
  /** xend's 6-char state, e.g. "-b----" */
  state?: string;
  cpuSeconds?: number;
  onlineVcpus?: number;
  /** seconds since the epoch */
  startTime?: number;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  if (v === '0' || v.toLowerCase() === 'false') return false;
  return undefined;
}

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function vncOf(node: Sxp[]): XlVncConfig | undefined {
  const enable = flag(sxpString(node, 'vnc'));
  const listen = sxpString(node, 'vnclisten') || undefined;
  const display = sxpNumber(node, 'vncdisplay');
  const findunused = flag(sxpString(node, 'vncunused'));
  if (enable === undefined && listen === undefined && display === undefined && findunused === undefined)
    return undefined;
  return compact({ enable, listen, display, findunused });
}

/** `file:/img`, `phy:/dev/vg/lv`, `tap:aio:/img` → the path; the prefix says the backend. */
function splitUname(uname: string): { path: string; backend?: string; format?: string } {
  const m = /^(file|phy|tap|tap2|qdisk):(?:(aio|qcow2?|vhd|raw|sync|ram):)?(.*)$/.exec(uname);
  if (!m) return { path: uname };
  const [, kind, sub, p] = m;
  const backend = kind === 'phy' ? 'phy' : kind === 'file' ? 'qdisk' : 'tap';
  const format = sub === 'qcow' || sub === 'qcow2' || sub === 'vhd' ? sub : sub === 'aio' ? 'raw' : undefined;
  return compact({ path: p!, backend, format });
}

function diskOf(vbd: Sxp[]): XlDiskConfig {
  const dev = sxpString(vbd, 'dev') ?? '';
  const [vdev, kind] = dev.split(':');
  const uname = sxpString(vbd, 'uname');
  const u = uname ? splitUname(uname) : undefined;
  const mode = sxpString(vbd, 'mode') ?? 'r';
  return compact({
    pdevPath: u?.path || undefined,
    vdev: vdev ?? '',
    backend: u?.backend,
    format: u?.format,
    readwrite: mode.startsWith('w'),
    isCdrom: kind === 'cdrom',
  });
}

function nicOf(vif: Sxp[], devid: number): XlNicConfig {
  return compact({
    devid,
    mac: sxpString(vif, 'mac') || undefined,
    bridge: sxpString(vif, 'bridge') || undefined,
    model: sxpString(vif, 'model') || undefined,
    nictype: sxpString(vif, 'type') || undefined,
    script: sxpString(vif, 'script') || undefined,
  });
}

/** xend's on_* spelling is libxl's with '-' → '_' (rename-restart → restart_rename is the one oddity). */
function action(v: string | undefined): string | undefined {
  if (!v) return undefined;
  if (v === 'rename-restart') return 'restart_rename';
  return v.replace(/-/g, '_');
}

export function domainFromSxp(d: Sxp[]): XmListLongDomain | null {
  if (sxpName(d) !== 'domain') return null;
  const name = sxpString(d, 'name');
  if (!name) return null;
  const image = sxpChild(d, 'image');
  const imageKind = image ? sxpChildren(image)[0] : undefined;
  const kindName = sxpName(imageKind);
  const hvm = kindName === 'hvm';
  const memory = sxpNumber(d, 'memory');
  const maxmem = sxpNumber(d, 'maxmem');
  const devices = sxpChildren(d, 'device')
    .map((dev) => sxpChildren(dev)[0])
    .filter((x): x is Sxp[] => !!x);
  const disks = devices.filter((x) => ['vbd', 'tap', 'tap2'].includes(sxpName(x) ?? '')).map(diskOf);
  const nics = devices.filter((x) => sxpName(x) === 'vif').map((v, i) => nicOf(v, i));
  const vfbs: XlVfbConfig[] = devices
    .filter((x) => sxpName(x) === 'vfb')
    .map((v, i) =>
      compact({ devid: i, vnc: vncOf(v) ?? (sxpString(v, 'type') === 'vnc' ? { enable: true } : undefined) }),
    );
  const domidNum = sxpNumber(d, 'domid');
  const bootloader = sxpString(d, 'bootloader');
  const cfg: XmListLongDomain = {
    domid: domidNum === undefined ? null : domidNum,
    name,
    uuid: sxpString(d, 'uuid') || undefined,
    // Domain-0 has an (image (linux …)) too; xend never ran PVH
    type: hvm ? 'hvm' : 'pv',
    maxMemKiB: maxmem !== undefined ? maxmem * 1024 : memory !== undefined ? memory * 1024 : null,
    targetMemKiB: memory !== undefined ? memory * 1024 : null,
    maxVcpus: sxpNumber(d, 'vcpus'),
    availVcpus: sxpNumber(d, 'vcpu_avail') !== undefined ? popcount(sxpNumber(d, 'vcpu_avail')!) : undefined,
    kernel: (imageKind && sxpString(imageKind, 'kernel')) || undefined,
    ramdisk: (imageKind && sxpString(imageKind, 'ramdisk')) || undefined,
    cmdline: (imageKind && sxpString(imageKind, 'args')) || undefined,
    bootloader: bootloader || undefined,
    boot: (hvm && imageKind && sxpString(imageKind, 'boot')) || undefined,
    serial: (hvm && imageKind && sxpString(imageKind, 'serial')) || undefined,
    vnc: hvm && imageKind ? vncOf(imageKind) : undefined,
    disks,
    nics,
    vfbs,
    onPoweroff: action(sxpString(d, 'on_poweroff')),
    onReboot: action(sxpString(d, 'on_reboot')),
    onCrash: action(sxpString(d, 'on_crash')),
    sched: compact({ weight: sxpNumber(d, 'cpu_weight'), cap: sxpNumber(d, 'cpu_cap') }),
    state: sxpString(d, 'state') || undefined,
    cpuSeconds: sxpNumber(d, 'cpu_time'),
    onlineVcpus: sxpNumber(d, 'online_vcpus'),
    startTime: sxpNumber(d, 'start_time'),
  };
  if (cfg.sched && Object.keys(cfg.sched).length === 0) delete cfg.sched;
  return compact(cfg);
}

function popcount(n: number): number {
  let c = 0;
  let v = Math.floor(n);
  while (v > 0) {
    c += v % 2;
    v = Math.floor(v / 2);
  }
  return c;
}

/** Parse `xm list --long [dom…]`. Non-domain text (xm's "Error: …" lines) is ignored. */
export function parseXmListLong(text: string): XmListLongDomain[] {
  const start = text.indexOf('(');
  if (start < 0) return [];
  const { values } = parseSxp(text.slice(start));
  return values
    .filter((v): v is Sxp[] => Array.isArray(v))
    .map(domainFromSxp)
    .filter((d): d is XmListLongDomain => d !== null);
}
