// Known causes behind xl failures, recognised in xl's stderr and the domain's logs
// (/var/log/xen/xl-NAME.log, qemu-dm-NAME.log). Pure: the backend passes the text, the UI shows
// each hint's message next to xl's own words. See ../../../shared/xen-notes.md ("Seeds'
// troubleshooting") and the captures in ./__fixtures__/errors.

import type { XlHint } from '../api';

interface Rule {
  id: XlHint['id'];
  re: RegExp;
  message: (m: RegExpExecArray) => string;
}

const RULES: Rule[] = [
  {
    id: 'hotplug',
    re: /Could not find bridge device (\S+)/,
    message: (m) =>
      `The network bridge ${m[1]} does not exist on this host: create it (e.g. in /etc/network/interfaces) or pick an existing bridge for the vif.`,
  },
  {
    id: 'hotplug',
    re: /Hotplug scripts? not working|Device \d+ \((?:vbd|vif)\) could not be connected|\/etc\/xen\/scripts\/[\w.-]+ (?:online|add|remove)\b.*exited with error status|hotplug scripts? .*(?:timed out|failed)/i,
    message: () =>
      "Xen's hotplug scripts did not bring the device up: check that udev and the scripts in /etc/xen/scripts work (the xl log below names the script), and that the backend driver modules (xen-blkback, xen-netback) are loaded.",
  },
  {
    id: 'loop-devices',
    re: /Backend device not found|Failed to find an unused loop device|losetup: .*(?:could not find|failed to set up loop)|no free loop device/i,
    message: () =>
      'The host ran out of loop devices for file-backed disks: raise the limit (max_loop=64 on the kernel command line, or `options loop max_loop=64`), or use the qdisk backend (format=raw,backendtype=qdisk).',
  },
  {
    id: 'restart-loop',
    re: /restarting too fast|Refusing to restart to avoid loops|rebooting too fast/i,
    message: () =>
      'The guest crashes or reboots right after starting, so the toolstack stopped restarting it: read its console/log output, and set on_crash="preserve" to keep the crashed domain for inspection.',
  },
  {
    id: 'missing-path',
    re: /failed to open file '([^']+)': No such file or directory/,
    message: (m) => `The file ${m[1]} does not exist on this host (kernel or ramdisk path in the config).`,
  },
  {
    id: 'missing-path',
    re: /failed to stat: (\S+): No such file or directory/,
    message: (m) =>
      `The disk ${m[1]} does not exist on this host: create the image or fix the path in the config.`,
  },
  {
    id: 'missing-path',
    re: /Failed to read config file: (\S+): No such file or directory/,
    message: (m) => `The config file ${m[1]} does not exist on this host.`,
  },
  {
    id: 'missing-path',
    re: /\[Errno 2\] No such file or directory(?:: '([^']+)')?/,
    message: (m) =>
      m[1]
        ? `A path the config names does not exist: ${m[1]} (kernel, disk, bootloader or /var/lib/xen).`
        : 'A path the config names does not exist (kernel, disk, bootloader or /var/lib/xen).',
  },
  {
    id: 'missing-path',
    re: /(?:bootloader|pygrub).*(?:No such file or directory|not found)/i,
    message: () => 'The bootloader named in the config (e.g. pygrub) is not installed at that path.',
  },
  {
    id: 'no-memory',
    re: /can't allocate low memory|Cannot allocate memory|failed to free memory for the domain|Out of memory|memory_dynamic_max must be less than or equal to memory_static_max/,
    message: () =>
      'Not enough memory: the host has too little free memory for this domain (see free_memory in the host overview), or the target exceeds the domain’s maximum — lower the memory, raise maxmem, or stop another domain.',
  },
  {
    id: 'not-root',
    re: /cannot init xl context|Could not obtain handle on privileged command interface: Permission denied/,
    message: () =>
      'xl needs root: connect as root, or allow this user to run xl through sudo without a password.',
  },
  {
    id: 'acpi-needed',
    re: /PV control interface not available: external graceful (shutdown|reboot) not possible/,
    message: (m) =>
      `The guest has no PV drivers, so it cannot be asked to ${m[1] === 'reboot' ? 'reboot' : 'shut down'} through Xen: use "Force via ACPI" (xl ${m[1]} -F) to press its virtual power button instead.`,
  },
  {
    id: 'unknown-domain',
    re: /(\S+) is an invalid domain identifier/,
    message: (m) => `The host has no running domain named ${m[1]} (it may have stopped meanwhile).`,
  },
];

/** Every known cause found in `text` (one hint per rule, in rule order, first evidence line). */
export function matchXlHints(text: string): XlHint[] {
  const lines = text.split(/\r?\n/);
  const out: XlHint[] = [];
  for (const rule of RULES) {
    for (const line of lines) {
      const m = rule.re.exec(line);
      if (!m) continue;
      const hint: XlHint = { id: rule.id, message: rule.message(m), evidence: line.trim() };
      if (!out.some((h) => h.message === hint.message)) out.push(hint);
      break;
    }
  }
  // a specific cause (missing bridge, no loop device) makes the generic hotplug advice redundant
  const specific = out.some(
    (h) => (h.id === 'hotplug' && /bridge/.test(h.message)) || h.id === 'loop-devices',
  );
  if (specific) return out.filter((h) => h.id !== 'hotplug' || /bridge/.test(h.message));
  return out;
}
