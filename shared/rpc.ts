// One RPC protocol over any message transport (Electron MessagePort, WebSocket, or an
// in-memory pair in tests): requests/responses, pushed events, and byte streams with
// acknowledged flow control (the consumer acks what it has rendered; the producer pauses
// its source above a high-water mark). Modelled on VS Code's ipc.ts and Tabby's pty flow.
import { z } from 'zod';
import {
  ApiError,
  apiSchemas,
  type ApiErrorCode,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiParams,
  type ApiResults,
  type XenDeskApi,
} from './api';

/** The minimal transport both sides need. */
export interface RpcPort {
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  onClose(cb: () => void): void;
  close(): void;
}

const WireSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int(), m: z.string().max(64), p: z.unknown() }),
  z.object({
    t: z.literal('res'),
    id: z.number().int(),
    ok: z.boolean(),
    r: z.unknown().optional(),
    e: z.unknown().optional(),
  }),
  z.object({ t: z.literal('evt'), n: z.string().max(64), p: z.unknown() }),
  z.object({ t: z.literal('sd'), s: z.number().int(), d: z.string() }),
  z.object({ t: z.literal('se'), s: z.number().int(), reason: z.string().optional() }),
  z.object({ t: z.literal('sw'), s: z.number().int(), d: z.string().max(1 << 20) }),
  z.object({ t: z.literal('sa'), s: z.number().int(), n: z.number().int().nonnegative() }),
  z.object({ t: z.literal('sc'), s: z.number().int(), c: z.unknown() }),
  z.object({ t: z.literal('sx'), s: z.number().int() }),
]);
type Wire = z.infer<typeof WireSchema>;

// The producer's window (chars sent and not acknowledged): pause above HIGH, resume below LOW.
// Measured with a 10 MiB console flood into the app in Chromium (bench/consoleBench.ts): with
// 256/64 KiB the backend sat paused ~55 % of the flood waiting for acks that were queued behind
// the renderer's frames; 1 MiB/512 KiB keeps data in flight while the view renders, and 2 MiB
// gained nothing more. A view holds at most about this much more (renderer/src/console).
export const STREAM_HIGH_WATER = 1024 * 1024;
export const STREAM_LOW_WATER = 512 * 1024;
/**
 * Data pushed while earlier data is unacknowledged (a flood) travels in messages of up to this
 * many chars, gathered over one I/O turn of the backend: the renderer pays per message (a task,
 * JSON.parse, an ack), and 16 KiB messages cost it as much as xterm's parsing of them; bigger
 * ones made the pipeline stop-and-go. An idle stream's data (an echo) goes at once.
 */
export const STREAM_MESSAGE_CHARS = 64 * 1024;

// ---------------------------------------------------------------- server side

export interface ServerStream {
  readonly id: number;
  /** send data to the client; counts towards the unacknowledged window */
  push(data: string): void;
  end(reason?: string): void;
  readonly ended: boolean;
  /** true when the client is behind by more than the high-water mark: pause the source */
  onPressure(cb: (paused: boolean) => void): void;
  onWrite(cb: (data: string) => void): void;
  onControl(cb: (msg: unknown) => void): void;
  onClose(cb: () => void): void;
}

export interface RpcContext {
  openStream(): ServerStream;
}

export type RpcHandlers = {
  [M in ApiMethod]: (params: z.output<(typeof apiSchemas)[M]>, ctx: RpcContext) => Promise<ApiResults[M]>;
};

export interface RpcServerConnection {
  emit<E extends ApiEventName>(name: E, payload: ApiEvents[E]): void;
  close(): void;
  onClose(cb: () => void): void;
}

