// Preferences (issue 9): the schema's bounds, how settings.json keeps them, the contract methods,
// the event every window gets, and a poll interval that changes the backend's polling at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, apiSchemas, type ApiEvents } from '../../shared/api';
import {
  DEFAULT_PREFERENCES,
  PreferencesPatchSchema,
  PreferencesSchema,
  parseStoredPreferences,
  resolveLanguage,
} from '../../shared/preferences';
import { createRpcClient, memoryPortPair, type RpcClient } from '../../shared/rpc';
import { createBackend, type Backend } from './backend';
import { SettingsStore } from './settings';
import { startSimDom0 } from './sim/server';
import { generateEd25519 } from './ssh/keygen';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-prefs-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function backend(dataDir: string, pollIntervalMs?: number): { be: Backend; client: () => RpcClient } {
  const be = createBackend({ dataDir, mode: 'web', version: 'test', userKnownHosts: [], pollIntervalMs });
  cleanups.push(() => be.dispose());
  const client = () => {
    const [a, b] = memoryPortPair();
    be.attach(a);
    const c = createRpcClient(b);
    cleanups.push(() => c.close());
    return c;
  };
  return { be, client };
}

describe('the preferences schema', () => {
  it('accepts the defaults and every bound', () => {
    expect(PreferencesSchema.parse(DEFAULT_PREFERENCES)).toEqual(DEFAULT_PREFERENCES);
    const edge = {
      ...DEFAULT_PREFERENCES,
      pollIntervalMs: 500,
      historyMinutes: 180,
      consoleScrollback: 100_000,
    };
    expect(PreferencesSchema.safeParse(edge).success).toBe(true);
  });

  it.each([
    ['pollIntervalMs', 100],
    ['pollIntervalMs', 120_000],
    ['pollIntervalMs', 1500.5],
    ['historyMinutes', 2],
    ['historyMinutes', 24 * 60],
    ['consoleFontSize', 4],
    ['consoleScrollback', 1_000_000],
    ['consoleFontFamily', 'Mono; } body { display: none'],
    ['vncScaling', 'stretch'],
    ['defaultStorageDir', 'images'],
    ['defaultStorageDir', '/var/lib/../../etc'],
    ['defaultBridge', 'br 0'],
    ['language', 'de'],
    ['theme', 'blue'],
    ['confirmForceOff', 'yes'],
  ])('refuses %s = %j', (key, value) => {
    expect(PreferencesPatchSchema.safeParse({ [key]: value }).success).toBe(false);
  });

  it('takes a partial patch but no unknown field', () => {
    expect(PreferencesPatchSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(PreferencesPatchSchema.safeParse({ theme: 'dark', sneaky: 1 }).success).toBe(false);
    expect(apiSchemas.setPreferences).toBe(PreferencesPatchSchema);
  });

  it('keeps the good fields of a hand-edited file and defaults the bad ones', () => {
    const p = parseStoredPreferences({
      pollIntervalMs: 5000,
      historyMinutes: -3,
      theme: 'neon',
      language: 'it',
    });
    expect(p).toEqual({ ...DEFAULT_PREFERENCES, pollIntervalMs: 5000, language: 'it' });
    expect(parseStoredPreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
    expect(parseStoredPreferences('garbage')).toEqual(DEFAULT_PREFERENCES);
  });

  it('resolves "system" from the agent languages', () => {
    expect(resolveLanguage('system', ['ru-RU', 'en'])).toBe('ru');
    expect(resolveLanguage('system', ['de-DE', 'zh-CN'])).toBe('zh');
    expect(resolveLanguage('system', ['de-DE'])).toBe('en');
    expect(resolveLanguage('it', ['ru-RU'])).toBe('it');
  });
});

describe('SettingsStore preferences', () => {
  it('persists a patch atomically beside the hosts and reads it back', () => {
    const dir = tmp();
    const s = new SettingsStore(dir);
    s.addHost({ label: 'xen01', address: 'xen01', port: 22, username: 'root', auth: { kind: 'agent' } });
    const after = s.setPreferences({ theme: 'dark', consoleFontSize: 18 });
    expect(after).toEqual({ ...DEFAULT_PREFERENCES, theme: 'dark', consoleFontSize: 18 });
    // no temp file left behind; the file holds both
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(raw.preferences.theme).toBe('dark');
    expect(raw.hosts).toHaveLength(1);

    const again = new SettingsStore(dir);
    expect(again.preferences()).toEqual(after);
    expect(again.hosts()).toHaveLength(1);
  });

  it('does not lose the hosts over a bad preference in the file', () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        version: 1,
        hosts: [],
        preferences: { pollIntervalMs: 'fast', defaultBridge: 'xenbr1' },
      }),
    );
    const s = new SettingsStore(dir);
    expect(s.preferences()).toEqual({ ...DEFAULT_PREFERENCES, defaultBridge: 'xenbr1' });
    expect(fs.readdirSync(dir).some((f) => f.includes('.invalid-'))).toBe(false);
  });

  it('returns copies, not its own object', () => {
    const s = new SettingsStore(tmp());
    const p = s.preferences();
    p.theme = 'dark';
    expect(s.preferences().theme).toBe('system');
  });
});

