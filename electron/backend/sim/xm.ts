// `xm`, the xend toolstack of Xen 3.x–4.4, for a simulated dom0 started with
// startSimDom0({ toolstack: 'xm' }) (issue 4). Xen 3.4.3 as on CentOS 5 / Debian lenny dom0s:
// `xm list` (xm_brief_list), `xm list --long` (PrettyPrint of the domain SXP), `xm info`
// ("%-23s: value", no xen_version key), `xm uptime`, and the lifecycle verbs, which act on the
// same model as xl. Formats follow tools/python/xen/xm/main.py of Xen 3.4.
import type { SimDomain, SimHost } from './model';
import type { Proc } from './proc';
import { xlCommand } from './xl';

const padR = (s: string | number, n: number): string => String(s).padEnd(n);
const padL = (s: string | number, n: number): string => String(s).padStart(n);

export const XM_HOST_INFO: [string, string][] = [
  ['host', 'xen3dom0'],
  ['release', '2.6.18-419.el5xen'],
  ['version', '#1 SMP Fri Feb 24 22:49:55 UTC 2017'],
  ['machine', 'x86_64'],
  ['nr_cpus', '2'],
  ['nr_nodes', '1'],
  ['cores_per_socket', '2'],
  ['threads_per_core', '1'],
  ['cpu_mhz', '2596'],
  ['hw_caps', '178bf3fd:80002001:00000000:00000110:00000000:00000000:00000000:00000000'],
  ['virt_caps', 'hvm'],
  ['total_memory', '4095'],
  ['free_memory', '@free'],
  ['node_to_cpu', 'node0:0-1'],
  ['node_to_memory', 'node0:@free'],
  ['xen_major', '3'],
  ['xen_minor', '4'],
  ['xen_extra', '.3'],
  ['xen_caps', 'xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 '],
  ['xen_scheduler', 'credit'],
  ['xen_pagesize', '4096'],
  ['platform_params', 'virt_start=0xffff800000000000'],
  ['xen_changeset', 'unavailable'],
  ['cc_compiler', 'gcc version 4.1.2 20080704 (Red Hat 4.1.2-55)'],
  ['cc_compile_by', 'mockbuild'],
  ['cc_compile_domain', 'centos.org'],
  ['cc_compile_date', 'Thu Mar  2 12:31:16 UTC 2017'],
  ['xend_config_format', '4'],
];

export function xmInfo(host: SimHost): string {
  host.tick();
  const free = String(Math.floor(host.freeKiB() / 1024));
  return XM_HOST_INFO.map(([k, v]) => `${padR(k, 23)}: ${v.replace('@free', free)}\n`).join('');
}

/** xm_brief_list: '%-40s %5s %5s %5s %10s %9s' and "%(name)-40s %(domid)5s %(mem)5d %(vcpus)5d %(state)10s %(cpu_time)8.1f". */
export function xmList(doms: SimDomain[]): string {
  const head = `${padR('Name', 40)} ${padL('ID', 5)} ${padL('Mem', 5)} ${padL('VCPUs', 5)} ${padL('State', 10)} ${padL('Time(s)', 9)}\n`;
  return (
    head +
    doms
      .map(
        (d) =>
          `${padR(d.name, 40)} ${padL(d.id, 5)} ${padL(Math.floor(d.memKiB / 1024), 5)} ${padL(d.building ? 0 : d.vcpuOnline, 5)} ${padL(d.xlState(), 10)} ${padL((d.cpuNs() / 1e9).toFixed(1), 8)}\n`,
      )
      .join('')
  );
}

