// Connect the saved hosts on start (issue 4): all at once, never one after the other, so a
// slow or dead host (a black-holed port takes the full handshake timeout) never delays the
// others. Hosts whose login needs a person (a password nobody remembered, 2FA prompts) wait
// for the user's click.
import type { HostSummary } from '../../../shared/api';
import type { HostManager } from '../hostManager';

export function wantsAutoconnect(h: HostSummary): boolean {
  if (h.demo) return true;
  if (h.auth.kind === 'keyboard-interactive') return false;
  if (h.auth.kind === 'password') return !!h.secretRemembered;
  return true;
}

/** Starts every connection and returns at once; each failure stays on its own host. */
export function autoconnectAll(hosts: HostManager): string[] {
  const started: string[] = [];
  for (const h of hosts.list()) {
    if (!wantsAutoconnect(h)) continue;
    started.push(h.id);
    void hosts.connect(h.id).catch(() => undefined); // the error is on the host's summary
  }
  return started;
}