class ServerStreamImpl implements ServerStream {
  ended = false;
  private unacked = 0;
  private paused = false;
  private pressureCbs: ((p: boolean) => void)[] = [];
  writeCbs: ((d: string) => void)[] = [];
  controlCbs: ((m: unknown) => void)[] = [];
  closeCbs: (() => void)[] = [];
  /** pushed, not sent yet: goes as one message after this I/O turn */
  private pending: string[] = [];
  private pendingSize = 0;
  private flushQueued = false;
  constructor(
    readonly id: number,
    private readonly send: (w: Wire) => void,
  ) {}
  push(data: string): void {
    if (this.ended || data.length === 0) return;
    // an idle stream (a keystroke's echo) sends at once; a busy one coalesces
    const idle = this.unacked === 0 && this.pending.length === 0;
    this.unacked += data.length;
    if (idle) {
      this.send({ t: 'sd', s: this.id, d: data });
      this.checkPressure();
      return;
    }
    this.pending.push(data);
    this.pendingSize += data.length;
    if (this.pendingSize >= STREAM_MESSAGE_CHARS) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      defer(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    this.checkPressure();
  }
  private checkPressure(): void {
    if (!this.paused && this.unacked > STREAM_HIGH_WATER) {
      this.paused = true;
      for (const cb of this.pressureCbs) cb(true);
    }
  }
  ack(n: number): void {
    this.unacked = Math.max(0, this.unacked - n);
    if (this.paused && this.unacked < STREAM_LOW_WATER) {
      this.paused = false;
      for (const cb of this.pressureCbs) cb(false);
    }
  }
  private flush(): void {
    if (this.pending.length === 0) return;
    this.pendingSize = 0;
    const d = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    if (!this.ended) this.send({ t: 'sd', s: this.id, d });
  }
  end(reason?: string): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    this.send({ t: 'se', s: this.id, reason });
    this.fireClose();
  }
  fireClose(): void {
    this.ended = true;
    const cbs = this.closeCbs;
    this.closeCbs = [];
    for (const cb of cbs) cb();
  }
  onPressure(cb: (paused: boolean) => void): void {
    this.pressureCbs.push(cb);
  }
  onWrite(cb: (data: string) => void): void {
    this.writeCbs.push(cb);
  }
  onControl(cb: (msg: unknown) => void): void {
    this.controlCbs.push(cb);
  }
  onClose(cb: () => void): void {
    if (this.ended) cb();
    else this.closeCbs.push(cb);
  }
}

let nextStreamId = 1;

/** after the current I/O callbacks (Node), so chunks that arrive together go as one message */
const defer: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