/** An atom as PrettyPrint writes it: quoted when empty or holding blanks/parentheses. */
function atom(v: string | number): string {
  const s = String(v);
  return s !== '' && !/[\s()'"\\]/.test(s) ? s : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

type Node = [string, ...(Node | string | number)[]];

function pretty(n: Node, indent = 0): string {
  const pad = ' '.repeat(indent);
  const [name, ...kids] = n;
  const simple = kids.every((k) => !Array.isArray(k));
  if (simple) return `${pad}(${[name, ...kids.map((k) => atom(k as string | number))].join(' ')})`;
  return `${pad}(${name}\n${kids.map((k) => (Array.isArray(k) ? pretty(k as Node, indent + 4) : `${' '.repeat(indent + 4)}${atom(k)}`)).join('\n')}\n${pad})`;
}

function domainSxp(host: SimHost, d: SimDomain): Node {
  const c = d.config;
  const hvm = c.type === 'hvm';
  const memMiB = Math.floor(d.targetKiB / 1024);
  const image: Node = d.isDom0
    ? ['image', ['linux', ['kernel', '']]]
    : hvm
      ? [
          'image',
          [
            'hvm',
            ['kernel', ''],
            ['device_model', '/usr/lib64/xen/bin/qemu-dm'],
            ['boot', c.hvm?.boot ?? 'cd'],
            ['serial', c.hvm?.serial ?? ''],
            ['vnc', c.hvm?.vnc.enable === false ? 0 : 1],
            ['vncunused', c.hvm?.vnc.findunused === false ? 0 : 1],
            ['vnclisten', c.hvm?.vnc.listen ?? '127.0.0.1'],
            ['acpi', 1],
            ['apic', 1],
            ['pae', 1],
          ],
        ]
      : [
          'image',
          [
            'linux',
            ['kernel', c.kernel ?? ''],
            ...(c.ramdisk ? [['ramdisk', c.ramdisk] as Node] : []),
            ...(c.cmdline ? [['args', c.cmdline] as Node] : []),
          ],
        ];
  const devices: Node[] = d.isDom0
    ? []
    : [
        ...c.disks.map((k): Node => [
          'device',
          [
            'vbd',
            ['uname', k.pdevPath ? `${k.pdevPath.startsWith('/dev/') ? 'phy' : 'file'}:${k.pdevPath}` : ''],
            ['dev', `${k.vdev}:${k.isCdrom ? 'cdrom' : 'disk'}`],
            ['mode', k.readwrite ? 'w' : 'r'],
            ['backend', 0],
          ],
        ]),
        ...c.nics.map((n): Node => [
          'device',
          [
            'vif',
            ['bridge', n.bridge],
            ['mac', n.mac],
            ['script', n.script ?? '/etc/xen/scripts/vif-bridge'],
            ...(hvm ? [['type', 'ioemu'] as Node] : []),
            ['backend', 0],
          ],
        ]),
        ...c.vfbs.map((f): Node => [
          'device',
          [
            'vfb',
            ['vnc', f.vnc.enable === false ? 0 : 1],
            ['vncunused', 1],
            ['vnclisten', f.vnc.listen ?? '127.0.0.1'],
          ],
        ]),
      ];
  const startSec = (d.startedAt / 1000).toFixed(2);
  const node: Node = [
    'domain',
    ['domid', d.id],
    ['on_crash', c.onCrash.replace(/_/g, '-')],
    ['uuid', d.isDom0 ? '00000000-0000-0000-0000-000000000000' : c.uuid],
    ['bootloader_args', ''],
    ['vcpus', c.maxVcpus],
    ['name', d.name],
    ['on_poweroff', c.onPoweroff.replace(/_/g, '-')],
    ['on_reboot', c.onReboot.replace(/_/g, '-')],
    ['bootloader', c.bootloader ?? ''],
    ['maxmem', d.isDom0 ? Math.floor(d.maxMemKiB / 1024) : Math.floor(d.maxMemKiB / 1024)],
    ['memory', memMiB],
    ['shadow_memory', hvm ? 8 : 0],
    ['cpu_weight', c.weight || 256],
    ['cpu_cap', c.cap || 0],
    ['features', ''],
    ['on_xend_start', 'ignore'],
    ['on_xend_stop', 'ignore'],
    ['start_time', startSec],
    ['cpu_time', (d.cpuNs() / 1e9).toFixed(6)],
    ['online_vcpus', d.vcpuOnline],
    image,
    ['status', d.paused ? 3 : 2],
    ['state', d.xlState()],
    ...devices,
  ];
  void host;
  return node;
}

export function xmListLong(host: SimHost, doms: SimDomain[]): string {
  return doms.map((d) => pretty(domainSxp(host, d)) + '\n').join('');
}

/** xm_uptime: '%-33s %4s %s ' header, rows "%(name)-32s %(domid)5s " + uptime. */
export function xmUptime(host: SimHost, doms: SimDomain[]): string {
  const now = host.now();
  const text = (sec: number): string => {
    let s = Math.round(sec);
    const days = Math.floor(s / 86400);
    s -= days * 86400;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = s % 60;
    return `${days > 0 ? `${days} day${days > 1 ? 's' : ''}, ` : ''}${padL(h, 2)}:${String(m).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  };
  return (
    `${padR('Name', 33)} ${padL('ID', 4)} Uptime \n` +
    doms.map((d) => `${padR(d.name, 32)} ${padL(d.id, 5)} ${text((now - d.startedAt) / 1000)}\n`).join('')
  );
}

const XM_USAGE = `Usage: xm <subcommand> [args]

Control, list, and manipulate Xen guest instances.
`;

const NOT_ROOT = "Error: (13, 'Permission denied')\nUsage: xm <subcommand> [args]\n";

/** Verbs that act like xl's on the model (their output wording may differ from real xend). */
const DELEGATED = new Set([
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
  'domid',
  'domname',
  'dmesg',
  'block-list',
  'network-list',
  'block-attach',
  'block-detach',
  'network-attach',
  'network-detach',
  'migrate',
  'sched-credit',
]);

export async function xmCommand(argv: string[], p: Proc): Promise<number> {
  const host = p.host;
  const [cmd, ...args] = argv.slice(1);
  if (!p.user.root) {
    await p.stderr.write(NOT_ROOT);
    return 1;
  }
  if (!cmd || cmd === 'help') {
    await p.stdout.write(XM_USAGE);
    return cmd ? 0 : 1;
  }
  host.tick();
  const named = async (names: string[]): Promise<SimDomain[] | null> => {
    if (!names.length) return host.list();
    const out: SimDomain[] = [];
    for (const n of names) {
      const d = host.domain(/^\d+$/.test(n) ? Number(n) : n);
      if (!d) {
        await p.stderr.write(`Error: the domain '${n}' does not exist.\n`);
        return null;
      }
      out.push(d);
    }
    return out;
  };
  switch (cmd) {
    case 'info':
      await p.stdout.write(xmInfo(host));
      return 0;
    case 'list':
    case 'li': {
      const long = args.includes('-l') || args.includes('--long');
      const doms = await named(args.filter((a) => !a.startsWith('-')));
      if (!doms) return 1;
      await p.stdout.write(long ? xmListLong(host, doms) : xmList(doms));
      return 0;
    }
    case 'uptime': {
      const doms = await named(args.filter((a) => !a.startsWith('-')));
      if (!doms) return 1;
      await p.stdout.write(xmUptime(host, doms));
      return 0;
    }
    default:
      if (DELEGATED.has(cmd)) return xlCommand(['xl', cmd, ...args], p);
      await p.stderr.write(`Error: Subcommand ${cmd} not found!\n${XM_USAGE}`);
      return 1;
  }
}
