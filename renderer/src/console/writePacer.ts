// Hands console output to xterm in as few writes as keep the screen live. Every write that
// finds xterm idle makes it parse and then render a frame, and a frame of the DOM renderer costs
// far more than parsing a 64 KiB chunk: fed chunk by chunk, a 10 MiB flood paid for ~250 frames.
// So during a flood (the last batch was big) output waits until xterm has parsed the last batch
// and `intervalMs` have passed since it, then goes as ONE batch of everything that arrived
// meanwhile: ~1000/intervalMs screen updates a second. Small output (a keystroke's echo, a
// prompt) goes at once whenever xterm is idle. Acknowledgements are held once `windowChars`
// wait (here or unparsed in xterm), so the browser never holds more than that + one chunk, and
// the backend pauses the host when the view falls behind.

export type TerminalWrite = (data: string, parsed: () => void) => void;

/** what may wait in the view (and 2× the RPC window keeps the pipe full: see shared/rpc.ts) */
export const XTERM_WINDOW = 1024 * 1024;
/** the shortest time between two batches during a flood (20 screen updates a second) */
export const BATCH_INTERVAL_MS = 50;
/** a batch goes to xterm in pieces of at most this much, so the page stays responsive */
export const PIECE_CHARS = 256 * 1024;
/** a batch this big means a flood: the next one waits for the interval */
export const FLOOD_BATCH_CHARS = 16 * 1024;

export interface WritePacerOptions {
  windowChars?: number;
  intervalMs?: number;
  now?: () => number;
  setTimer?: (f: () => void, ms: number) => unknown;
}

export function createWritePacer(write: TerminalWrite, opts: WritePacerOptions = {}) {
  const windowChars = opts.windowChars ?? XTERM_WINDOW;
  const intervalMs = opts.intervalMs ?? BATCH_INTERVAL_MS;
  const now = opts.now ?? (() => performance.now());
  const setTimer = opts.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms));
  /** handed to xterm, not parsed yet */
  let queued = 0;
  /** waiting here for the next batch */
  let held: string[] = [];
  let heldChars = 0;
  let lastBatch = -Infinity;
  let lastBatchChars = 0;
  let timerSet = false;
  let waiters: (() => void)[] = [];
  let disposed = false;

  const release = () => {
    if (queued + heldChars >= windowChars || waiters.length === 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const flush = () => {
    if (disposed || heldChars === 0 || queued > 0) return;
    const wait = lastBatchChars >= FLOOD_BATCH_CHARS ? lastBatch + intervalMs - now() : 0;
    if (wait > 0) {
      if (!timerSet) {
        timerSet = true;
        setTimer(() => {
          timerSet = false;
          flush();
        }, wait);
      }
      return;
    }
    const data = held.length === 1 ? held[0]! : held.join('');
    const n = heldChars;
    held = [];
    heldChars = 0;
    queued += n;
    lastBatch = now();
    lastBatchChars = n;
    // xterm parses a written string in one go and yields to the page only between writes
    for (let at = 0; at < n; at += PIECE_CHARS) {
      const piece = n <= PIECE_CHARS ? data : data.slice(at, at + PIECE_CHARS);
      write(piece, () => {
        queued -= piece.length;
        if (queued > 0) return;
        release();
        flush();
      });
    }
  };

  return {
    /** the stream's onData callback: resolves when the chunk may be acknowledged */
    onData(data: string): void | Promise<void> {
      if (disposed || data.length === 0) return;
      held.push(data);
      heldChars += data.length;
      flush();
      if (queued + heldChars < windowChars) return;
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    /** characters not parsed by xterm yet (waiting here or in xterm) */
    get queued(): number {
      return queued + heldChars;
    },
    /** the view is gone: drop what waits, write nothing more */
    dispose(): void {
      disposed = true;
      held = [];
      heldChars = 0;
    },
  };
}

/**
 * xterm's screen-reader support re-measures every visible row on every frame, which makes a
 * flood of output several times slower; during a flood a screen reader can only say "too much
 * output" anyway. So the view suspends screenReaderMode while output arrives faster than
 * `heavyCharsPerTick` per tick and turns it back on once it has been calm for `calmTicks`.
 */
export function createA11yGovernor(
  set: (on: boolean) => void,
  opts: { heavyCharsPerTick?: number; calmTicks?: number } = {},
) {
  const heavy = opts.heavyCharsPerTick ?? 32 * 1024;
  const calmNeeded = opts.calmTicks ?? 3;
  let chars = 0;
  let suspended = false;
  let calm = 0;
  return {
    output(n: number): void {
      chars += n;
      if (!suspended && chars > heavy) {
        suspended = true;
        calm = 0;
        set(false);
      }
    },
    /** call every ~250 ms */
    tick(): void {
      const busy = chars > heavy;
      chars = 0;
      if (!suspended) return;
      calm = busy ? 0 : calm + 1;
      if (calm >= calmNeeded) {
        suspended = false;
        set(true);
      }
    },
    get suspended(): boolean {
      return suspended;
    },
  };
}
