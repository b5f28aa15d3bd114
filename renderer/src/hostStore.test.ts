// The host store under a storm of snapshots (issue 4's 50 hosts): state at once, one
// notification per animation frame, and unchanged rows kept as the same objects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostSummary } from '../../shared/api';
import type { DomainRow, HostSnapshot } from '../../shared/types';
import { createHostStore, shareUnchanged } from './hostStore';

const row = (name: string, over: Partial<DomainRow> = {}): DomainRow => ({
  name,
  id: 1,
  uuid: null,
  state: 'running',
  stateFlags: 'r-----',
  type: 'pv',
  cpuPercent: 1,
  cpuSeconds: 10,
  memoryMiB: 512,
  maxMemoryMiB: 512,
  vcpus: 1,
  maxVcpus: 1,
  uptimeSeconds: 60,
  defined: true,
  cfgPath: null,
  autostart: false,
  ...over,
});

const snap = (hostId: string, at: number, domains: DomainRow[]): HostSnapshot => ({
  hostId,
  at,
  dom0: row('Domain-0', { id: 0 }),
  domains,
});

const host = (id: string): HostSummary => ({
  id,
  label: id,
  address: '127.0.0.1',
  port: 22,
  username: 'root',
  auth: { kind: 'agent' },
  demo: false,
  state: 'connected',
});

describe('host store', () => {
  let frames: (() => void)[];
  beforeEach(() => {
    frames = [];
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => (frames[id - 1] = () => undefined));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('takes every snapshot at once but tells subscribers once per frame', () => {
    const s = createHostStore();
    s.setHosts([host('a'), host('b')]);
    let calls = 0;
    s.subscribe(() => calls++);
    for (let i = 1; i <= 10; i++) s.setSnapshot(snap(i % 2 ? 'a' : 'b', i, [row('vm')]));
    expect(s.get().snapshots['a']?.at).toBe(9);
    expect(s.get().snapshots['b']?.at).toBe(10);
    expect(calls).toBe(0);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1000); // the fallback timer was cancelled with the frame
    expect(calls).toBe(1);
  });

  it('still tells them when no frame comes (a hidden window), and at once for host changes', () => {
    const s = createHostStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.setSnapshot(snap('a', 1, []));
    vi.advanceTimersByTime(250);
    expect(calls).toBe(1);
    s.setSnapshot(snap('a', 2, []));
    s.upsertHost(host('a')); // synchronous, and covers the pending snapshot too
    expect(calls).toBe(2);
    frames.at(-1)!();
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(2);
  });

  it('keeps unchanged rows as the same objects, so memoised rows do not render again', () => {
    const first = snap('a', 1, [row('web'), row('db'), row('idle', { id: null, state: 'shut off' })]);
    const s = createHostStore();
    s.setSnapshot(first);
    const busier = snap('a', 2, [
      row('web', { cpuPercent: 80 }),
      row('db'),
      row('idle', { id: null, state: 'shut off' }),
    ]);
    s.setSnapshot(busier);
    const got = s.get().snapshots['a']!;
    expect(got.at).toBe(2);
    expect(got.domains[0]).toBe(busier.domains[0]);
    expect(got.domains[0]?.cpuPercent).toBe(80);
    expect(got.domains[1]).toBe(first.domains[1]);
    expect(got.domains[2]).toBe(first.domains[2]);
    expect(got.dom0).toBe(first.dom0);
    // nothing changed at all: even the list is the old one
    const same = shareUnchanged(
      got,
      snap(
        'a',
        3,
        got.domains.map((r) => ({ ...r })),
      ),
    );
    expect(same.domains).toBe(got.domains);
    expect(same.at).toBe(3);
    // a domain gone: a new list
    expect(shareUnchanged(got, snap('a', 4, [row('db')])).domains).toHaveLength(1);
  });
});
