// Desktop notifications (issue 9): only while the window is in the background, permission asked
// once and only when the first notification is due, finished tasks announced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvents } from '../../../shared/api';
import type { RpcClient } from '../../../shared/rpc';

interface FakeNotification {
  title: string;
  body?: string;
}

async function load(opts: {
  hidden: boolean;
  focused: boolean;
  permission: NotificationPermission;
  answer?: NotificationPermission;
}) {
  vi.resetModules();
  const shown: FakeNotification[] = [];
  let asked = 0;
  class N {
    static permission = opts.permission;
    static requestPermission = async () => {
      asked++;
      N.permission = opts.answer ?? 'granted';
      return N.permission;
    };
    onclick: (() => void) | null = null;
    constructor(title: string, o?: { body?: string }) {
      shown.push({ title, body: o?.body });
    }
    close() {}
  }
  vi.stubGlobal('Notification', N);
  vi.stubGlobal('document', { hidden: opts.hidden, hasFocus: () => opts.focused });
  vi.stubGlobal('window', { focus: () => undefined });
  const mod = await import('./notify');
  return { mod, shown, asked: () => asked };
}

afterEach(() => vi.unstubAllGlobals());

describe('notifyInBackground', () => {
  it('stays quiet while the window is in front, and asks nothing', async () => {
    const { mod, shown, asked } = await load({ hidden: false, focused: true, permission: 'default' });
    expect(await mod.notifyInBackground('web01 is shutting down')).toBe(false);
    expect(shown).toEqual([]);
    expect(asked()).toBe(0);
  });

  it('asks for permission on the first one only, then shows it', async () => {
    const { mod, shown, asked } = await load({ hidden: false, focused: false, permission: 'default' });
    expect(await mod.notifyInBackground('web01 saved', 'to /var/lib/xen/save/web01.save')).toBe(true);
    expect(await mod.notifyInBackground('db01 started')).toBe(true);
    expect(asked()).toBe(1);
    expect(shown.map((n) => n.title)).toEqual(['web01 saved', 'db01 started']);
    expect(shown[0]!.body).toBe('to /var/lib/xen/save/web01.save');
  });

  it('respects a refusal', async () => {
    const { mod, shown } = await load({
      hidden: true,
      focused: false,
      permission: 'default',
      answer: 'denied',
    });
    expect(await mod.notifyInBackground('web01 saved')).toBe(false);
    expect(shown).toEqual([]);
  });

  it('announces finished tasks, not their progress', async () => {
    const { mod, shown } = await load({ hidden: true, focused: false, permission: 'granted' });
    let cb: ((p: ApiEvents['taskProgress']) => void) | null = null;
    const client = { on: (_n: string, f: typeof cb) => ((cb = f), () => undefined) } as unknown as RpcClient;
    mod.notifyFinishedTasks(client);
    const base = { taskId: 't1', hostId: 'h', label: 'Cloning db01', fraction: 0.5 };
    cb!({ ...base, done: false });
    cb!({ ...base, done: true, fraction: 1 });
    cb!({ ...base, taskId: 't2', label: 'Migrating web01', done: true, error: 'ssh: connect refused' });
    await vi.waitFor(() => expect(shown).toHaveLength(2));
    expect(shown[0]!.title).toBe('Cloning db01: done');
    expect(shown[1]).toEqual({ title: 'Migrating web01: failed', body: 'ssh: connect refused' });
  });
});
