// ONE toolstack interface over xl (libxl, Xen ≥ 4.1) and xm (xend, Xen 3.x–4.4): XenDesk builds
// every command in xl's words; `toToolstackArgv` says them in xm's when the host runs xend.
// Detection, the per-toolstack poll and the sudo advice live here too (pure: no I/O).
import type { ToolstackKind } from '../hostTypes';
import type { HostInfo } from '../types';
import { SECTION_MARK, shScript, splitScript } from '../quote';
import { parsePoll, type PollResult } from './poll';
import { parseXlInfo } from './xlInfo';
import type { XlVncConfig } from './xlListLong';
import { parseXmInfo } from './xmInfo';
import { parseXmListLong, type XmListLongDomain } from './xmListLong';

export type { ToolstackKind };

/** xl verbs xm has under the same name (xm(1) of Xen 3.4/4.x). */
const XM_SAME_VERBS = new Set([
  'info',
  'dmesg',
  'uptime',
  'list',
  'create',
  'console',
  'pause',
  'unpause',
  'shutdown',
  'reboot',
  'destroy',
  'save',
  'restore',
  'rename',
  'mem-set',
  'mem-max',
  'vcpu-set',
  'vcpu-list',
  'vcpu-pin',
  'sched-credit',
  'migrate',
  'block-attach',
  'block-detach',
  'block-list',
  'network-attach',
  'network-detach',
  'network-list',
  'domid',
  'domname',
  'sysrq',
  'trigger',
  'dump-core',
  'vncviewer',
  'pci-attach',
  'pci-detach',
  'pci-list',
  'new',
  'start',
  'delete',
  'suspend',
  'resume',
]);

export class UnsupportedOnToolstack extends Error {}

/**
 * An argv written for xl, as the host's toolstack wants it. Only argv[0] === 'xl' (and xentop's -f,
 * which Xen 3.x's xentop lacks) are rewritten; other commands pass through untouched.
 */
export function toToolstackArgv(kind: ToolstackKind, argv: readonly string[]): string[] {
  if (kind === 'xl') return [...argv];
  if (argv[0] === 'xentop') return argv.filter((a) => a !== '-f');
  if (argv[0] !== 'xl') return [...argv];
  const [, verb = '', ...rest] = argv;
  if (!XM_SAME_VERBS.has(verb))
    throw new UnsupportedOnToolstack(`\`xl ${verb}\` has no xm equivalent on this Xen 3.x/xend host.`);
  let args = rest;
  if (verb === 'list') args = rest.map((a) => (a === '-l' ? '--long' : a));
  if (verb === 'console') args = rest.filter((a, i) => a !== '-t' && rest[i - 1] !== '-t'); // xm console has no -t
  if ((verb === 'shutdown' || verb === 'reboot') && rest.includes('-F'))
    throw new UnsupportedOnToolstack(
      'xm has no -F: use `xm trigger DOMAIN power` for HVM guests without PV drivers.',
    );
  return ['xm', verb, ...args];
}

/** The detection exec: both toolstacks' `info` (through the privilege prefix), in ONE round trip. */
export function detectSections(prefix: readonly string[]): { key: string; argv: string[] }[] {
  return [
    { key: 'xl', argv: [...prefix, 'xl', 'info'] },
    { key: 'xm', argv: [...prefix, 'xm', 'info'] },
  ];
}

export function detectScript(prefix: readonly string[]): string {
  return shScript(detectSections(prefix));
}

export type Detection =
  | { kind: ToolstackKind; info: HostInfo }
  | {
      kind: 'none';
      reason: 'not-found' | 'sudo-password' | 'not-root' | 'xend-down' | 'failed';
      output: string;
    };

const NOT_FOUND = /(?:command )?not found|No such file or directory|: 127$/;

/**
 * Which toolstack answers. xend running (xm info works) wins even where xl exists (Xen 4.1–4.4:
 * xl and xend must not both drive the host); otherwise xl.
 */
