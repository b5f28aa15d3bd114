import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { WebSocket } from 'ws';
import { createBackend, type Backend } from '../backend';
import { startWebServer, type WebServer } from './server';

let backend: Backend;
let server: WebServer;
let staticDir: string;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-web-'));
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-static-'));
  staticDir = path.join(parent, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<p>app</p>');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret'); // a traversal would find this
  backend = createBackend({ dataDir, mode: 'web', version: 't', userKnownHosts: [] });
  server = await startWebServer({ backend, staticDir });
});
afterAll(async () => {
  await server.close();
  await backend.dispose();
});

function get(
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: server.port,
        path: p,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
  });
}

function wsOpen(headers: Record<string, string>, query = ''): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc${query}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('web mode server', () => {
  it('listens on 127.0.0.1 only and prints a tokenised URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses requests without the token', async () => {
    const r = await get('/');
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/token/);
    expect((await get('/?token=wrong')).status).toBe(403);
  });

  it('sets an HttpOnly SameSite=Strict cookie from the token, then serves with a strict CSP', async () => {
    const first = await get(`/?token=${server.token}`);
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await get('/', { cookie: `xendesk_token=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<p>app</p>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { host: 'evil.example:80' })).status).toBe(403);
  });

  it('never serves files outside the renderer directory', async () => {
    const r = await get('/..%2fsecret.txt', { cookie: `xendesk_token=${server.token}` });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret');
  });

  it('opens the RPC WebSocket only with the token AND a loopback Origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const cookie = `xendesk_token=${server.token}`;
    expect(await wsOpen({ origin, cookie })).toBe('open');
    expect(await wsOpen({ origin })).toBe(403);
    expect(await wsOpen({ origin: 'http://evil.example', cookie })).toBe(403);
    expect(await wsOpen({ cookie })).toBe(403);
  });

  it('serves the contract over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, {
      headers: { origin: `http://127.0.0.1:${server.port}`, cookie: `xendesk_token=${server.token}` },
    });
    await new Promise((r) => ws.on('open', r));
    const reply = new Promise<unknown>((r) => ws.on('message', (d) => r(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ t: 'req', id: 1, m: 'listHosts', p: {} }));
    expect(await reply).toEqual({ t: 'res', id: 1, ok: true, r: [] });
    ws.close();
  });
});
