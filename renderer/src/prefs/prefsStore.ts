// The window's copy of the preferences (issue 9). Loaded before the first render (so the first
// frame is already in the right language and theme), replaced by every preferencesChanged event,
// readable outside React (the terminal and the performance history are created imperatively).
import { useSyncExternalStore } from 'react';
import {
  DEFAULT_PREFERENCES,
  LanguagePrefSchema,
  ThemePrefSchema,
  type Preferences,
  type PreferencesPatch,
} from '../../../shared/preferences';
import type { RpcClient } from '../../../shared/rpc';
import { setLanguage } from '../i18n';
import { setThemePreference } from '../theme';

let prefs: Preferences = DEFAULT_PREFERENCES;
const listeners = new Set<() => void>();

// language and theme also live in localStorage: the screens shown before the backend answers
// (loading, "cannot reach the backend") use them too
const UI_KEY = 'xendesk.ui';

function apply(next: Preferences): void {
  prefs = next;
  setLanguage(next.language);
  setThemePreference(next.theme);
  try {
    globalThis.localStorage?.setItem(UI_KEY, JSON.stringify({ language: next.language, theme: next.theme }));
  } catch {
    /* storage disabled */
  }
  for (const cb of [...listeners]) cb();
}

/** Language and theme as last seen, before the backend is reached. */
export function applyCachedUiPrefs(): void {
  let cached: { language?: unknown; theme?: unknown } = {};
  try {
    cached = JSON.parse(globalThis.localStorage?.getItem(UI_KEY) ?? '{}') ?? {};
  } catch {
    /* unreadable: defaults */
  }
  const language = LanguagePrefSchema.safeParse(cached.language);
  const theme = ThemePrefSchema.safeParse(cached.theme);
  setLanguage(language.success ? language.data : 'system');
  setThemePreference(theme.success ? theme.data : 'system');
}

export function getPrefs(): Preferences {
  return prefs;
}

export function onPrefsChange(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function usePrefs(): Preferences {
  return useSyncExternalStore(onPrefsChange, getPrefs, getPrefs);
}

/** Fetch them once and follow the backend's event from then on. */
export async function loadPreferences(client: RpcClient): Promise<Preferences> {
  client.on('preferencesChanged', apply);
  try {
    apply(await client.api.getPreferences({}));
  } catch {
    apply(prefs); // an older backend without preferences: defaults
  }
  return prefs;
}

export async function savePreferences(client: RpcClient, patch: PreferencesPatch): Promise<Preferences> {
  const next = await client.api.setPreferences(patch);
  apply(next);
  return next;
}
