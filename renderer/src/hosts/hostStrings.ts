// Strings of the hosts UI (issue 4), kept beside the components (namespace "hosts"; other
// languages in ../locales/<lang>/hosts.json, see ../i18n.ts).
import { registerStrings } from '../i18n';

export const NS = 'hosts';

export const en = {
  'hostDialog.addTitle': 'Add a host',
  'hostDialog.editTitle': 'Edit {{label}}',
  'hostDialog.fromConfig': 'From ~/.ssh/config',
  'hostDialog.fromConfig.none': 'Enter the host by hand',
  'hostDialog.fromConfig.empty': 'No Host aliases in ~/.ssh/config',
  'hostDialog.fromConfig.hint': 'HostName, User, Port, IdentityFile and ProxyJump are taken from the alias.',
  'hostDialog.jump': 'Jump hosts (ProxyJump)',
  'hostDialog.jump.none': 'Direct connection',
  'hostDialog.jump.placeholder': 'user@bastion:22, user@inner',
  'hostDialog.jump.hint': 'Comma-separated, outermost first. Each hop logs in like the host itself.',
  'hostDialog.jump.invalid': 'Use user@host[:port], separated by commas',
  'hostDialog.warnings': 'Not followed from ~/.ssh/config:',
  'hostDialog.save': 'Add and connect',
  'hostDialog.saveEdit': 'Save',
  'hostDialog.saving': 'Saving…',
  'hostDialog.error': 'Could not save the host: {{message}}',
  'authPrompt.title': '{{target}} asks',
  'authPrompt.instructions': 'Instructions from the server',
  'authPrompt.answer': 'Answer',
  'authPrompt.send': 'Send',
  'authPrompt.cancel': 'Cancel login',
  'authPrompt.expires': 'The login is cancelled in {{seconds}} s without an answer.',
  'remember.keychain': 'Remember in the system keychain',
  'remember.memory': 'Remember until XenDesk quits',
  'remember.hint.memory': 'Web mode never writes secrets to disk.',
  'overview.tab.domains': 'Domains',
  'hostTabs.edit': 'Edit host…',
  'overview.tab.overview': 'Host overview',
  'overview.title': 'Host overview',
  'overview.loading': 'Reading the host…',
  'overview.refresh': 'Refresh',
  'overview.xen': 'Xen',
  'overview.toolstack': 'Toolstack',
  'overview.toolstack.xl': 'xl (libxl)',
  'overview.toolstack.xm': 'xm (xend)',
  'overview.cpus': 'Physical CPUs',
  'overview.cpuInfo': '{{cpus}} × {{mhz}} MHz',
  'overview.memory': 'Memory',
  'overview.memoryValue': '{{free}} free of {{total}}',
  'overview.scheduler': 'Scheduler',
  'overview.hvm': 'HVM guests',
  'overview.hvm.yes': 'Yes — {{caps}}',
  'overview.hvm.no': 'No: the CPU or firmware exposes no VT-x/AMD-V (virt_caps: {{caps}})',
  'overview.caps': 'Capabilities',
  'overview.dom0': 'Domain-0',
  'overview.dom0Value': '{{memory}}, {{vcpus}} vCPUs',
  'overview.dom0Arg': 'dom0_mem={{arg}}',
  'overview.kernel': 'dom0 kernel',
  'overview.bridges': 'Bridges',
  'overview.bridges.none': 'No bridges ({{source}})',
  'overview.bridges.ports': 'Ports',
  'overview.bridges.noPorts': 'no ports',
  'overview.graph': 'CPU and memory',
  'overview.graph.cpu': 'CPU (all domains)',
  'overview.graph.mem': 'Memory used by domains',
  'overview.graph.waiting': 'Collecting samples…',
  'overview.dmesg': 'Hypervisor log (xl dmesg)',
  'overview.dmesg.show': 'Show the log',
  'overview.dmesg.filter': 'Filter',
  'overview.dmesg.truncated': 'Showing the last 256 KiB.',
  'overview.dmesg.lines_one': '{{count}} line',
  'overview.dmesg.lines_other': '{{count}} lines',
  'overview.notConnected': 'Connect the host to see its overview.',
  'overview.error': 'Could not read the host: {{message}}',
} as const;

export type HKey = keyof typeof en | `${string}_one` | `${string}_other`;
const translate = registerStrings(NS, en);

export function th(key: keyof typeof en | string, vars?: Record<string, string | number>): string {
  return translate(key, vars);
}