describe('getPreferences / setPreferences over the contract', () => {
  it('merges, saves, and tells every window', async () => {
    const dir = tmp();
    const { client } = backend(dir);
    const a = client();
    const b = client();
    const seen: ApiEvents['preferencesChanged'][] = [];
    b.on('preferencesChanged', (p) => seen.push(p));

    expect(await a.api.getPreferences({})).toEqual(DEFAULT_PREFERENCES);
    const next = await a.api.setPreferences({ language: 'ru', confirmForceOff: false });
    expect(next).toMatchObject({ language: 'ru', confirmForceOff: false, theme: 'system' });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual(next);
    expect(await b.api.getPreferences({})).toEqual(next);
    expect(new SettingsStore(dir).preferences()).toEqual(next);
  });

  it('refuses values out of bounds with invalid-params and changes nothing', async () => {
    const { client } = backend(tmp());
    const a = client();
    const err = await a.api.setPreferences({ pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid-params');
    expect((await a.api.getPreferences({})).pollIntervalMs).toBe(DEFAULT_PREFERENCES.pollIntervalMs);
  });

  it('starts polling at the saved interval unless one is given', () => {
    const dir = tmp();
    new SettingsStore(dir).setPreferences({ pollIntervalMs: 7000 });
    expect(backend(dir).be.hosts.pollInterval).toBe(7000);
    expect(backend(dir, 900).be.hosts.pollInterval).toBe(900);
  });

  it('applies a new poll interval to a connected host at once', async () => {
    const dir = tmp();
    const kp = generateEd25519();
    const keyPath = path.join(dir, 'id_ed25519');
    fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
    const sim = await startSimDom0({ authorizedKeys: [kp.public], xentopDelayScale: 0.01, seed: 3 });
    cleanups.push(() => sim.stop());
    const { be, client } = backend(dir, 60_000);
    const c = client();
    const h = await c.api.addHost({
      label: 'sim',
      address: '127.0.0.1',
      port: sim.port,
      username: 'root',
      auth: { kind: 'key', keyPath },
    });
    const first = await c.api.connectHost({ hostId: h.id });
    if (first.status === 'unknown-key') {
      await c.api.trustHostKey({ hostId: h.id, fingerprint: first.fingerprint });
      expect((await c.api.connectHost({ hostId: h.id })).status).toBe('connected');
    }
    let snapshots = 0;
    c.on('snapshot', () => snapshots++);
    // the first poll runs right after connecting; then nothing for a minute
    await expect.poll(() => snapshots, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const before = snapshots;
    await new Promise((r) => setTimeout(r, 1200));
    expect(snapshots).toBe(before);

    await c.api.setPreferences({ pollIntervalMs: 500 });
    expect(be.hosts.pollInterval).toBe(500);
    await expect.poll(() => snapshots - before, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  });
});