export function evaluateDetection(stdout: string): Detection {
  const s = splitScript(stdout);
  const xl = s.get('xl');
  const xm = s.get('xm');
  if (xm && xm.rc === 0 && /xen_major|total_memory/.test(xm.output))
    return { kind: 'xm', info: parseXmInfo(xm.output) };
  if (xl && xl.rc === 0 && /total_memory|xen_version/.test(xl.output))
    return { kind: 'xl', info: parseXlInfo(xl.output) };
  const texts = [xl, xm].filter(Boolean).map((x) => x!.output.trim());
  const all = texts.join('\n');
  if (/password is required|a terminal is required/.test(all))
    return { kind: 'none', reason: 'sudo-password', output: all };
  if (/cannot init xl context|Permission denied|need to be root|must be root/i.test(all))
    return { kind: 'none', reason: 'not-root', output: all };
  const xlMissing = !xl || xl.rc === 127 || NOT_FOUND.test(xl.output);
  const xmMissing = !xm || xm.rc === 127 || NOT_FOUND.test(xm.output);
  if (xlMissing && !xmMissing && /xend|Unable to connect/i.test(xm!.output))
    return { kind: 'none', reason: 'xend-down', output: xm!.output.trim() };
  if (xlMissing && xmMissing) return { kind: 'none', reason: 'not-found', output: all };
  return { kind: 'none', reason: 'failed', output: (xlMissing ? xm : xl)!.output.trim() };
}

/** The sudoers line that lets `user` run what XenDesk runs through `sudo -n`. */
export function sudoersLine(user: string, kind: ToolstackKind | 'none' = 'xl'): string {
  const tools = kind === 'xm' ? ['/usr/sbin/xm', '/usr/sbin/xentop'] : ['/usr/sbin/xl', '/usr/sbin/xentop'];
  return `${user} ALL=(root) NOPASSWD: ${[...tools, '/usr/bin/xenstore-read'].join(', ')}`;
}

/**
 * Watching and lifecycle need only the toolstack; editing configs and making disks run sh, cp,
 * mv… through sudo too. xl can already run anything as root (bootloader=, hotplug scripts), so
 * "ALL" grants nothing that the xl line did not.
 */
export const FULL_SUDO_NOTE = (user: string): string =>
  `To edit configs and create disks as well: "${user} ALL=(root) NOPASSWD: ALL" (xl already runs anything as root).`;

/** sudo's own refusal (not the command's failure): a password needed, or the command not allowed. */
export function sudoRefusal(stderr: string): boolean {
  return /^sudo: (?:a password is required|a terminal is required|sorry, user \S+ is not allowed)/m.test(
    stderr,
  );
}

/** The user-facing words for a failed detection. */
export function detectionMessage(d: Extract<Detection, { kind: 'none' }>, user: string): string {
  switch (d.reason) {
    case 'not-found':
      return `This host does not run Xen's toolstack: neither \`xl\` nor \`xm\` was found${user === 'root' ? '' : ' (through sudo)'}.`;
    case 'sudo-password':
      return `sudo needs a password for ${user}: XenDesk runs the toolstack with \`sudo -n\` and never types one. Allow it without a password, e.g. in /etc/sudoers.d/xendesk: "${sudoersLine(user)}". ${FULL_SUDO_NOTE(user)}`;
    case 'not-root':
      return 'xl needs root: connect as root, or as a user allowed to run xl with sudo.';
    case 'xend-down':
      return 'This host has xm (Xen 3.x/4.x with xend) but xend is not running: start it (`/etc/init.d/xend start`).';
    case 'failed':
      return `The toolstack did not answer: ${d.output.split('\n').slice(-3).join(' ').slice(0, 400)}`;
  }
}

// ------------------------------------------------------------------------------------- the poll
// The poll is xl's (shared/xen/poll.ts: list -l, list, uptime, xentop, the /etc/xen inventory);
// on an xm host each section's argv is said in xm's words and `xm list --long`'s SXP is turned
// into the JSON shape of `xl list -l` before the ONE shared parser reads it. `xm list` and
// `xm uptime` print the same columns as xl's (managed domains without an id are skipped there).

