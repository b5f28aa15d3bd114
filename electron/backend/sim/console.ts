// A domain's console (PV hvc0 or HVM serial pty) as xenconsoled + the pty make it look to
// `xl console`: output written while nobody is attached waits in the pty/xenconsoled buffer
// and is replayed to the next client (so the first attach after `xl create` shows the boot
// log, a later attach to an idle guest shows nothing until a key is sent); ONE client at a
// time (xenconsole's lock file); Ctrl+] (0x1d) alone in one read detaches (exit 0).
import { EventEmitter } from 'node:events';
import { Interrupted, toBuf, type Writer } from './io';
import type { Proc } from './proc';

export interface ConsoleClient {
  write(data: Buffer): Promise<void>;
  /** the client's terminal size (what `stty size` prints in the simulated guest) */
  readonly rows: number;
  readonly cols: number;
}

/** xenconsoled's per-domain buffer limit (xenstore console/limit). */
const BUFFER_LIMIT = 1048576;

export class ConsoleDevice extends EventEmitter {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private client: ConsoleClient | null = null;
  private gone = false;
  /** where keystrokes go (the guest's tty) */
  onInput: ((data: Buffer) => void) | null = null;

  constructor(readonly kind: 'pv' | 'serial') {
    super();
    this.setMaxListeners(0);
  }

  get attached(): boolean {
    return this.client !== null;
  }

  get isGone(): boolean {
    return this.gone;
  }

  /** Guest output. Resolves once the attached client took it (back-pressure), or buffered. */
  async write(data: string | Buffer): Promise<void> {
    if (this.gone) return;
    const b = toBuf(data);
    if (b.length === 0) return;
    const c = this.client;
    if (c) {
      try {
        await c.write(b);
      } catch {
        /* the client went away mid-write: the bytes are lost, as with a closed pty */
      }
      return;
    }
    this.pending.push(b);
    this.pendingSize += b.length;
    while (this.pendingSize > BUFFER_LIMIT && this.pending.length > 1) {
      this.pendingSize -= this.pending.shift()!.length;
    }
  }

  /** Attach a client; returns what was buffered while nobody was attached. */
  attach(client: ConsoleClient): Buffer {
    this.client = client;
    const backlog = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    this.emit('attach');
    return backlog;
  }

  detach(client: ConsoleClient): void {
    if (this.client === client) {
      this.client = null;
      this.emit('detach');
    }
  }

  input(data: Buffer): void {
    if (!this.gone) this.onInput?.(data);
  }

  size(): { rows: number; cols: number } {
    return this.client ? { rows: this.client.rows, cols: this.client.cols } : { rows: 24, cols: 80 };
  }

  /** the domain is gone: the pty disappears, attached clients end */
  destroy(): void {
    if (this.gone) return;
    this.gone = true;
    this.pending = [];
    this.emit('gone');
  }
}

/** The per-domid lock of xenconsole (/var/lock/xenconsole.DOMID). */
export class ConsoleLock {
  private owner: object | null = null;
  tryLock(owner: object): boolean {
    if (this.owner && this.owner !== owner) return false;
    this.owner = owner;
    return true;
  }
  unlock(owner: object): void {
    if (this.owner === owner) this.owner = null;
  }
  get held(): boolean {
    return this.owner !== null;
  }
}

/**
 * The wording of a second attach, as xenconsole's console_lock() reports a failed lock with
 * err(3): "<prog>: Could not lock <file>: <strerror>" and exit status errno (EWOULDBLOCK = 11).
 */
export function consoleLockError(domid: number): { text: string; code: number } {
  return {
    text: `xenconsole: Could not lock /var/lock/xenconsole.${domid}: Resource temporarily unavailable\n`,
    code: 11,
  };
}

export const ESCAPE_CHARACTER = 0x1d;

/**
 * The client loop of xenconsole: copy guest output to stdout, stdin to the guest when
 * interactive (stdin+stdout are a terminal), detach on 0x1d, end when the domain's console
 * goes away. Resolves with the exit status.
 */
export async function runConsoleClient(
  p: Proc,
  device: ConsoleDevice,
  lock: ConsoleLock,
  domid: number,
  opts: { escape?: number; detachDelayMs?: number } = {},
): Promise<number> {
  const owner = {};
  if (!lock.tryLock(owner)) {
    const e = consoleLockError(domid);
    await p.stderr.write(e.text);
    return e.code;
  }
  const escape = opts.escape ?? ESCAPE_CHARACTER;
  const tty = p.tty;
  const interactive = tty !== null;
  const prevRaw = tty?.raw ?? false;
  if (tty) tty.raw = true; // init_term(): cfmakeraw on stdin
  const out: Writer = p.stdout;
  const client: ConsoleClient = {
    write: (b) => out.write(b),
    get rows() {
      return tty?.rows ?? 24;
    },
    get cols() {
      return tty?.cols ?? 80;
    },
  };
  let finished = false;
  try {
    if (device.isGone) return 0;
    const backlog = device.attach(client);
    if (backlog.length) await out.write(backlog);
    return await new Promise<number>((resolve, reject) => {
      const done = (code: number): void => {
        if (finished) return;
        finished = true;
        device.off('gone', onGone);
        p.signal.removeEventListener('abort', onAbort);
        resolve(code);
      };
      const onGone = (): void => done(0);
      const onAbort = (): void => {
        if (finished) return;
        finished = true;
        device.off('gone', onGone);
        reject(new Interrupted(String(p.signal.reason ?? 'TERM')));
      };
      device.on('gone', onGone);
      if (p.signal.aborted) return onAbort();
      p.signal.addEventListener('abort', onAbort, { once: true });
      if (device.isGone) return done(0);
      if (interactive) {
        void (async () => {
          while (!finished) {
            let chunk: Buffer | null;
            try {
              chunk = await p.stdin.read();
            } catch {
              chunk = null;
            }
            if (finished) break;
            if (chunk === null) return done(0); // stdin closed: console_loop returns, xl exits 0
            if (chunk.length === 1 && chunk[0] === escape) {
              // a busy dom0 may take seconds to get there (the guest's output keeps flowing meanwhile)
              if (opts.detachDelayMs) await new Promise((r) => setTimeout(r, opts.detachDelayMs));
              return done(0);
            }
            device.input(chunk);
          }
        })();
      }
    });
  } finally {
    device.detach(client);
    lock.unlock(owner);
    if (tty) tty.raw = prevRaw;
  }
}
