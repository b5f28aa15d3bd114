// The pop-out console window is the same app at `#console/<hostId>/<domain>/<kind>`: it
// renders only that console (and shares the backend session with any other window on it).
import type { ConsoleKind } from '../../../shared/api';
import { DOMAIN_NAME_RE } from '../../../shared/api';

export interface ConsoleRoute {
  hostId: string;
  domain: string;
  kind: ConsoleKind;
}

const HOST_ID_RE = /^[a-z0-9-]{1,64}$/;

export function consoleHash(r: ConsoleRoute): string {
  return `#console/${encodeURIComponent(r.hostId)}/${encodeURIComponent(r.domain)}/${r.kind}`;
}

/** The console a hash asks for, or null (the main window). Anything malformed is ignored. */
export function parseConsoleHash(hash: string): ConsoleRoute | null {
  const m = /^#console\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(hash);
  if (!m) return null;
  let hostId: string;
  let domain: string;
  try {
    hostId = decodeURIComponent(m[1]!);
    domain = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  const kind = m[3] ?? 'pv';
  if (!HOST_ID_RE.test(hostId) || !DOMAIN_NAME_RE.test(domain)) return null;
  if (kind !== 'pv' && kind !== 'serial') return null;
  return { hostId, domain, kind };
}

/** The URL of a pop-out window for a console (same page, same origin: the web mode's cookie applies). */
export function popOutUrl(r: ConsoleRoute, location: { origin: string; pathname: string }): string {
  return `${location.origin}${location.pathname}${consoleHash(r)}`;
}

/** The console type to open first: HVM guests talk on their emulated serial port, the others on hvc0. */
export function defaultConsoleKind(guestType: string | null | undefined): ConsoleKind {
  return guestType === 'hvm' ? 'serial' : 'pv';
}
