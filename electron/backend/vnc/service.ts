// The graphical console service: openVnc resolves the domain's VNC port (xenstore), opens
// a tunnel over the host's one SSH connection and hands the renderer a ONE-TIME WebSocket
// URL bound to that host and domain. The WebSocket is served on 127.0.0.1 only: on the web
// mode server (same port, same Host/Origin/cookie checks) or, in the desktop app, on a
// small loopback server of its own started on first use (see loopbackServer.ts).
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type VncOpened } from '../../../shared/api';
import type { HostManager } from '../hostManager';
import type { HostConnection } from '../ssh/hostConnection';
import { bridge, type BridgeStats } from './bridge';
import { startLoopbackServer, vncTokenOf, type LoopbackServer } from './loopbackServer';
import { resolveVncTarget, type VncTarget } from './target';
import { openTunnel, type Tunnel, type TunnelHost } from './tunnel';

export const VNC_PATH = '/vnc/';
/** an unused token (and its open tunnel) is dropped after this long */
export const TOKEN_TTL_MS = 30_000;
/** unused tokens a host may hold at once (each holds a tunnel) */
const MAX_PENDING_PER_HOST = 8;

/** What the service uses of a host's one SSH connection. */
export type VncConnection = TunnelHost & Pick<HostConnection, 'execScript'>;

/** What the service needs from the host manager (a narrow seam for tests). */
export interface VncHosts {
  connection(hostId: string): VncConnection;
  /** the poll's domid of a running domain, if known */
  domid(hostId: string, domain: string): number | null;
  /** privilege prefix for xl / xenstore-read ([] for root, ['sudo', '-n'] otherwise) */
  prefix(hostId: string): string[];
  /** host removed or disconnected: its sessions end */
  onHostGone(cb: (hostId: string) => void): void;
}

export function vncHostsOf(hosts: HostManager): VncHosts {
  return {
    connection: (id) => hosts.connection(id),
    domid: (id, domain) => hosts.snapshot(id)?.domains.find((d) => d.name === domain)?.id ?? null,
    // the same rule as HostManager's own prefix: root runs xl directly, others through `sudo -n`
    prefix: (id) => (hosts.summary(id).username === 'root' ? [] : ['sudo', '-n']),
    onHostGone: (cb) => {
      hosts.on('hostRemoved', (e: { hostId: string }) => cb(e.hostId));
      hosts.on('hostChanged', (h: { id: string; state: string }) => {
        if (h.state !== 'connected') cb(h.id);
      });
    },
  };
}

interface Pending {
  token: string;
  hostId: string;
  domain: string;
  target: VncTarget;
  tunnel: Tunnel;
  timer: NodeJS.Timeout;
}

export interface VncSession {
  id: number;
  hostId: string;
  domain: string;
  via: Tunnel['via'];
  target: VncTarget;
  stats: BridgeStats;
  close(why: string, hard?: boolean): void;
}

export interface VncServiceOptions {
  tokenTtlMs?: number;
  /**
   * Origins the desktop loopback server accepts. Electron's renderer is loaded from
   * file://…/index.html and Chromium sends `Origin: file://` on its WebSocket handshakes.
   * 'null' (opaque origins: sandboxed iframes, data: URLs — which ANY web page can create) is
   * deliberately not accepted. The one-time token is the real gate; Origin and Host are
   * defence in depth against a local web page guessing its way in.
   */
  desktopOrigins?: string[];
}

export class VncService {
  private pending = new Map<string, Pending>();
  private sessions = new Set<VncSession>();
  private nextId = 1;
  private endpointPort: number | null = null;
  private loopback: Promise<LoopbackServer> | null = null;
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    perMessageDeflate: false,
    // noVNC/websockify's subprotocol; a client offering none gets none
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  private readonly ttl: number;

  constructor(
    private readonly hosts: VncHosts,
    private readonly opts: VncServiceOptions = {},
  ) {
    this.ttl = opts.tokenTtlMs ?? TOKEN_TTL_MS;
    hosts.onHostGone((id) => this.closeHost(id, 'the host is no longer connected'));
  }

