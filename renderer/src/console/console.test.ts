// Pure parts of the console UI: the pop-out route, the session log's plain text, the dock's
// tabs, the write pacer and the screen-reader governor.
import { describe, expect, it } from 'vitest';
import { logFileName, SessionLog, toPlainText } from './consoleLog';
import { createConsoleDockStore } from './consoleDockStore';
import { consoleHash, defaultConsoleKind, parseConsoleHash, popOutUrl } from './consoleRoute';
import { createA11yGovernor, createWritePacer } from './writePacer';

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
  it('hands chunks to the terminal at once below the window and holds the ack above it', async () => {
    const parsed: (() => void)[] = [];
    const written: string[] = [];
    const pacer = createWritePacer((d, cb) => {
      written.push(d);
      parsed.push(cb);
    }, 10);
    expect(pacer.onData('abcd')).toBeUndefined(); // 4 queued: ack now
    expect(pacer.onData('efgh')).toBeUndefined(); // 8
    const held = pacer.onData('ijkl'); // 12 ≥ 10: hold
    expect(held).toBeInstanceOf(Promise);
    expect(written).toEqual(['abcd', 'efgh', 'ijkl']); // all handed over without waiting
    let acked = false;
    void held!.then(() => (acked = true));
    parsed.shift()!(); // 8 left
    await Promise.resolve();
    expect(acked).toBe(true);
    expect(pacer.queued).toBe(8);
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
