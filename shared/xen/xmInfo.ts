// `xm info` (xend): server.xend.node.info() printed as "%-23s: value" — or "%-23s: (none)" for an
// empty value — by tools/python/xen/xm/main.py xm_info. The keys are the ones `xl info` kept
// (host, release, nr_cpus, total_memory/free_memory in MiB, xen_major/minor/extra, xen_caps,
// xen_scheduler, …); Xen 3.x has no xen_version key (built here from major.minor+extra) and
// virt_caps only appeared in Xen 3.4 (before it, HVM support shows as hvm-* in xen_caps).
import type { HostInfo } from '../types';
import { parseXlInfo } from './xlInfo';

export function parseXmInfo(text: string): HostInfo {
  const cleaned = text
    .split('\n')
    .map((l) => l.replace(/:\s\(none\)\s*$/, ': '))
    .join('\n');
  return parseXlInfo(cleaned);
}
