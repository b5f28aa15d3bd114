// Byte streams between the simulated commands: stdin readers, stdout/stderr writers, pipes
// with back-pressure and SIGPIPE, and the pseudo-terminal state of an exec with a pty.
import { EventEmitter } from 'node:events';

export interface Reader {
  /** next chunk, or null at end of input */
  read(): Promise<Buffer | null>;
  /** the consumer is gone (head exited): writers of a pipe get SIGPIPE */
  close?(): void;
}

export interface Writer {
  write(data: string | Buffer): Promise<void>;
}

/** Thrown by a write into a pipe whose reader has gone away. */
export class SigPipe extends Error {
  constructor() {
    super('SIGPIPE');
  }
}

/** Thrown when the running command is interrupted by a signal (ssh 'signal', channel closed, ^C). */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by SIG${signal}`);
  }
}

export const SIGNUM: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ABRT: 6,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
};

export const EMPTY_READER: Reader = { read: async () => null };

export const NULL_WRITER: Writer = { write: async () => undefined };

export function toBuf(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Collects everything written (command substitution, sim.exec). */
export class BufferWriter implements Writer {
  private chunks: Buffer[] = [];
  async write(data: string | Buffer): Promise<void> {
    this.chunks.push(toBuf(data));
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.buffer.toString('utf8');
  }
}

/** Reads a fixed buffer once. */
export function bufferReader(data: string | Buffer): Reader {
  let done = false;
  return {
    read: async () => {
      if (done) return null;
      done = true;
      const b = toBuf(data);
      return b.length ? b : null;
    },
  };
}

/** An in-memory pipe `a | b` with back-pressure; writes after the reader closed throw SigPipe. */
export class Pipe implements Reader, Writer {
  private chunks: Buffer[] = [];
  private size = 0;
  private ended = false;
  private readerClosed = false;
  private wakeReader: (() => void) | null = null;
  private wakeWriters: (() => void)[] = [];

  constructor(private readonly highWater = 256 * 1024) {}

  async write(data: string | Buffer): Promise<void> {
    if (this.readerClosed) throw new SigPipe();
    const b = toBuf(data);
    if (b.length === 0) return;
    this.chunks.push(b);
    this.size += b.length;
    this.wakeReader?.();
    while (this.size > this.highWater && !this.readerClosed) {
      await new Promise<void>((r) => this.wakeWriters.push(r));
    }
    if (this.readerClosed) throw new SigPipe();
  }

  end(): void {
    this.ended = true;
    this.wakeReader?.();
  }

  async read(): Promise<Buffer | null> {
    while (this.chunks.length === 0) {
      if (this.ended || this.readerClosed) return null;
      await new Promise<void>((r) => (this.wakeReader = r));
      this.wakeReader = null;
    }
    const c = this.chunks.shift()!;
    this.size -= c.length;
    this.flushWriters();
    return c;
  }

  close(): void {
    this.readerClosed = true;
    this.chunks = [];
    this.size = 0;
    this.flushWriters();
  }

  private flushWriters(): void {
    const w = this.wakeWriters;
    this.wakeWriters = [];
    for (const f of w) f();
  }
}

/** Reads whole lines from a Reader (for `read`, sudo's password prompt, head -n …). */
export class LineReader {
  private buf: Buffer = Buffer.alloc(0);
  private eof = false;
  constructor(private readonly src: Reader) {}

  /** next line without its '\n' (a final line without newline is returned too), or null at EOF */
  async readLine(): Promise<string | null> {
    for (;;) {
      const i = this.buf.indexOf(0x0a);
      if (i >= 0) {
        const line = this.buf.subarray(0, i).toString('utf8');
        this.buf = this.buf.subarray(i + 1);
        return line;
      }
      if (this.eof) {
        if (this.buf.length === 0) return null;
        const line = this.buf.toString('utf8');
        this.buf = Buffer.alloc(0);
        return line;
      }
      const c = await this.src.read();
      if (c === null) this.eof = true;
      else this.buf = Buffer.concat([this.buf, c]);
    }
  }

  /** whatever is buffered plus the rest of the stream */
  async readAll(): Promise<Buffer> {
    const parts = [this.buf];
    this.buf = Buffer.alloc(0);
    for (;;) {
      const c = this.eof ? null : await this.src.read();
      if (c === null) break;
      parts.push(c);
    }
    this.eof = true;
    return Buffer.concat(parts);
  }
}

export async function readAll(r: Reader): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const c = await r.read();
    if (c === null) break;
    parts.push(c);
  }
  return Buffer.concat(parts);
}

/**
 * The terminal of an exec with a pty. `raw` is what cfmakeraw() does: output is passed
 * untouched (no \n -> \r\n) and ^C is just a byte; cooked mode maps \n to \r\n (ONLCR) and
 * turns ^C into SIGINT.
 */
export class Tty extends EventEmitter {
  raw = false;
  constructor(
    public rows: number,
    public cols: number,
    readonly term: string,
  ) {
    super();
  }
  resize(rows: number, cols: number): void {
    if (rows > 0) this.rows = rows;
    if (cols > 0) this.cols = cols;
    this.emit('resize', this.rows, this.cols);
  }
}

/** Reject with Interrupted as soon as `signal` aborts. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Interrupted(String(signal.reason ?? 'TERM')));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Interrupted(String(signal.reason ?? 'TERM')));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const p = new Promise<void>((r) => {
    const t = setTimeout(r, Math.max(0, ms));
    signal?.addEventListener('abort', () => clearTimeout(t), { once: true });
  });
  return signal ? abortable(p, signal) : p;
}
