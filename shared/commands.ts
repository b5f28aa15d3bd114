// The app's commands (issue 9): ONE registry for the Electron application menu, the keyboard
// shortcuts of web mode and the domain context menu. The menu sends a command to the focused
// window as a menuCommand event; the renderer runs it exactly as if a button had been pressed.

export const DOMAIN_MENU_VERBS = [
  'save',
  'restore',
  'resources',
  'rename',
  'autostart',
  'migrate',
  'clone',
  'delete',
  'devices',
  'cd',
] as const;

export const APP_COMMANDS = [
  'newDomain',
  'addHost',
  'demoHost',
  'connect',
  'disconnect',
  'refresh',
  'preferences',
  'find',
  'about',
  'domain.details',
  'domain.start',
  'domain.pause',
  'domain.unpause',
  'domain.shutdown',
  'domain.reboot',
  'domain.destroy',
  'domain.vnc',
  'domain.console',
  ...DOMAIN_MENU_VERBS.map((v) => `domain.${v}` as const),
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(v: unknown): v is AppCommand {
  return typeof v === 'string' && (APP_COMMANDS as readonly string[]).includes(v);
}

/**
 * Shortcuts in Electron's accelerator syntax (the web-mode handler parses the same strings).
 * Domain actions have none on purpose: a stray key must never shut a guest down.
 */
export const ACCELERATORS: Partial<Record<AppCommand, string>> = {
  newDomain: 'CmdOrCtrl+N',
  addHost: 'CmdOrCtrl+Shift+N',
  refresh: 'F5',
  preferences: 'CmdOrCtrl+,',
  find: 'CmdOrCtrl+F',
};

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Does a keydown match an accelerator? CmdOrCtrl is Cmd on macOS and Ctrl elsewhere. */
export function matchesAccelerator(accel: string, e: KeyLike, mac: boolean): boolean {
  const parts = accel.split('+');
  const key = parts.pop()!;
  const want = { ctrl: false, meta: false, shift: false, alt: false };
  for (const m of parts) {
    if (m === 'CmdOrCtrl') want[mac ? 'meta' : 'ctrl'] = true;
    else if (m === 'Ctrl' || m === 'Control') want.ctrl = true;
    else if (m === 'Cmd' || m === 'Command') want.meta = true;
    else if (m === 'Shift') want.shift = true;
    else if (m === 'Alt') want.alt = true;
  }
  if (e.ctrlKey !== want.ctrl || e.metaKey !== want.meta || e.altKey !== want.alt) return false;
  if (e.shiftKey !== want.shift) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/** The command a keydown stands for, if any. */
export function commandForKey(e: KeyLike, mac: boolean): AppCommand | null {
  for (const [cmd, accel] of Object.entries(ACCELERATORS) as [AppCommand, string][]) {
    if (matchesAccelerator(accel, e, mac)) return cmd;
  }
  return null;
}

/** How a shortcut is written for people: "Ctrl+Shift+N", "⌘N". */
export function acceleratorLabel(accel: string, mac: boolean): string {
  const parts = accel.split('+').map((p) => {
    if (p === 'CmdOrCtrl') return mac ? '⌘' : 'Ctrl';
    if (mac && p === 'Shift') return '⇧';
    if (mac && p === 'Alt') return '⌥';
    return p;
  });
  return mac ? parts.join('') : parts.join('+');
}
