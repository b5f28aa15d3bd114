// Light or dark (issue 9): the preference ('system' follows prefers-color-scheme) resolved to one
// scheme, set as <html data-theme> so every stylesheet keys its dark colours on it, and published
// for what CSS cannot reach (canvas charts, the terminal's palette).
import { useSyncExternalStore } from 'react';
import type { ThemePref } from '../../shared/preferences';

export type Scheme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';
let pref: ThemePref = 'system';
let scheme: Scheme = 'light';
const listeners = new Set<() => void>();

const systemDark = () => !!globalThis.matchMedia?.(DARK_QUERY).matches;

function resolve(): Scheme {
  if (pref === 'system') return systemDark() ? 'dark' : 'light';
  return pref;
}

function apply(): void {
  const next = resolve();
  const root = globalThis.document?.documentElement;
  if (root) {
    root.dataset['theme'] = next;
    root.style.colorScheme = next;
  }
  if (next === scheme) return;
  scheme = next;
  for (const cb of [...listeners]) cb();
}

let watching = false;
function watchSystem(): void {
  if (watching) return;
  watching = true;
  globalThis.matchMedia?.(DARK_QUERY).addEventListener('change', apply);
}

export function setThemePreference(p: ThemePref): void {
  pref = p;
  watchSystem();
  apply();
}

export function currentScheme(): Scheme {
  return scheme;
}

export function onSchemeChange(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function useScheme(): Scheme {
  return useSyncExternalStore(onSchemeChange, currentScheme, () => 'light');
}
