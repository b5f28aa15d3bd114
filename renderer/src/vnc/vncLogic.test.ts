import { describe, expect, it } from 'vitest';
import type { DomainRow } from '../../../shared/types';
import { canOpenVnc } from './canOpenVnc';
import {
  MAX_RECONNECT_ATTEMPTS,
  SEND_KEYS,
  XK,
  comboEvents,
  parseVncRoute,
  reconnectDelayMs,
  scaleSettings,
  screenshotName,
  textToStrokes,
  vncRouteHash,
} from './vncLogic';

describe('send keys', () => {
  it('Ctrl+Alt+Backspace, Ctrl+Alt+F1–F12 and PrintScreen with keysyms and physical keys', () => {
    expect(SEND_KEYS.map((c) => c.id)).toEqual([
      'cab',
      ...Array.from({ length: 12 }, (_, i) => `f${i + 1}`),
      'print',
    ]);
    const f7 = SEND_KEYS.find((c) => c.id === 'f7')!;
    expect(comboEvents(f7)).toEqual([
      [XK.Control_L, 'ControlLeft', true],
      [XK.Alt_L, 'AltLeft', true],
      [0xffc4, 'F7', true], // XK_F7
      [0xffc4, 'F7', false],
      [XK.Alt_L, 'AltLeft', false],
      [XK.Control_L, 'ControlLeft', false],
    ]);
    expect(SEND_KEYS.find((c) => c.id === 'f12')!.keys[2]).toEqual({ keysym: 0xffc9, code: 'F12' });
    expect(SEND_KEYS.find((c) => c.id === 'print')!.keys).toEqual([{ keysym: 0xff61, code: 'PrintScreen' }]);
  });
});

describe('type text', () => {
  it('maps text to keysyms, with Shift where a US keyboard needs it', () => {
    expect(textToStrokes('aZ!\n')).toEqual([
      { keysym: 0x61, shift: false },
      { keysym: 0x5a, shift: true },
      { keysym: 0x21, shift: true },
      { keysym: XK.Return, shift: false },
    ]);
    // CRLF is one Enter; control characters are dropped; Latin-1 keeps its keysym; others are Unicode keysyms
    expect(textToStrokes('x\r\ny\u0007é€').map((s) => s.keysym)).toEqual([
      0x78,
      XK.Return,
      0x79,
      0xe9,
      0x010020ac,
    ]);
  });
});

describe('pop-out route', () => {
  it('round-trips and refuses anything else', () => {
    const r = { hostId: 'demo-1', domain: 'hvm1' };
    expect(vncRouteHash(r)).toBe('#vnc/demo-1/hvm1');
    expect(parseVncRoute(vncRouteHash(r))).toEqual(r);
    expect(parseVncRoute('')).toBeNull();
    expect(parseVncRoute('#vnc/demo-1')).toBeNull();
    expect(parseVncRoute('#vnc/Demo/hvm1')).toBeNull();
    expect(parseVncRoute('#vnc/demo/..%2f')).toBeNull();
    expect(parseVncRoute('#vnc/demo/%E0%A4%A')).toBeNull();
    expect(parseVncRoute('#console/demo/hvm1')).toBeNull();
  });
});

describe('misc', () => {
  it('names screenshots DOMAIN-YYYYmmdd-HHMMSS.png in local time', () => {
    expect(screenshotName('hvm1', new Date(2026, 0, 5, 7, 8, 9))).toBe('hvm1-20260105-070809.png');
  });

  it('backs off 0.5 s → 8 s and gives up after about two minutes', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    let total = 0;
    for (let i = 0; i < MAX_RECONNECT_ATTEMPTS; i++) total += reconnectDelayMs(i);
    expect(total).toBeGreaterThan(90_000);
    expect(total).toBeLessThan(180_000);
  });

  it('scaling modes', () => {
    expect(scaleSettings('fit')).toMatchObject({ scaleViewport: true, resizeSession: false });
    expect(scaleSettings('1:1')).toMatchObject({ scaleViewport: false, resizeSession: false });
    expect(scaleSettings('remote')).toMatchObject({ resizeSession: true });
  });
});

describe('the main window button', () => {
  const row = (over: Partial<DomainRow>): DomainRow => ({
    name: 'g',
    id: 5,
    uuid: null,
    state: 'blocked',
    stateFlags: '-b----',
    type: 'hvm',
    cpuPercent: null,
    cpuSeconds: null,
    memoryMiB: 1,
    maxMemoryMiB: null,
    vcpus: 1,
    maxVcpus: null,
    uptimeSeconds: null,
    defined: true,
    cfgPath: null,
    autostart: false,
    ...over,
  });
  it('is enabled for running guests with a VNC display only', () => {
    expect(canOpenVnc(row({ graphics: 'vnc' }))).toBe(true);
    expect(canOpenVnc(row({ graphics: 'vnc', type: 'pv', state: 'running' }))).toBe(true);
    expect(canOpenVnc(row({ graphics: 'vnc', state: 'paused' }))).toBe(true);
    expect(canOpenVnc(row({}))).toBe(false); // no vnc / vfb
    expect(canOpenVnc(row({ graphics: 'vnc', state: 'shut off', id: null }))).toBe(false);
    expect(canOpenVnc(row({ graphics: 'vnc', state: 'crashed' }))).toBe(false);
    expect(canOpenVnc(null)).toBe(false);
  });
});
