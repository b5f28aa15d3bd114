// The pure parts of the Electron shell (issue 9): remembered window bounds, which pop-outs are the
// app's own, and the application menu's commands, shortcuts and languages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import {
  ACCELERATORS,
  APP_COMMANDS,
  commandForKey,
  matchesAccelerator,
  type AppCommand,
} from '../shared/commands';
import { buildMenuTemplate, menuLabel } from './appMenu';
import { appPopoutHash } from './popout';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, saveWindowState } from './windowState';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-win-'));
  dirs.push(d);
  return d;
};

describe('window state', () => {
  it('round-trips through an atomically written file', () => {
    const f = path.join(tmp(), 'sub', 'window-state.json');
    saveWindowState(f, { x: 10, y: 20, width: 1400, height: 900, maximized: true, fullScreen: false });
    expect(loadWindowState(f)).toEqual({
      x: 10,
      y: 20,
      width: 1400,
      height: 900,
      maximized: true,
      fullScreen: false,
    });
    expect(fs.readdirSync(path.dirname(f))).toEqual(['window-state.json']);
  });

  it('falls back to the default for a missing or damaged file', () => {
    const d = tmp();
    expect(loadWindowState(path.join(d, 'none.json'))).toEqual(DEFAULT_WINDOW);
    fs.writeFileSync(path.join(d, 'bad.json'), '{"width": "wide"');
    expect(loadWindowState(path.join(d, 'bad.json'))).toEqual(DEFAULT_WINDOW);
    fs.writeFileSync(path.join(d, 'tiny.json'), '{"width": 5, "height": 5}');
    expect(loadWindowState(path.join(d, 'tiny.json'))).toEqual(DEFAULT_WINDOW);
  });

  const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 2560, height: 1400 };
  const min = { width: 900, height: 560 };

  it('keeps a position that is on a display', () => {
    const s = { ...DEFAULT_WINDOW, x: 2000, y: 100, width: 1600, height: 1000 };
    expect(fitToDisplays(s, [laptop, right], min)).toEqual({ x: 2000, y: 100, width: 1600, height: 1000 });
  });

  it('drops a position on an unplugged monitor and shrinks to the largest display', () => {
    const s = { ...DEFAULT_WINDOW, x: 2000, y: 100, width: 2400, height: 1300 };
    expect(fitToDisplays(s, [laptop], min)).toEqual({ width: 1920, height: 1040 });
  });

  it('never goes below the minimum size', () => {
    const s = { ...DEFAULT_WINDOW, width: 300, height: 200 };
    expect(fitToDisplays(s, [{ x: 0, y: 0, width: 800, height: 500 }], min)).toEqual({
      width: 900,
      height: 560,
    });
  });
});

describe('app pop-outs', () => {
  const app = 'file:///opt/XenDesk/resources/app.asar/dist/renderer/index.html';

  it('allows the console and VNC routes of the same page', () => {
    expect(appPopoutHash(`${app}#console/h-1a2b/web01/pv`, app)).toBe('#console/h-1a2b/web01/pv');
    expect(appPopoutHash(`${app}#console/h-1a2b/web01`, `${app}#vnc/x/y`)).toBe('#console/h-1a2b/web01');
    expect(appPopoutHash(`${app}#vnc/h-1a2b/win%2010`, app)).toBe('#vnc/h-1a2b/win%2010');
  });

  it.each([
    ['another page', 'file:///etc/passwd#console/h/d'],
    ['a web page', 'https://example.com/index.html#console/h/d'],
    ['no route', `${app}`],
    ['another route', `${app}#settings`],
    ['a query', `${app}?x=1#console/h/d/pv`],
    ['a bad kind', `${app}#console/h/d/bash`],
    ['a script URL', 'javascript:alert(1)'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(appPopoutHash(url, app)).toBeNull();
  });
});

describe('commands and shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('maps keys to commands the Electron way (CmdOrCtrl)', () => {
    expect(commandForKey(key('n', { ctrlKey: true }), false)).toBe('newDomain');
    expect(commandForKey(key('N', { ctrlKey: true, shiftKey: true }), false)).toBe('addHost');
    expect(commandForKey(key('n', { metaKey: true }), true)).toBe('newDomain');
    expect(commandForKey(key('n', { metaKey: true }), false)).toBeNull();
    expect(commandForKey(key(',', { ctrlKey: true }), false)).toBe('preferences');
    expect(commandForKey(key('f', { ctrlKey: true }), false)).toBe('find');
    expect(commandForKey(key('F5'), false)).toBe('refresh');
    expect(commandForKey(key('n'), false)).toBeNull();
    expect(matchesAccelerator('CmdOrCtrl+F', key('f', { ctrlKey: true, altKey: true }), false)).toBe(false);
  });

  it('puts no shortcut on a domain action', () => {
    for (const c of Object.keys(ACCELERATORS)) expect(c.startsWith('domain.')).toBe(false);
  });
});

describe('application menu', () => {
  const sent: AppCommand[] = [];
  const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
  const build = (lang: 'en' | 'ru' | 'it' | 'zh', mac = false) =>
    buildMenuTemplate({ lang, mac, devTools: false, send: (c) => sent.push(c) });

  it('has File, Edit, View, Domain, Window and Help, and every command once', () => {
    const t = build('en');
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Domain', '&Window', '&Help']);
    const ids = flat(t)
      .map((i) => i.id)
      .filter(Boolean);
    expect([...ids].sort()).toEqual([...APP_COMMANDS].sort());
  });

  it('wires the usual shortcuts and sends the command on click', () => {
    const items = flat(build('en'));
    const byId = (id: string) => items.find((i) => i.id === id)!;
    expect(byId('newDomain').accelerator).toBe('CmdOrCtrl+N');
    expect(byId('find').accelerator).toBe('CmdOrCtrl+F');
    expect(byId('preferences').accelerator).toBe('CmdOrCtrl+,');
    expect(items.find((i) => i.role === 'togglefullscreen')).toBeDefined();
    for (const r of ['copy', 'paste', 'undo', 'minimize', 'quit'])
      expect(items.some((i) => i.role === r)).toBe(true);
    (byId('domain.clone').click as () => void)();
    expect(sent.at(-1)).toBe('domain.clone');
  });

  it('is translated, with mnemonics off on macOS and the app menu first there', () => {
    expect(build('ru').map((m) => m.label)).toContain('&Домен');
    expect(flat(build('zh')).find((i) => i.id === 'newDomain')!.label).toBe('新建域…');
    expect(flat(build('it')).find((i) => i.role === 'copy')!.label).toBe('Copia');
    const mac = build('ru', true);
    expect(mac[0]!.label).toBe('XenDesk');
    expect(mac[1]!.label).toBe('Файл');
    expect(menuLabel('zh', 'menu.help', true)).toBe('帮助');
    // a literal ampersand is doubled for Windows/Linux (a single one would be a mnemonic)
    expect(menuLabel('en', 'cmd.domain.resources', false)).toBe('Memory && vCPUs…');
    expect(menuLabel('en', 'cmd.domain.resources', true)).toBe('Memory & vCPUs…');
  });
});
