import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  createRpcClient,
  memoryPortPair,
  serveRpc,
  STREAM_HIGH_WATER,
  STREAM_MESSAGE_CHARS,
  type RpcHandlers,
  type ServerStream,
} from './rpc';

function setup(overrides: Partial<RpcHandlers> = {}) {
  const [a, b] = memoryPortPair();
  const notImpl = async () => {
    throw new Error('not used in this test');
  };
  const handlers = new Proxy(overrides, {
    get: (t, k: string) => (t as Record<string, unknown>)[k] ?? notImpl,
  }) as RpcHandlers;
  const server = serveRpc(a, handlers);
  const client = createRpcClient(b);
  return { server, client };
}

describe('rpc', () => {
  it('calls a method with validated params and returns its result', async () => {
    const { client } = setup({
      getAppInfo: async () => ({ version: '1', mode: 'web', platform: 'linux', versions: {} }),
    });
    await expect(client.api.getAppInfo({})).resolves.toMatchObject({ version: '1', mode: 'web' });
  });

  it('rejects invalid params before the handler runs', async () => {
    let ran = false;
    const { client } = setup({
      domainAction: async () => {
        ran = true;
        throw new Error('x');
      },
    });
    const err = await client.api
      .domainAction({ hostId: 'h1', domain: '$(touch /tmp/canary)', action: 'pause' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid-params');
    expect(ran).toBe(false);
  });

  it('refuses unknown methods', async () => {
    const { client } = setup();
    const err = await client.call('nope' as never, {} as never).catch((e: unknown) => e);
    expect((err as ApiError).message).toMatch(/unknown method/);
  });

  it('carries ApiError codes across', async () => {
    const { client } = setup({
      removeHost: async () => {
        throw new ApiError('not-found', 'no such host');
      },
    });
    const err = (await client.api.removeHost({ hostId: 'zz' }).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('no such host');
  });

  it('pushes events', async () => {
    const { server, client } = setup();
    const got: string[] = [];
    client.on('hostRemoved', (p) => got.push(p.hostId));
    server.emit('hostRemoved', { hostId: 'abc' });
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual(['abc']);
  });

  it('streams with acknowledged flow control: the producer pauses until the consumer catches up', async () => {
    let stream!: ServerStream;
    const pressure: boolean[] = [];
    const { client } = setup({
      refreshHost: async (_p, ctx) => {
        stream = ctx.openStream();
        stream.onPressure((p) => pressure.push(p));
        return { hostId: String(stream.id), at: 0, dom0: null, domains: [] };
      },
    });
    const r = await client.api.refreshHost({ hostId: 'h' });
    const cs = client.stream(Number(r.hostId));
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = Math.ceil(STREAM_HIGH_WATER / chunk.length) + 2;
    for (let i = 0; i < chunks; i++) stream.push(chunk);
    expect(pressure).toEqual([true]); // more unacked than the high water
    let received = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    cs.onData(async (d) => {
      await gate; // a slow renderer
      received += d.length;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(pressure).toEqual([true]); // nothing acked yet
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(received).toBe(chunks * chunk.length);
    expect(pressure).toEqual([true, false]);
    expect(STREAM_HIGH_WATER).toBeGreaterThan(chunk.length);
  });

  it('sends data pushed in one I/O turn as few messages, in order, before the end', async () => {
    let stream!: ServerStream;
    const [a, b] = memoryPortPair();
    const sizes: number[] = [];
    const tap = {
      ...b,
      onMessage: (cb: (m: unknown) => void) =>
        b.onMessage((m) => {
          const w = m as { t: string; d?: string };
          if (w.t === 'sd') sizes.push(w.d!.length);
          cb(m);
        }),
    };
    const handlers: Pick<RpcHandlers, 'refreshHost'> = {
      refreshHost: async (_p, ctx) => {
        stream = ctx.openStream();
        return { hostId: String(stream.id), at: 0, dom0: null, domains: [] };
      },
    };
    serveRpc(a, handlers as RpcHandlers);
    const client = createRpcClient(tap);
    const r = await client.api.refreshHost({ hostId: 'h' });
    const cs = client.stream(Number(r.hostId));
    let got = '';
    cs.onData((d) => void (got += d));
    const ended = new Promise<string | undefined>((res) => cs.onEnd(res));
    // 100 pushes of 1 KiB in one turn: the first at once (the stream was idle), then a full
    // message, and the rest after the turn; once acked, 4 × 16 KiB: the first at once, the
    // rest goes with the end
    const kib = (c: string) => c.repeat(1024);
    let expected = '';
    for (let i = 0; i < 100; i++) {
      stream.push(kib(String(i % 10)));
      expected += kib(String(i % 10));
    }
    await new Promise((res) => setTimeout(res, 5));
    for (let i = 0; i < 4; i++) {
      stream.push(kib('y').repeat(16));
      expected += kib('y').repeat(16);
    }
    stream.push('tail');
    stream.end('done'); // the end goes after what is still waiting to be sent
    expected += 'tail';
    await expect(ended).resolves.toBe('done');
    expect(got).toBe(expected);
    expect(sizes).toEqual([
      1024,
      STREAM_MESSAGE_CHARS,
      99 * 1024 - STREAM_MESSAGE_CHARS,
      16 * 1024,
      3 * 16 * 1024 + 4,
    ]);
  });

  it('streams carry writes and controls back, and end', async () => {
    let stream!: ServerStream;
    const writes: string[] = [];
    const controls: unknown[] = [];
    const { client } = setup({
      refreshHost: async (_p, ctx) => {
        stream = ctx.openStream();
        stream.onWrite((d) => writes.push(d));
        stream.onControl((c) => controls.push(c));
        return { hostId: String(stream.id), at: 0, dom0: null, domains: [] };
      },
    });
    const r = await client.api.refreshHost({ hostId: 'h' });
    const cs = client.stream(Number(r.hostId));
    cs.write('ls\r');
    cs.control({ cols: 100, rows: 30 });
    const ended = new Promise<string | undefined>((res) => cs.onEnd(res));
    await new Promise((r2) => setTimeout(r2, 5));
    stream.end('detached');
    expect(writes).toEqual(['ls\r']);
    expect(controls).toEqual([{ cols: 100, rows: 30 }]);
    await expect(ended).resolves.toBe('detached');
  });

  it('fails pending calls when the transport closes', async () => {
    const { client } = setup({ listHosts: () => new Promise(() => undefined) });
    const p = client.api.listHosts({});
    client.close();
    await expect(p).rejects.toMatchObject({ code: 'connection-lost' });
  });
});
