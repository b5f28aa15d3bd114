// Backpressure of the WebSocket ↔ tunnel bridge, both ways, with a real WebSocket pair.
import http from 'node:http';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WS_HIGH_WATER, bridge } from './bridge';
import type { Tunnel } from './tunnel';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function pair(): Promise<{ server: WebSocket; client: WebSocket }> {
  const http_ = http.createServer();
  const wss = new WebSocketServer({ server: http_ });
  await new Promise<void>((r) => http_.listen(0, '127.0.0.1', r));
  const port = (http_.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  cleanups.push(() => {
    client.terminate();
    wss.close();
    http_.close();
  });
  return { server, client };
}

/** A tunnel whose far end we drive: `push` = bytes from the VNC server; writes land in `written`. */
function fakeTunnel(opts: { slowWrites?: boolean } = {}) {
  const written: Buffer[] = [];
  let release: (() => void) | null = null;
  const stream = new Duplex({
    highWaterMark: 16 * 1024,
    read() {},
    write(chunk: Buffer, _e, cb) {
      written.push(chunk);
      if (opts.slowWrites) release = cb;
      else cb();
    },
  });
  const tunnel: Tunnel = {
    stream,
    via: 'forward',
    head: Buffer.from('RFB 003.008\n'),
    close: () => stream.destroy(),
  };
  return { tunnel, stream, written, releaseWrite: () => release?.() };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('bridge', () => {
  it('hands the RFB banner over first, then pauses the tunnel while the viewer does not read', async () => {
    const { server, client } = await pair();
    const { tunnel, stream } = fakeTunnel();
    const got: Buffer[] = [];
    client.on('message', (d) => got.push(d as Buffer));
    bridge(server, tunnel, () => undefined);
    await until(() => got.length > 0);
    expect(got[0]!.toString()).toBe('RFB 003.008\n');

    // the viewer stops reading: the kernel buffers fill, ws send callbacks stop, the tunnel pauses
    (client as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const chunk = Buffer.alloc(64 * 1024, 7);
    let pushed = 0;
    while (!stream.isPaused() && pushed < 64 * 1024 * 1024) {
      stream.push(chunk);
      pushed += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    expect(stream.isPaused()).toBe(true);
    expect(pushed).toBeGreaterThan(WS_HIGH_WATER);
    expect(pushed).toBeLessThan(64 * 1024 * 1024);

    // it reads again: everything arrives, in order, and the tunnel flows again
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => got.reduce((n, b) => n + b.length, 0) === 12 + pushed, 20000);
    expect(stream.isPaused()).toBe(false);
  });

  it('pauses the viewer while the tunnel cannot take more', async () => {
    const { server, client } = await pair();
    const { tunnel, written, releaseWrite } = fakeTunnel({ slowWrites: true });
    bridge(server, tunnel, () => undefined);
    for (let i = 0; i < 8; i++) client.send(Buffer.alloc(8 * 1024, i));
    await until(() => server.isPaused);
    expect(written.length).toBe(1);
    for (let i = 0; i < 20 && written.length < 8; i++) {
      releaseWrite();
      await new Promise((r) => setTimeout(r, 20));
    }
    releaseWrite();
    await until(() => written.length === 8 && !server.isPaused);
    expect(written.map((b) => b[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('closes the other side when either ends', async () => {
    const a = await pair();
    const t1 = fakeTunnel();
    let why = '';
    bridge(a.server, t1.tunnel, (w) => (why = w));
    a.client.close();
    await until(() => t1.stream.destroyed);
    expect(why).toBe('viewer closed');

    const b = await pair();
    const t2 = fakeTunnel();
    const closed = new Promise<number>((r) => b.client.once('close', (code) => r(code)));
    bridge(b.server, t2.tunnel, () => undefined);
    t2.stream.destroy();
    expect(await closed).toBe(1000);
  });
});
