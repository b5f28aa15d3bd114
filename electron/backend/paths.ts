// Where XenDesk keeps its own files (settings, known hosts, the demo host's keys).
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(): string {
  if (process.env.XENDESK_HOME) return path.resolve(process.env.XENDESK_HOME);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'XenDesk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'XenDesk');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'xendesk');
}

export function userKnownHostsFile(): string {
  return path.join(os.homedir(), '.ssh', 'known_hosts');
}
