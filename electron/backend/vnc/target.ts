// Where a domain's VNC server listens on dom0, found the way `xl vncviewer` finds it
// (tools/xl/xl_console.c → libxl_vncviewer_exec): the domain id, then xenstore's
// /local/domain/ID/console/vnc-port and …/vnc-listen. Never 5900+domid: libxl takes the
// first free port from 5900 (xend's old convention no longer holds).
import { ApiError } from '../../../shared/api';
import type { ScriptSection } from '../../../shared/quote';
import type { ExecResult } from '../ssh/hostConnection';

export interface VncTarget {
  domid: number;
  /** dom0-side address QEMU listens on (a wildcard address is reached as 127.0.0.1) */
  host: string;
  port: number;
}

type Section = { key: string; argv: string[] };
export type RunScript = (
  sections: Section[],
) => Promise<{ raw: ExecResult; sections: Map<string, ScriptSection> }>;

const consolePath = (domid: number, leaf: 'vnc-port' | 'vnc-listen') =>
  `/local/domain/${domid}/console/${leaf}`;

/** The sections of one exec: (optionally) `xl domid NAME`, then both xenstore keys of `domid`. */
export function targetSections(prefix: readonly string[], name: string, domid: number | null): Section[] {
  const s: Section[] = [{ key: 'domid', argv: [...prefix, 'xl', 'domid', name] }];
  if (domid !== null) {
    s.push(
      { key: 'port', argv: [...prefix, 'xenstore-read', consolePath(domid, 'vnc-port')] },
      { key: 'listen', argv: [...prefix, 'xenstore-read', consolePath(domid, 'vnc-listen')] },
    );
  }
  return s;
}

const HOST_RE = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f:]+|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))$/;

/** `xl domid NAME` output → the id; throws the user-worded error when the domain is not running. */
export function parseDomid(name: string, s: ScriptSection | undefined): number {
  const out = (s?.output ?? '').trim();
  if (s && s.rc === 0 && /^\d+$/.test(out)) return Number(out);
  // xl 4.17: "NAME is an invalid domain identifier (rc=-6)" / "Can't get domid of domain name 'NAME', maybe this domain does not exist."
  if (/invalid domain identifier|Can't get domid|does not exist/.test(out))
    throw new ApiError('not-found', `${name} is not running: start it to see its screen.`);
  throw new ApiError('xl-failed', `xl domid ${name} failed: ${out || `exit code ${s?.rc ?? '?'}`}`);
}

/** The two xenstore reads → host and port; throws when the domain has no VNC display. */
export function parseTarget(
  name: string,
  domid: number,
  port: ScriptSection | undefined,
  listen: ScriptSection | undefined,
): VncTarget {
  const portText = (port?.output ?? '').trim();
  if (!port || port.rc !== 0 || !/^\d{1,5}$/.test(portText)) {
    if (/permission denied|could not connect|xs_open|xenbus/i.test(portText))
      throw new ApiError('xl-failed', `Cannot read xenstore on the host: ${portText}`);
    throw new ApiError(
      'not-found',
      `${name} has no VNC display (xenstore has no console/vnc-port for domain ${domid}). ` +
        'HVM guests need vnc=1; PV guests need a vfb with vnc=1.',
    );
  }
  const p = Number(portText);
  if (p < 1 || p > 65535) throw new ApiError('xl-failed', `xenstore names an invalid VNC port ${portText}.`);
  let host = listen && listen.rc === 0 ? listen.output.trim() : '';
  // libxl writes vnc-listen for HVM and vfbs alike; an older PV vfb may lack it: QEMU's default is loopback
  if (!host || host === '0.0.0.0' || host === '::' || host === '[::]') host = '127.0.0.1';
  host = host.replace(/^\[|\]$/g, '');
  if (!HOST_RE.test(host)) throw new ApiError('xl-failed', `xenstore names an unusable VNC address ${host}.`);
  return { domid, host, port: p };
}

/**
 * Resolve the target in ONE exec when the poll's domid is still right (the common case), two
 * when the domain got a new id since (a reboot gives a new domid) or none was known.
 */
export async function resolveVncTarget(
  run: RunScript,
  prefix: readonly string[],
  name: string,
  knownDomid: number | null,
): Promise<VncTarget> {
  const first = await run(targetSections(prefix, name, knownDomid));
  const domid = parseDomid(name, first.sections.get('domid'));
  if (domid === knownDomid)
    return parseTarget(name, domid, first.sections.get('port'), first.sections.get('listen'));
  const second = await run(targetSections(prefix, name, domid).slice(1));
  return parseTarget(name, domid, second.sections.get('port'), second.sections.get('listen'));
}
