// How commands reach the window (issue 9): the Electron menu's menuCommand event, the keyboard in
// web mode (the same accelerators, from ../../shared/commands.ts), the domain context menu and
// anything else that dispatches one. One handler — the main window's — runs them.
import { useEffect, useRef } from 'react';
import { ACCELERATORS, acceleratorLabel, commandForKey, type AppCommand } from '../../shared/commands';
import type { RpcClient } from '../../shared/rpc';
import { registerStrings } from './i18n';
import { en as menuEn, NS as MENU_NS } from './menuStrings';

const translateMenu = registerStrings(MENU_NS, menuEn);

/** Menu and command labels (namespace "menu"); the "&" mnemonics are the native menu's business. */
export function tm(key: keyof typeof menuEn | (string & {}), vars?: Record<string, string | number>): string {
  return translateMenu(key, vars).replace(/\(&\w\)|&(?=\S)/g, '');
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Ctrl+Shift+N" / "⇧⌘N" for a command that has a shortcut. */
export function shortcutOf(cmd: AppCommand): string | undefined {
  const a = ACCELERATORS[cmd];
  return a ? acceleratorLabel(a, isMac) : undefined;
}

type Handler = (cmd: AppCommand) => void;
const handlers = new Set<Handler>();

export function dispatchCommand(cmd: AppCommand): void {
  for (const h of [...handlers]) h(cmd);
}

export function onCommand(h: Handler): () => void {
  handlers.add(h);
  return () => handlers.delete(h);
}

/** Shortcuts that must not fire while the user types into a field, a terminal or an editor. */
function typingIn(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  return !!el?.closest('input, textarea, select, [contenteditable="true"], .xterm, .cm-editor');
}

/**
 * Route commands to `run` (the main window): the bus, the Electron menu and — where no native menu
 * catches them (web mode) — the keyboard. `run` may change every render; the latest one is used.
 */
export function useCommandRouter(client: RpcClient, run: Handler, desktop: boolean): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const off = onCommand((c) => latest.current(c));
    const offMenu = client.on('menuCommand', ({ command }) => dispatchCommand(command));
    const onKey = (e: KeyboardEvent) => {
      // the native menu owns the shortcuts in the desktop app; a handled key is nobody else's
      if (desktop || e.defaultPrevented || e.repeat) return;
      const cmd = commandForKey(e, isMac);
      if (!cmd) return;
      // Ctrl+N etc. in a terminal belong to the guest; while a dialog is open, to the dialog
      if (typingIn(e.target) && cmd !== 'find' && cmd !== 'preferences') return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      dispatchCommand(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      offMenu();
      window.removeEventListener('keydown', onKey);
    };
  }, [client, desktop]);
}
