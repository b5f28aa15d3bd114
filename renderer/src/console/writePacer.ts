// Hands console output to xterm without serialising it chunk by chunk: the RPC client delivers
// one chunk at a time and acknowledges it when our promise resolves, and xterm schedules a
// macrotask for every write that finds its buffer empty — so waiting for each write's
// callback before taking the next chunk costs a timer hop per 16 KiB. Instead, chunks go to
// xterm at once while less than `window` characters wait unparsed in it; only above that is
// the acknowledgement held until xterm has caught up. The browser therefore never holds more
// than `window` + one chunk, and the backend still pauses the host when the view falls behind.

export type TerminalWrite = (data: string, parsed: () => void) => void;

export const XTERM_WINDOW = 256 * 1024;

export function createWritePacer(write: TerminalWrite, window = XTERM_WINDOW) {
  let queued = 0;
  let waiter: (() => void) | null = null;
  return {
    /** the stream's onData callback: resolves when the chunk may be acknowledged */
    onData(data: string): void | Promise<void> {
      queued += data.length;
      write(data, () => {
        queued -= data.length;
        if (waiter && queued < window) {
          const w = waiter;
          waiter = null;
          w();
        }
      });
      if (queued < window) return;
      return new Promise<void>((resolve) => (waiter = resolve));
    },
    /** characters handed to xterm and not parsed yet */
    get queued(): number {
      return queued;
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
