// The Hardware tab's view of a domain (pure, unit-tested): disks, CD drives, NICs and displays,
// from the live configuration (`xl list -l`, running domains) or else from the config file.
import type { DomainDetails } from '../../../shared/api';
import type { GuestType } from '../../../shared/types';
import type { XlDomainConfig } from '../../../shared/xen/xlListLong';
import type { XlCfgSemantic } from '../../../shared/xen/xlcfgTypes';

export interface HwDisk {
  vdev: string;
  /** image file or device; null for an empty CD drive */
  target: string | null;
  format: string | null;
  access: 'rw' | 'ro';
  cdrom: boolean;
  backend: string | null;
  /** the spec as written in the config file */
  spec?: string;
  error?: string;
}

export interface HwNic {
  index: number;
  mac: string | null;
  bridge: string | null;
  model: string | null;
  script: string | null;
  type: string | null;
  spec?: string;
}

export interface HwDisplay {
  /** 'hvm': the emulated VGA's VNC server; 'vfb': a PV framebuffer */
  source: 'hvm' | 'vfb';
  enabled: boolean;
  listen: string | null;
  /** VNC display number; the TCP port is 5900 + display */
  display: number | null;
  /** `vncunused`: the first free display is taken */
  findUnused: boolean;
}

export interface Hardware {
  from: 'live' | 'file' | 'none';
  disks: HwDisk[];
  nics: HwNic[];
  displays: HwDisplay[];
}

function fromLive(c: XlDomainConfig): Hardware {
  const displays: HwDisplay[] = [];
  if (c.type === 'hvm' && c.vnc?.enable !== false) {
    displays.push({
      source: 'hvm',
      enabled: true,
      listen: c.vnc?.listen ?? null,
      display: c.vnc?.display ?? null,
      findUnused: c.vnc?.findunused ?? false,
    });
  }
  for (const v of c.vfbs) {
    if (!v.vnc) continue;
    displays.push({
      source: 'vfb',
      enabled: v.vnc.enable !== false,
      listen: v.vnc.listen ?? null,
      display: v.vnc.display ?? null,
      findUnused: v.vnc.findunused ?? false,
    });
  }
  return {
    from: 'live',
    disks: c.disks.map((d) => ({
      vdev: d.vdev,
      target: d.pdevPath || null,
      format: d.format ?? null,
      access: d.readwrite ? 'rw' : 'ro',
      cdrom: d.isCdrom,
      backend: d.backend ?? null,
    })),
    nics: c.nics.map((n, i) => ({
      index: n.devid ?? i,
      mac: n.mac ?? null,
      bridge: n.bridge ?? null,
      model: n.model ?? null,
      script: n.script ?? null,
      type: n.nictype ?? null,
    })),
    displays,
  };
}

/** "vnc=1,vnclisten=127.0.0.1,vncdisplay=1" → its keys */
function specKeys(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const truthy = (v: string | undefined) => v !== undefined && v !== '0' && v.toLowerCase() !== 'false';

function fromFile(c: XlCfgSemantic, type: GuestType | null): Hardware {
  const displays: HwDisplay[] = [];
  const t = c.type ?? type;
  if (t === 'hvm' && c.vnc?.enable !== false) {
    displays.push({
      source: 'hvm',
      enabled: c.vnc?.enable ?? true,
      listen: c.vnc?.listen ?? null,
      display: c.vnc?.display ?? null,
      findUnused: c.vnc?.unused ?? false,
    });
  }
  for (const spec of c.vfbs ?? []) {
    const k = specKeys(spec);
    if (!truthy(k['vnc'])) continue;
    const display = k['vncdisplay'] !== undefined ? Number(k['vncdisplay']) : null;
    displays.push({
      source: 'vfb',
      enabled: true,
      listen: k['vnclisten'] ?? null,
      display: display !== null && Number.isFinite(display) ? display : null,
      findUnused: truthy(k['vncunused']),
    });
  }
  return {
    from: 'file',
    disks: (c.disks ?? []).map((d, i) => {
      const disk: HwDisk = {
        vdev: d.vdev ?? `#${i}`,
        target: d.target ?? null,
        format: d.format ?? null,
        // a CD drive is read-only unless the spec says otherwise
        access: d.access === 'ro' || (d.access === undefined && d.devtype === 'cdrom') ? 'ro' : 'rw',
        cdrom: d.devtype === 'cdrom',
        backend: d.backendtype ?? null,
        spec: d.raw,
      };
      if (d.error) disk.error = d.error;
      return disk;
    }),
    nics: (c.vifs ?? []).map((v, i) => ({
      index: i,
      mac: v.mac ?? null,
      bridge: v.bridge ?? null,
      model: v.model ?? null,
      script: v.script ?? null,
      type: v.type ?? null,
      spec: v.raw,
    })),
    displays,
  };
}

export function hardwareOf(d: Pick<DomainDetails, 'config' | 'cfg' | 'row'>): Hardware {
  if (d.config) {
    const hw = fromLive(d.config);
    // the file knows what xl list -l drops (the spec as written): attach it by vdev / MAC
    if (d.cfg) {
      const file = fromFile(d.cfg, d.row.type);
      for (const disk of hw.disks) disk.spec = file.disks.find((f) => f.vdev === disk.vdev)?.spec;
      for (const nic of hw.nics) nic.spec = file.nics.find((f) => f.mac && f.mac === nic.mac)?.spec;
    }
    return hw;
  }
  if (d.cfg) return fromFile(d.cfg, d.row.type);
  return { from: 'none', disks: [], nics: [], displays: [] };
}

/** TCP port of a VNC display on dom0 (null when chosen at start: vncunused, no display set). */
export function vncPort(display: number | null): number | null {
  return display === null ? null : 5900 + display;
}
