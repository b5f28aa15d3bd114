// Pure parts of the console UI: the pop-out route, the session log's plain text, the dock's
// tabs, the write pacer and the screen-reader governor.
import { describe, expect, it } from 'vitest';
import { logFileName, SessionLog, toPlainText } from './consoleLog';
import { createConsoleDockStore } from './consoleDockStore';
import { consoleHash, defaultConsoleKind, parseConsoleHash, popOutUrl } from './consoleRoute';
import { createA11yGovernor, createWritePacer, FLOOD_BATCH_CHARS, PIECE_CHARS } from './writePacer';

describe('console route', () => {
  it('round-trips and rejects what is not a console', () => {
    const r = { hostId: 'h-0a1b2c3d4e', domain: 'pvdisk', kind: 'serial' as const };
    expect(parseConsoleHash(consoleHash(r))).toEqual(r);
    expect(parseConsoleHash('#console/h-1/web.srv_01')).toEqual({
      hostId: 'h-1',
      domain: 'web.srv_01',
      kind: 'pv',
    });
    for (const bad of [
      '',
      '#',
      '#console/',
      '#console/H!/x',
      '#console/h-1/..%2F/pv',
      '#console/h-1/x/vga',
      '#other/h/x',
    ])
      expect(parseConsoleHash(bad)).toBeNull();
    expect(popOutUrl(r, { origin: 'http://127.0.0.1:4000', pathname: '/' })).toBe(
      'http://127.0.0.1:4000/#console/h-0a1b2c3d4e/pvdisk/serial',
    );
  });
  it('opens HVM guests on their serial port, the others on hvc0', () => {
    expect(defaultConsoleKind('hvm')).toBe('serial');
    expect(defaultConsoleKind('pv')).toBe('pv');
    expect(defaultConsoleKind('pvh')).toBe('pv');
    expect(defaultConsoleKind(null)).toBe('pv');
  });
});

describe('session log', () => {
  it('saves what a human reads: no escapes, LF line ends, overstrikes resolved', () => {
    const raw =
      '\r\n=== XENLAB GUEST UP ===\r\n/ # \x1b[6necho hello\r\nhello\r\n/ # \x1b[6nlong lin\r\r\ne\r\n' +
      '\x1b[2m[XenDesk: detached]\x1b[0m\r\n50%\r100%\r\nab\b \bc\r\n\x1b]0;title\x07done';
    expect(toPlainText(raw)).toBe(
      '\n=== XENLAB GUEST UP ===\n/ # echo hello\nhello\n/ # long lin\ne\n[XenDesk: detached]\n100%\nac\ndone',
    );
  });
  it('keeps the newest output within its limit', () => {
    const log = new SessionLog(10);
    log.append('12345');
    log.append('67890');
    log.append('abc');
    expect(log.raw()).toBe('67890abc');
    expect(log.dropped).toBe(5);
  });
  it('names the file after the domain and the time', () => {
    expect(logFileName('pvdisk', new Date(2026, 10, 27, 13, 5, 9))).toBe(
      'pvdisk-console-20261127-130509.log',
    );
  });
});

describe('console dock', () => {
  it('has one tab per domain, switches kinds in place, and activates a neighbour on close', () => {
    const d = createConsoleDockStore();
    d.open('h1', 'pvdisk', 'pv');
    d.open('h1', 'hvm1', 'serial');
    d.open('h1', 'pvdisk', 'pv');
    expect(d.get().tabs.map((t) => t.domain)).toEqual(['pvdisk', 'hvm1']);
    expect(d.get().active).toBe('h1/pvdisk');
    d.setKind('h1/hvm1', 'pv');
    expect(d.get().tabs[1]!.kind).toBe('pv');
    d.toggleMaximized();
    d.close('h1/pvdisk');
    expect(d.get().active).toBe('h1/hvm1');
    d.close('h1/hvm1');
    expect(d.get()).toEqual({ tabs: [], active: null, maximized: false });
  });
});

