// Pure helpers of the graphical console (no DOM, no noVNC): the send-keys table, text →
// keystrokes for "type text", screenshot file names, the pop-out route and reconnect delays.

/** X11 keysyms (keysymdef.h) used by the send-keys menu and "type text" */
export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Print: 0xff61,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
} as const;

/** One key: its keysym and physical key (KeyboardEvent.code → XT scancode in noVNC). */
export interface KeyStroke {
  keysym: number;
  code: string | null;
}

export interface KeyCombo {
  id: string;
  /** pressed in order, released in reverse */
  keys: KeyStroke[];
}

const CTRL: KeyStroke = { keysym: XK.Control_L, code: 'ControlLeft' };
const ALT: KeyStroke = { keysym: XK.Alt_L, code: 'AltLeft' };

/** The send-keys menu (Ctrl+Alt+Del has its own entry with a confirmation). */
export const SEND_KEYS: KeyCombo[] = [
  { id: 'cab', keys: [CTRL, ALT, { keysym: XK.BackSpace, code: 'Backspace' }] },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `f${i + 1}`,
    keys: [CTRL, ALT, { keysym: XK.F1 + i, code: `F${i + 1}` }],
  })),
  { id: 'print', keys: [{ keysym: XK.Print, code: 'PrintScreen' }] },
];

/** Press-and-release events of a combo, as (keysym, code, down) triples. */
export function comboEvents(c: KeyCombo): [number, string | null, boolean][] {
  return [
    ...c.keys.map((k): [number, string | null, boolean] => [k.keysym, k.code, true]),
    ...[...c.keys].reverse().map((k): [number, string | null, boolean] => [k.keysym, k.code, false]),
  ];
}

/** Characters that need Shift on a US keyboard (QEMU maps keysyms with its en-us keymap). */
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?ABCDEFGHIJKLMNOPQRSTUVWXYZ');

/**
 * Text → keysym strokes for "type text". Keysyms only (no physical code): the VNC server
 * maps them with its keymap; Shift is pressed around characters that need it there.
 * Latin-1 characters are their own keysym; others use the Unicode keysym range.
 */
export function textToStrokes(text: string): { keysym: number; shift: boolean }[] {
  const out: { keysym: number; shift: boolean }[] = [];
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out.push({ keysym: XK.Return, shift: false });
    else if (ch === '\t') out.push({ keysym: XK.Tab, shift: false });
    else if (cp < 0x20 || cp === 0x7f) continue;
    else if (cp <= 0xff) out.push({ keysym: cp, shift: SHIFTED.has(ch) });
    else out.push({ keysym: 0x01000000 + cp, shift: false });
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** DOMAIN-YYYYmmdd-HHMMSS.png in local time */
export function screenshotName(domain: string, at: Date): string {
  return (
    `${domain}-${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-` +
    `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.png`
  );
}

export interface VncRoute {
  hostId: string;
  domain: string;
}

const HOST_ID = /^[a-z0-9-]{1,64}$/;
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `#vnc/<hostId>/<domain>`: the pop-out window renders only the viewer. */
export function parseVncRoute(hash: string): VncRoute | null {
  const m = /^#vnc\/([^/]+)\/([^/]+)$/.exec(hash);
  if (!m) return null;
  let hostId: string;
  let domain: string;
  try {
    hostId = decodeURIComponent(m[1]!);
    domain = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  return HOST_ID.test(hostId) && DOMAIN.test(domain) ? { hostId, domain } : null;
}

export function vncRouteHash(r: VncRoute): string {
  return `#vnc/${encodeURIComponent(r.hostId)}/${encodeURIComponent(r.domain)}`;
}

/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, then every 8 s (a guest reboot takes a few seconds). */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** Math.max(0, attempt));
}

/** Give up after this many failed attempts in a row (about two minutes). */
export const MAX_RECONNECT_ATTEMPTS = 18;

export type ScaleMode = 'fit' | '1:1' | 'remote';

/** noVNC settings for a scaling mode. */
export function scaleSettings(mode: ScaleMode): {
  scaleViewport: boolean;
  resizeSession: boolean;
  clipViewport: boolean;
} {
  switch (mode) {
    case 'fit':
      return { scaleViewport: true, resizeSession: false, clipViewport: false };
    case '1:1':
      return { scaleViewport: false, resizeSession: false, clipViewport: false };
    case 'remote':
      // ask the guest for the window's size; scale while (or if) it cannot follow
      return { scaleViewport: true, resizeSession: true, clipViewport: false };
  }
}
