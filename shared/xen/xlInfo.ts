// `xl info`: "key                    : value" lines (values may contain ':' and be empty).
// total_memory / free_memory are MiB.

import type { HostInfo } from '../types';

const LINE = /^([A-Za-z_][\w-]*)\s*:\s?(.*)$/;

function int(v: string | undefined): number {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

function words(v: string | undefined): string[] {
  return (v ?? '').split(/\s+/).filter(Boolean);
}

export function parseXlInfo(text: string): HostInfo {
  const raw: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const key = m[1]!;
    if (!(key in raw)) raw[key] = m[2]!.trim();
  }
  const virtCaps = words(raw.virt_caps);
  const xenCaps = words(raw.xen_caps);
  const xenVersion =
    raw.xen_version ??
    (raw.xen_major !== undefined ? `${raw.xen_major}.${raw.xen_minor ?? '0'}${raw.xen_extra ?? ''}` : '');
  return {
    hostname: raw.host ?? '',
    xenVersion,
    nrCpus: int(raw.nr_cpus),
    totalMemoryMiB: int(raw.total_memory),
    freeMemoryMiB: int(raw.free_memory),
    scheduler: raw.xen_scheduler ?? '',
    virtCaps,
    xenCaps,
    // virt_caps appeared in Xen 4.x; older hosts only advertise hvm-* in xen_caps
    canHvm:
      raw.virt_caps !== undefined ? virtCaps.includes('hvm') : xenCaps.some((c) => c.startsWith('hvm-')),
    raw,
  };
}
