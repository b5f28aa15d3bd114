// Web mode: the built renderer and the contract (WebSocket /rpc) on 127.0.0.1 only,
// behind a random token. The token arrives once in the URL and is then kept in an
// HttpOnly SameSite=Strict cookie; the Host and Origin headers must be loopback
// (DNS-rebinding and cross-site WebSocket hijacking are refused).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RpcPort } from '../../../shared/rpc';
import type { Backend } from '../backend';

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const m = /(?:^|;\s*)xendesk_token=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return m?.[1] ?? null;
}

export function wsPort(ws: WebSocket): RpcPort {
  return {
    send: (m) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) =>
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        try {
          cb(JSON.parse(data.toString()));
        } catch {
          /* garbage is dropped */
        }
      }),
    onClose: (cb) => ws.on('close', () => cb()),
    close: () => ws.close(),
  };
}

export async function startWebServer(opts: {
  backend: Backend;
  staticDir: string;
  port?: number;
  token?: string;
}): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);
  const staticRoot = path.resolve(opts.staticDir);

  const authorised = (req: http.IncomingMessage, url: URL): 'cookie' | 'query' | null => {
    const c = cookieToken(req);
    if (c && safeEqual(c, token)) return 'cookie';
    const q = url.searchParams.get('token');
    if (q && safeEqual(q, token)) return 'query';
    return null;
  };

  const server = http.createServer((req, res) => {
    const deny = (code: number, msg: string) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(msg + '\n');
    };
    if (!allowedHosts().includes(req.headers.host ?? '')) return deny(403, 'XenDesk: wrong Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'XenDesk: method not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const how = authorised(req, url);
    if (!how) return deny(403, 'XenDesk: missing or wrong token. Open the URL that `npm run web` printed.');
    const headers: Record<string, string> = {
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    };
    if (how === 'query') {
      headers['set-cookie'] = `xendesk_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
      // drop the token from the address bar and history
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(303, { ...headers, location: '/' });
        return res.end();
      }
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/') rel = '/index.html';
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep)) return deny(404, 'Not found.');
    fs.readFile(file, (err, data) => {
      if (err) return deny(404, 'Not found.');
      res.writeHead(200, {
        ...headers,
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const refuse = (code: number, msg: string) => {
      socket.end(`HTTP/1.1 ${code} ${msg}\r\nConnection: close\r\n\r\n`);
    };
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(403, 'Forbidden');
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!authorised(req, url)) return refuse(403, 'Forbidden');
    // VNC (issue 8): /vnc/ONE-TIME-TOKEN, after the same Host, Origin and cookie checks
    if (url.pathname.startsWith('/vnc/'))
      return opts.backend.vnc.handleUpgrade(req, socket, head, url.pathname);
    if (url.pathname !== '/rpc') return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => opts.backend.attach(wsPort(ws)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  opts.backend.vnc.useEndpoint(port); // VNC (issue 8): openVnc hands out ws://127.0.0.1:PORT/vnc/…
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        opts.backend.vnc.closeAll('the XenDesk web server is stopping'); // VNC (issue 8): upgraded sockets keep server.close() waiting
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