describe('write pacer', () => {
  // a fake clock and timer queue, and a terminal that parses only when told to
  function rig(opts: { windowChars?: number; intervalMs?: number } = {}) {
    let clock = 0;
    const timers: { at: number; f: () => void }[] = [];
    const written: string[] = [];
    const parsed: (() => void)[] = [];
    const pacer = createWritePacer(
      (d, cb) => {
        written.push(d);
        parsed.push(cb);
      },
      {
        ...opts,
        now: () => clock,
        setTimer: (f, ms) => timers.push({ at: clock + ms, f }),
      },
    );
    const advance = (ms: number) => {
      clock += ms;
      for (const t of timers.filter((x) => x.at <= clock)) {
        timers.splice(timers.indexOf(t), 1);
        t.f();
      }
    };
    return { pacer, written, parsed, advance, timers };
  }
  const big = 'x'.repeat(FLOOD_BATCH_CHARS);

  it('writes small output at once, so an echo is never delayed', () => {
    const r = rig();
    expect(r.pacer.onData('a')).toBeUndefined();
    r.parsed.shift()!();
    expect(r.pacer.onData('b')).toBeUndefined();
    expect(r.written).toEqual(['a', 'b']);
  });

  it('during a flood, waits for the parse and the interval, then writes one batch', () => {
    const r = rig({ intervalMs: 50 });
    r.pacer.onData(big); // xterm idle: at once
    r.pacer.onData('1');
    r.pacer.onData('2');
    expect(r.written).toEqual([big]); // xterm still parsing the first batch
    r.advance(10);
    r.parsed.shift()!(); // parsed after 10 ms: the interval is not over
    expect(r.written).toHaveLength(1);
    r.pacer.onData('3');
    r.advance(39);
    expect(r.written).toHaveLength(1);
    r.advance(1); // 50 ms after the first batch
    expect(r.written).toEqual([big, '123']);
    expect(r.pacer.queued).toBe(3);
    r.parsed.shift()!();
    expect(r.pacer.onData('4')).toBeUndefined(); // a small batch before: no wait
    expect(r.written.at(-1)).toBe('4');
  });

  it('holds the acknowledgement while the window is full, and releases it as xterm parses', async () => {
    const r = rig({ windowChars: FLOOD_BATCH_CHARS + 10, intervalMs: 50 });
    expect(r.pacer.onData(big)).toBeUndefined();
    expect(r.pacer.onData('abcd')).toBeUndefined(); // waits here, inside the window
    const held = r.pacer.onData('efghijkl'); // window reached
    expect(held).toBeInstanceOf(Promise);
    let acked = false;
    void held!.then(() => (acked = true));
    r.parsed.shift()!(); // the big batch parsed: 12 wait, below the window
    await Promise.resolve();
    expect(acked).toBe(true);
    expect(r.pacer.queued).toBe(12);
    r.advance(50);
    expect(r.written).toEqual([big, 'abcdefghijkl']);
  });

  it('hands a big batch to xterm in pieces, so the page can render between them', () => {
    const r = rig({ windowChars: 4 * PIECE_CHARS, intervalMs: 0 });
    r.pacer.onData('x'); // xterm busy with this one meanwhile
    r.pacer.onData('a'.repeat(PIECE_CHARS));
    r.pacer.onData('b'.repeat(PIECE_CHARS / 2));
    r.parsed.shift()!();
    expect(r.written.slice(1).map((w) => w.length)).toEqual([PIECE_CHARS, PIECE_CHARS / 2]);
    expect(r.written.slice(1).join('')).toBe('a'.repeat(PIECE_CHARS) + 'b'.repeat(PIECE_CHARS / 2));
    r.pacer.onData('c');
    r.parsed.shift()!(); // one piece parsed: the batch is not done yet
    expect(r.written).toHaveLength(3);
    r.parsed.shift()!();
    expect(r.written.at(-1)).toBe('c');
  });

  it('writes nothing once disposed', () => {
    const r = rig();
    r.pacer.onData(big);
    r.pacer.onData('later');
    r.pacer.dispose();
    r.parsed.shift()!();
    r.advance(1000);
    expect(r.written).toEqual([big]);
    expect(r.pacer.onData('more')).toBeUndefined();
    expect(r.written).toEqual([big]);
  });
});

describe('screen-reader governor', () => {
  it('suspends screen-reader mode during a flood and restores it when calm', () => {
    const calls: boolean[] = [];
    const g = createA11yGovernor((on) => calls.push(on), { heavyCharsPerTick: 100, calmTicks: 2 });
    g.output(50);
    g.tick();
    expect(calls).toEqual([]);
    g.output(80);
    g.output(80);
    expect(calls).toEqual([false]);
    g.output(500);
    g.tick(); // still busy
    g.tick(); // calm 1
    expect(g.suspended).toBe(true);
    g.tick(); // calm 2
    expect(calls).toEqual([false, true]);
    expect(g.suspended).toBe(false);
  });
});