  /** Web mode: WebSockets arrive on the app's own server at this port (handleUpgrade). */
  useEndpoint(port: number | null): void {
    this.endpointPort = port;
  }

  private async baseUrl(): Promise<string> {
    if (this.endpointPort !== null) return `ws://127.0.0.1:${this.endpointPort}`;
    if (!this.loopback) {
      this.loopback = startLoopbackServer({
        origins: this.opts.desktopOrigins ?? ['file://'],
        onUpgrade: (req, socket, head, pathname) => this.handleUpgrade(req, socket, head, pathname),
      });
      this.loopback.catch(() => (this.loopback = null));
    }
    return `ws://127.0.0.1:${(await this.loopback).port}`;
  }

  async open(hostId: string, domain: string): Promise<VncOpened> {
    const conn = this.hosts.connection(hostId);
    const target = await resolveVncTarget(
      (sections) => conn.execScript(sections, { timeoutMs: 20000 }),
      this.hosts.prefix(hostId),
      domain,
      this.hosts.domid(hostId, domain),
    );
    const tunnel = await openTunnel(conn, target);
    const base = await this.baseUrl().catch((e: Error) => {
      tunnel.close();
      throw new ApiError('internal', `Cannot start the local VNC endpoint: ${e.message}`);
    });
    // the host may have gone while we waited: never hand out a tunnel of a stale connection
    if (this.hosts.connection(hostId) !== conn) {
      tunnel.close();
      throw new ApiError('connection-lost', 'The connection to the host changed; try again.');
    }
    const token = crypto.randomBytes(24).toString('base64url');
    const p: Pending = {
      token,
      hostId,
      domain,
      target,
      tunnel,
      timer: setTimeout(() => this.drop(token), this.ttl),
    };
    p.timer.unref?.();
    tunnel.stream.once('close', () => this.drop(token));
    this.pending.set(token, p);
    const mine = [...this.pending.values()].filter((x) => x.hostId === hostId);
    if (mine.length > MAX_PENDING_PER_HOST) this.drop(mine[0]!.token);
    return {
      url: `${base}${VNC_PATH}${token}`,
      via: tunnel.via,
      target: { host: target.host, port: target.port },
    };
  }

  private drop(token: string): void {
    const p = this.pending.get(token);
    if (!p) return;
    this.pending.delete(token);
    clearTimeout(p.timer);
    p.tunnel.close();
  }

  /**
   * An upgrade request for /vnc/TOKEN whose Host and Origin (and, in web mode, the app's
   * session cookie) the caller has checked. A token is consumed by its first use.
   */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, pathname: string): void {
    const token = vncTokenOf(pathname);
    const p = token ? this.pending.get(token) : undefined;
    if (!token || !p) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.pending.delete(token);
    clearTimeout(p.timer);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, p));
  }

  private attach(ws: WebSocket, p: Pending): void {
    const id = this.nextId++;
    const b = bridge(ws, p.tunnel, () => this.sessions.delete(session));
    const session: VncSession = {
      id,
      hostId: p.hostId,
      domain: p.domain,
      via: p.tunnel.via,
      target: p.target,
      stats: b.stats,
      close: b.close,
    };
    this.sessions.add(session);
  }

  /** open viewers (for tests and diagnostics) */
  list(): VncSession[] {
    return [...this.sessions];
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  closeHost(hostId: string, why: string): void {
    for (const p of [...this.pending.values()]) if (p.hostId === hostId) this.drop(p.token);
    for (const s of [...this.sessions]) if (s.hostId === hostId) s.close(why);
  }

  /** End every viewer and unused token at once (the server they arrived on is stopping). */
  closeAll(why: string): void {
    for (const t of [...this.pending.keys()]) this.drop(t);
    for (const s of [...this.sessions]) s.close(why, true);
  }

  async dispose(): Promise<void> {
    this.closeAll('XenDesk is shutting down');
    this.wss.close();
    const lb = this.loopback;
    this.loopback = null;
    if (lb) await (await lb.catch(() => null))?.close();
  }
}
