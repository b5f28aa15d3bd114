// Strings of the desktop-feel features (issue 9): Preferences, About, notifications, the
// context menu and screen-reader announcements. Namespace "prefs" (see ../i18n.ts).
import { registerStrings } from '../i18n';

export const NS = 'prefs';

export const en = {
  'prefs.title': 'Preferences',
  'prefs.open': 'Preferences',
  'prefs.open.hint': 'Polling, consoles, confirmations, language and theme ({{keys}})',
  'prefs.save': 'Save',
  'prefs.saving': 'Saving…',
  'prefs.failed': 'Could not save the preferences: {{message}}',
  'prefs.reset': 'Restore defaults',
  'prefs.saved': 'Preferences saved',

  'prefs.section.general': 'General',
  'prefs.section.monitoring': 'Monitoring',
  'prefs.section.consoles': 'Consoles',
  'prefs.section.confirmations': 'Confirmations',
  'prefs.section.newDomains': 'New domains',

  'prefs.language': 'Language',
  'prefs.language.system': 'System default ({{name}})',
  'prefs.theme': 'Theme',
  'prefs.theme.system': 'Follow the system',
  'prefs.theme.light': 'Light',
  'prefs.theme.dark': 'Dark',

  'prefs.poll': 'Poll interval',
  'prefs.poll.unit': 's',
  'prefs.poll.hint':
    'How often XenDesk runs xl list and xentop on each connected host. Shorter is livelier but busier for dom0.',
  'prefs.history': 'Performance history',
  'prefs.history.unit': 'min',
  'prefs.history.hint': 'How far back the performance charts reach. Kept in memory while XenDesk runs.',

  'prefs.fontFamily': 'Console font',
  'prefs.fontFamily.placeholder': 'Built-in monospace font',
  'prefs.fontFamily.hint':
    'Font names separated by commas, e.g. “JetBrains Mono, monospace”. Empty: the default.',
  'prefs.fontSize': 'Console font size',
  'prefs.fontSize.unit': 'px',
  'prefs.scrollback': 'Console scrollback',
  'prefs.scrollback.unit': 'lines',
  'prefs.scrollback.hint': 'Lines kept above the serial console’s screen for scrolling and search.',
  'prefs.vncScaling': 'Graphical console scaling',
  'prefs.vncScaling.fit': 'Scale to window',
  'prefs.vncScaling.1:1': '1:1 (no scaling)',
  'prefs.vncScaling.remote': 'Resize the guest’s screen',

  'prefs.confirmForceOff': 'Ask before “Force off” (xl destroy)',
  'prefs.confirmDeleteStorage': 'Ask once more before deleting disk images with a domain',

  'prefs.storageDir': 'Storage directory',
  'prefs.storageDir.hint': 'Where the disk images of new domains go on dom0.',
  'prefs.bridge': 'Network bridge',
  'prefs.bridge.hint': 'The bridge new network interfaces join (vif bridge=).',

  'prefs.err.range': 'Between {{min}} and {{max}}',
  'prefs.err.number': 'A number',
  'prefs.err.font': 'Font names separated by commas (letters, digits, spaces, quotes)',
  'prefs.err.path': 'An absolute path on dom0, such as /var/lib/xen/images',
  'prefs.err.bridge': 'A bridge name such as xenbr0',

  'about.title': 'About XenDesk',
  'about.tagline': 'Desktop manager for Xen hosts over SSH',
  'about.version': 'Version',
  'about.mode': 'Mode',
  'about.platform': 'Platform',
  'about.electron': 'Electron',
  'about.chrome': 'Chromium',
  'about.node': 'Node.js',
  'about.v8': 'V8',
  'about.secrets': 'Remembered passwords',
  'about.secrets.keychain': 'system keychain',
  'about.secrets.memory': 'memory only',
  'about.license': 'Licensed under the MIT license.',
  'about.copy': 'Copy versions',
  'about.copied': 'Versions copied',

  'notify.taskDone': '{{label}}: done',
  'notify.taskFailed': '{{label}}: failed',

  'live.hostState': '{{label}}: {{state}}',
} as const;

const translate = registerStrings(NS, en);

export type PKey = keyof typeof en;

export function tp(key: PKey | (string & {}), vars?: Record<string, string | number>): string {
  return translate(key, vars);
}
