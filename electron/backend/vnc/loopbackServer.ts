// Desktop mode has no web server: VNC WebSockets get a small one of their own, started on
// first use, bound to 127.0.0.1 on a random port. It serves nothing but upgrades of
// /vnc/TOKEN, with the web server's checks: the Host header must name this loopback
// port (DNS rebinding) and the Origin must be one the app's renderer sends (cross-site
// WebSocket hijacking); the one-time token does the rest.
import http from 'node:http';
import type { Duplex } from 'node:stream';

export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

export const TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/** Checks shared by both endpoints: returns the token of an acceptable /vnc/TOKEN path, else null. */
export function vncTokenOf(pathname: string): string | null {
  const m = /^\/vnc\/([^/]+)$/.exec(pathname);
  return m && TOKEN_RE.test(m[1]!) ? m[1]! : null;
}

export async function startLoopbackServer(opts: {
  origins: string[];
  /** called for /vnc/… upgrades whose Host and Origin passed */
  onUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer, pathname: string) => void;
}): Promise<LoopbackServer> {
  let port = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found\n');
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const refuse = (code: number, msg: string) =>
      socket.end(`HTTP/1.1 ${code} ${msg}\r\nConnection: close\r\n\r\n`);
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return refuse(403, 'Forbidden');
    if (!opts.origins.includes(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!vncTokenOf(url.pathname)) return refuse(404, 'Not Found');
    opts.onUpgrade(req, socket, head, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  server.unref();
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
