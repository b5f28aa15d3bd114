// The host overview (issue 4): `xl info` (or `xm info`), Domain-0's row, the bridges and the
// hypervisor's log — in ONE exec, through the same toolstack mapping as every other command.
import { ApiError, type HostBridge, type HostDmesg, type HostOverview } from '../../../shared/api';
import { shScript, splitScript } from '../../../shared/quote';
import { sectionsFor, type ToolstackKind } from '../../../shared/xen/toolstack';
import { parseXlInfo } from '../../../shared/xen/xlInfo';
import { parseXlList } from '../../../shared/xen/xlList';
import { parseXmList } from '../../../shared/xen/xmList';
import type { HostManager } from '../hostManager';

/** `brctl show`: "name<TAB>id<TAB>stp<TAB>iface", ports of the same bridge on continuation lines. */
export function parseBrctlShow(text: string): HostBridge[] {
  const out: HostBridge[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || /^bridge name/.test(line)) continue;
    if (/^\s/.test(line)) {
      const port = line.trim();
      if (port && out.length) out[out.length - 1]!.interfaces.push(port);
      continue;
    }
    const cols = line.split(/\s+/).filter(Boolean);
    const [name, , , iface] = cols;
    if (!name) continue;
    out.push({ name, interfaces: iface ? [iface] : [] });
  }
  return out;
}

/** `ip -o link show type bridge` (bridge names) + `ip -o link show` ("… master BR …" ports). */
export function parseIpBridges(bridgesText: string, linksText: string): HostBridge[] {
  const name = (line: string) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
  const bridges: HostBridge[] = [];
  for (const line of bridgesText.split('\n')) {
    const n = name(line);
    if (n) bridges.push({ name: n, interfaces: [] });
  }
  for (const line of linksText.split('\n')) {
    const n = name(line);
    const master = /\smaster\s+(\S+)/.exec(line)?.[1];
    if (!n || !master) continue;
    bridges.find((b) => b.name === master)?.interfaces.push(n);
  }
  return bridges;
}

/** dom0_mem=… from Xen's command line (xen_commandline), e.g. "1536M,max:1536M". */
export function dom0MemArg(commandline: string | undefined): string | null {
  return /(?:^|\s)dom0_mem=(\S+)/.exec(commandline ?? '')?.[1] ?? null;
}

const DMESG_MAX_CHARS = 256 * 1024;

export async function hostOverview(hosts: HostManager, hostId: string): Promise<HostOverview> {
  const conn = hosts.connection(hostId);
  const kind: ToolstackKind = hosts.toolstack(hostId) === 'xm' ? 'xm' : 'xl';
  const prefix = hosts.privilegePrefix(hostId);
  const sections = [
    ...sectionsFor(kind, prefix, [
      { key: 'info', argv: [...prefix, 'xl', 'info'] },
      { key: 'dom0', argv: [...prefix, 'xl', 'list', '0'] },
    ]), // execRawScript: already in the toolstack's words
    // absolute paths: /sbin is not on a non-root login's PATH (Debian), and neither needs root
    { key: 'brctl', argv: ['/sbin/brctl', 'show'] },
    { key: 'ip-bridges', argv: ['/sbin/ip', '-o', 'link', 'show', 'type', 'bridge'] },
    { key: 'ip-links', argv: ['/sbin/ip', '-o', 'link', 'show'] },
  ];
  const raw = await conn.execRawScript(shScript(sections), { timeoutMs: 30000 });
  const s = splitScript(raw.stdout);
  const info = s.get('info');
  if (!info || info.rc !== 0)
    throw new ApiError(
      'xl-failed',
      `${kind} info failed: ${(info?.output ?? 'no output').trim().slice(0, 400)}`,
    );
  const parsed = parseXlInfo(info.output.replace(/:\s\(none\)\s*$/gm, ': '));
  const dom0Out = s.get('dom0');
  const rows =
    dom0Out && dom0Out.rc === 0
      ? kind === 'xm'
        ? parseXmList(dom0Out.output)
        : parseXlList(dom0Out.output)
      : [];
  const d0 = rows.find((r) => r.id === 0);
  let bridges: HostBridge[] = [];
  let bridgesSource: string;
  const br = s.get('brctl');
  if (br && br.rc === 0 && /bridge name/.test(br.output)) {
    bridges = parseBrctlShow(br.output);
    bridgesSource = 'brctl show';
  } else {
    const ipb = s.get('ip-bridges');
    const ipl = s.get('ip-links');
    if (ipb && ipb.rc === 0) {
      bridges = parseIpBridges(ipb.output, ipl?.rc === 0 ? ipl.output : '');
      bridgesSource = 'ip link';
    } else bridgesSource = 'neither brctl nor ip could be run';
  }
  return {
    hostId,
    toolstack: kind,
    info: parsed,
    dom0: d0 ? { memoryMiB: d0.memMiB, vcpus: d0.vcpus } : null,
    dom0MemArg: dom0MemArg(parsed.raw.xen_commandline),
    bridges,
    bridgesSource,
    at: Date.now(),
  };
}

/** `xl dmesg` (the hypervisor's ring buffer), cut to its last 256 KiB. */
export async function hostDmesg(hosts: HostManager, hostId: string): Promise<HostDmesg> {
  const r = await hosts.xl(hostId, ['xl', 'dmesg'], 30000);
  if (r.code !== 0)
    throw new ApiError('xl-failed', `xl dmesg failed: ${(r.stderr || r.stdout).trim().slice(0, 400)}`);
  const text = r.stdout;
  if (text.length <= DMESG_MAX_CHARS) return { text, truncated: false };
  const cut = text.slice(text.length - DMESG_MAX_CHARS);
  return { text: cut.slice(cut.indexOf('\n') + 1), truncated: true };
}