export function toWireError(err: unknown): { code: ApiErrorCode; message: string; details?: unknown } {
  if (err instanceof ApiError) return { code: err.code, message: err.message, details: err.details };
  if (err instanceof z.ZodError) {
    const msg = err.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    return { code: 'invalid-params', message: msg };
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Serve the API on one port (one renderer window or one WebSocket). */
export function serveRpc(port: RpcPort, handlers: RpcHandlers): RpcServerConnection {
  const streams = new Map<number, ServerStreamImpl>();
  const closeCbs: (() => void)[] = [];
  let closed = false;
  const send = (w: Wire) => {
    if (!closed) port.send(w);
  };
  const ctx: RpcContext = {
    openStream() {
      const s = new ServerStreamImpl(nextStreamId++, send);
      streams.set(s.id, s);
      s.onClose(() => streams.delete(s.id));
      return s;
    },
  };
  port.onMessage(async (raw) => {
    const parsed = WireSchema.safeParse(raw);
    if (!parsed.success) return; // not ours: drop silently (never crash on garbage)
    const msg = parsed.data;
    switch (msg.t) {
      case 'req': {
        const m = msg.m as ApiMethod;
        if (!Object.prototype.hasOwnProperty.call(apiSchemas, m)) {
          send({
            t: 'res',
            id: msg.id,
            ok: false,
            e: { code: 'invalid-params', message: `unknown method ${msg.m}` },
          });
          return;
        }
        try {
          const params = apiSchemas[m].parse(msg.p ?? {});
          const handler = handlers[m] as (p: unknown, c: RpcContext) => Promise<unknown>;
          const r = await handler(params, ctx);
          send({ t: 'res', id: msg.id, ok: true, r });
        } catch (err) {
          send({ t: 'res', id: msg.id, ok: false, e: toWireError(err) });
        }
        return;
      }
      case 'sw':
        for (const cb of streams.get(msg.s)?.writeCbs ?? []) cb(msg.d);
        return;
      case 'sa':
        streams.get(msg.s)?.ack(msg.n);
        return;
      case 'sc':
        for (const cb of streams.get(msg.s)?.controlCbs ?? []) cb(msg.c);
        return;
      case 'sx':
        streams.get(msg.s)?.fireClose();
        return;
      default:
        return;
    }
  });
  port.onClose(() => {
    if (closed) return;
    closed = true;
    for (const s of [...streams.values()]) s.fireClose();
    for (const cb of closeCbs) cb();
  });
  return {
    emit(name, payload) {
      send({ t: 'evt', n: name, p: payload });
    },
    close() {
      port.close();
    },
    onClose(cb) {
      closeCbs.push(cb);
    },
  };
}

// ---------------------------------------------------------------- client side

export interface ClientStream {
  readonly id: number;
  /** data callback; the chunk is acknowledged when the callback (or its promise) completes */
  onData(cb: (data: string) => void | Promise<void>): void;
  onEnd(cb: (reason?: string) => void): void;
  write(data: string): void;
  control(msg: unknown): void;
  close(): void;
}

export interface RpcClient {
  api: XenDeskApi;
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResults[M]>;
  on<E extends ApiEventName>(name: E, cb: (payload: ApiEvents[E]) => void): () => void;
  stream(id: number): ClientStream;
  onClose(cb: () => void): void;
  close(): void;
}

interface StreamState {
  buffer: string[];
  ended?: { reason?: string };
  dataCb?: (d: string) => void | Promise<void>;
  endCbs: ((reason?: string) => void)[];
  chain: Promise<void>;
}

export function createRpcClient(port: RpcPort): RpcClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const streams = new Map<number, StreamState>();
  const closeCbs: (() => void)[] = [];
  let closed = false;

  const streamState = (id: number): StreamState => {
    let s = streams.get(id);
    if (!s) {
      s = { buffer: [], endCbs: [], chain: Promise.resolve() };
      streams.set(id, s);
    }
    return s;
  };
  const deliver = (id: number, s: StreamState, d: string) => {
    const cb = s.dataCb;
    if (!cb) {
      s.buffer.push(d);
      return;
    }
    // serialise delivery so acks reflect what was really consumed, in order
    s.chain = s.chain
      .then(() => cb(d))
      .catch(() => undefined)
      .then(() => {
        if (!closed) port.send({ t: 'sa', s: id, n: d.length });
      });
  };

  port.onMessage((raw) => {
    const parsed = WireSchema.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.t === 'res') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.r);
      else {
        const e = (msg.e ?? {}) as { code?: ApiErrorCode; message?: string; details?: unknown };
        p.reject(new ApiError(e.code ?? 'internal', e.message ?? 'unknown error', e.details));
      }
    } else if (msg.t === 'evt') {
      for (const cb of listeners.get(msg.n) ?? []) cb(msg.p);
    } else if (msg.t === 'sd') {
      deliver(msg.s, streamState(msg.s), msg.d);
    } else if (msg.t === 'se') {
      const s = streamState(msg.s);
      s.ended = { reason: msg.reason };
      void s.chain.then(() => {
        for (const cb of s.endCbs) cb(msg.reason);
        streams.delete(msg.s);
      });
    }
  });
  port.onClose(() => {
    closed = true;
    for (const p of pending.values())
      p.reject(new ApiError('connection-lost', 'connection to the XenDesk backend lost'));
    pending.clear();
    for (const cb of closeCbs) cb();
  });

  const call = <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResults[M]> => {
    if (closed)
      return Promise.reject(new ApiError('connection-lost', 'connection to the XenDesk backend lost'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      port.send({ t: 'req', id, m: method, p: params });
    });
  };

  const api = new Proxy({} as XenDeskApi, {
    get: (_t, prop: string) => (params: unknown) => call(prop as ApiMethod, (params ?? {}) as never),
  });

  return {
    api,
    call,
    on(name, cb) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const f = cb as (p: unknown) => void;
      set.add(f);
      return () => set.delete(f);
    },
    stream(id) {
      const s = streamState(id);
      return {
        id,
        onData(cb) {
          s.dataCb = cb;
          const buffered = s.buffer;
          s.buffer = [];
          for (const d of buffered) deliver(id, s, d);
        },
        onEnd(cb) {
          if (s.ended && !streams.has(id)) cb(s.ended.reason);
          else s.endCbs.push(cb);
        },
        write(data) {
          if (!closed) port.send({ t: 'sw', s: id, d: data });
        },
        control(msg) {
          if (!closed) port.send({ t: 'sc', s: id, c: msg });
        },
        close() {
          if (!closed) port.send({ t: 'sx', s: id });
        },
      };
    },
    onClose(cb) {
      closeCbs.push(cb);
    },
    close() {
      port.close();
    },
  };
}

/** Two connected in-memory ports (tests, and the CLI that runs the backend in-process). */
export function memoryPortPair(): [RpcPort, RpcPort] {
  const make = () => ({ msg: [] as ((m: unknown) => void)[], close: [] as (() => void)[], closed: false });
  const a = make();
  const b = make();
  const port = (self: typeof a, other: typeof a): RpcPort => ({
    send(m) {
      if (self.closed) return;
      // structured-clone semantics, like a MessagePort: no shared references
      const copy = structuredClone(m);
      queueMicrotask(() => {
        if (!other.closed) for (const cb of other.msg) cb(copy);
      });
    },
    onMessage(cb) {
      self.msg.push(cb);
    },
    onClose(cb) {
      self.close.push(cb);
    },
    close() {
      if (self.closed) return;
      self.closed = other.closed = true;
      queueMicrotask(() => {
        for (const cb of [...self.close, ...other.close]) cb();
      });
    },
  });
  return [port(a, b), port(b, a)];
}
