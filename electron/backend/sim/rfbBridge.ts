// The VNC servers of the simulated domains: one RFB server per domain with a VNC port (QEMU's,
// for an HVM guest's VGA or a PV guest's vfb), created on the first connection, disposed
// when the domain goes away. Reached over ssh direct-tcpip (forwardOut) to 127.0.0.1:PORT, or
// through `nc 127.0.0.1 PORT` in an exec channel.
import type { Duplex } from 'node:stream';
import type { SimDomain, SimHost } from './model';
import { createRfbServer, type RfbServer } from './rfb';

/** from an HVM domain's start to SeaBIOS setting VGA text mode (at timeScale 1) */
export const HVM_DISPLAY_INIT_MS = 2000;

const servers = new WeakMap<SimDomain, RfbServer>();
const hooked = new WeakSet<SimHost>();

export function rfbServerFor(host: SimHost, d: SimDomain): RfbServer {
  let s = servers.get(d);
  if (s) return s;
  const hvm = d.type === 'hvm';
  const vfb = d.config.vfbs.find((v) => v.vnc.enable !== false);
  s = createRfbServer({
    width: hvm ? 720 : 800,
    height: hvm ? 400 : 600,
    name: `QEMU (${d.name})`,
    password: (hvm ? d.config.hvm?.vnc.passwd : vfb?.vnc.passwd) || undefined,
    screen: hvm ? 'hvm-text' : 'pv-vfb',
    hostname: d.name,
    uuid: d.config.uuid,
    rebootDelayMs: 1500 * host.timeScale,
    // an HVM guest's SeaBIOS sets the VGA mode a moment after `xl create`; a client that connects
    // earlier sees QEMU's "not initialized" screen first, as on the real lab
    displayInitMs: hvm ? Math.max(0, HVM_DISPLAY_INIT_MS * host.timeScale - (host.now() - d.startedAt)) : 0,
  });
  s.on('power', (what) => {
    if (host.domains.get(d.id) === d) host.guestShutdown(d, what === 'reboot' ? 'reboot' : 'poweroff');
  });
  s.on('ctrl-alt-del', () => {
    if (hvm && host.domains.get(d.id) === d) host.requestReboot(d);
  });
  servers.set(d, s);
  if (!hooked.has(host)) {
    hooked.add(host);
    host.on('domain-destroyed', (gone: SimDomain) => {
      servers.get(gone)?.dispose();
      servers.delete(gone);
    });
  }
  return s;
}

/** Serve a VNC client of the domain listening on `port`; false when nothing listens there. */
export function connectVnc(host: SimHost, port: number, stream: Duplex): boolean {
  const d = host.vncDomain(port);
  if (!d) return false;
  rfbServerFor(host, d).handle(stream);
  return true;
}

export function disposeAllRfb(host: SimHost): void {
  for (const d of host.domains.values()) {
    servers.get(d)?.dispose();
    servers.delete(d);
  }
}