/** Map each section's argv (after the privilege prefix) to the host's toolstack. */
export function sectionsFor<K extends string>(
  kind: ToolstackKind,
  prefix: readonly string[],
  sections: readonly { key: K; argv: readonly string[] }[],
): { key: K; argv: string[] }[] {
  return sections.map(({ key, argv }) => {
    const hasPrefix = prefix.length > 0 && prefix.every((p, i) => argv[i] === p);
    const rest = hasPrefix ? argv.slice(prefix.length) : argv;
    return { key, argv: [...(hasPrefix ? prefix : []), ...toToolstackArgv(kind, rest)] };
  });
}

/** One XmListLongDomain as the element `xl list -l` prints (the fields parseXlListLong reads). */
export function xlJsonOfXm(d: XmListLongDomain & { domid: number }): Record<string, unknown> {
  const vncJson = (v: XlVncConfig | undefined) =>
    v && {
      enable: v.enable === undefined ? undefined : v.enable ? 'True' : 'False',
      listen: v.listen,
      display: v.display,
      findunused: v.findunused === undefined ? undefined : v.findunused ? 'True' : 'False',
    };
  const bInfo: Record<string, unknown> = {
    max_memkb: d.maxMemKiB ?? undefined,
    target_memkb: d.targetMemKiB ?? undefined,
    max_vcpus: d.maxVcpus,
    kernel: d.kernel,
    ramdisk: d.ramdisk,
    cmdline: d.cmdline,
    bootloader: d.bootloader,
    sched_params: d.sched,
  };
  if (d.type === 'hvm') bInfo['type.hvm'] = { boot: d.boot, serial: d.serial, vnc: vncJson(d.vnc) };
  else bInfo['type.pv'] = {};
  return {
    domid: d.domid,
    config: {
      c_info: { type: d.type, name: d.name, uuid: d.uuid },
      b_info: bInfo,
      disks: d.disks.map((k) => ({
        pdev_path: k.pdevPath,
        vdev: k.vdev,
        backend: k.backend,
        format: k.format,
        readwrite: k.readwrite ? 1 : 0,
        is_cdrom: k.isCdrom ? 1 : 0,
      })),
      nics: d.nics.map((n) => ({
        devid: n.devid,
        mac: n.mac,
        bridge: n.bridge,
        model: n.model,
        nictype: n.nictype,
        script: n.script,
      })),
      vfbs: d.vfbs.map((f) => ({ devid: f.devid, vnc: vncJson(f.vnc) })),
      on_poweroff: d.onPoweroff,
      on_reboot: d.onReboot,
      on_crash: d.onCrash,
    },
  };
}

/** `xm list --long` → the text `xl list -l` would have printed for the running domains. */
export function xlListLongTextOfXm(text: string): string {
  const running = parseXmListLong(text).filter(
    (d): d is XmListLongDomain & { domid: number } => d.domid !== null,
  );
  return JSON.stringify(running.map(xlJsonOfXm), null, 4);
}

/** The poll output of an xm host, rewritten so that parsePoll reads it like an xl host's. */
export function xmPollAsXl(stdout: string): string {
  const sections = splitScript(stdout);
  const out: string[] = [];
  for (const s of sections.values()) {
    let output = s.output;
    if (s.key === 'list-long' && s.rc === 0) output = xlListLongTextOfXm(output);
    out.push(`${SECTION_MARK}${s.key}`, output, `${SECTION_MARK}rc=${s.rc}`);
  }
  return out.join('\n') + '\n';
}

/** Parse a poll's stdout whatever the toolstack (extra args, e.g. the config cache, go to parsePoll). */
export function parseToolstackPoll(
  kind: ToolstackKind,
  stdout: string,
  ...rest: Parameters<typeof parsePoll> extends [string, ...infer R] ? R : never
): PollResult {
  return parsePoll(kind === 'xm' ? xmPollAsXl(stdout) : stdout, ...rest);
}
