// The window's preferences (issue 9): loaded from the backend, followed on every event, and used
// where new things get their defaults (the create wizard's storage directory and bridge).
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../../shared/api';
import type { CreateOptions } from '../../../shared/create/spec';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../shared/preferences';
import type { RpcClient } from '../../../shared/rpc';
import { currentLanguage, setLanguage } from '../i18n';
import { initialDraft, newDisk, newNic } from '../wizard/wizardModel';
import { getPrefs, loadPreferences, onPrefsChange, savePreferences } from './prefsStore';

/** A client with just what the store uses: getPreferences, setPreferences and the event. */
function fakeClient(initial: Preferences) {
  let stored = initial;
  let listener: ((p: Preferences) => void) | null = null;
  const client = {
    api: {
      getPreferences: async () => stored,
      setPreferences: async (patch: Partial<Preferences>) => (stored = { ...stored, ...patch }),
    },
    on: (name: keyof ApiEvents, cb: (p: Preferences) => void) => {
      if (name === 'preferencesChanged') listener = cb;
      return () => (listener = null);
    },
  } as unknown as RpcClient;
  return { client, push: (p: Preferences) => listener?.(p) };
}

const options = {
  bridges: ['xenbr0', 'br-lan'],
  storageDirs: [
    { path: '/var/lib/xen/images', freeBytes: 1 },
    { path: '/srv/xen', freeBytes: 1 },
  ],
  volumeGroups: [],
  usedMacs: [],
  freeMemoryMiB: 2048,
} as unknown as CreateOptions;

afterEach(async () => {
  await loadPreferences(fakeClient(DEFAULT_PREFERENCES).client);
  setLanguage('en');
});

describe('prefsStore', () => {
  it('loads, applies the language, and follows preferencesChanged from other windows', async () => {
    const { client, push } = fakeClient({ ...DEFAULT_PREFERENCES, language: 'it' });
    await loadPreferences(client);
    expect(getPrefs().language).toBe('it');
    expect(currentLanguage()).toBe('it');
    let changes = 0;
    const off = onPrefsChange(() => changes++);
    push({ ...DEFAULT_PREFERENCES, language: 'zh', consoleFontSize: 20 });
    expect(changes).toBe(1);
    expect(getPrefs().consoleFontSize).toBe(20);
    expect(currentLanguage()).toBe('zh');
    off();
  });

  it('saves through the backend and keeps its answer', async () => {
    const { client } = fakeClient(DEFAULT_PREFERENCES);
    await loadPreferences(client);
    await savePreferences(client, { historyMinutes: 120 });
    expect(getPrefs().historyMinutes).toBe(120);
  });

  it('gives the wizard the preferred storage directory and bridge when the host has them', async () => {
    const { client } = fakeClient({
      ...DEFAULT_PREFERENCES,
      defaultStorageDir: '/srv/xen',
      defaultBridge: 'br-lan',
    });
    await loadPreferences(client);
    expect(newDisk(options).dir).toBe('/srv/xen');
    expect(newNic(options, null).bridge).toBe('br-lan');
    expect(initialDraft('h', options).nics[0]!.bridge).toBe('br-lan');
    // not on this host: the host's first one
    await savePreferences(client, { defaultStorageDir: '/data', defaultBridge: 'xenbr9' });
    expect(newDisk(options).dir).toBe('/var/lib/xen/images');
    expect(newNic(options, null).bridge).toBe('xenbr0');
  });
});
