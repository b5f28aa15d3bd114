// The history span follows Preferences at run time (issue 9).
import { describe, expect, it } from 'vitest';
import type { DomainRow, HostSnapshot } from '../../../shared/types';
import { PerfHistory } from './perfHistory';
import { perfWindows } from './PerformanceTab';

const row = (cpu: number): DomainRow => ({
  name: 'g',
  id: 5,
  uuid: null,
  state: 'running',
  stateFlags: 'r-----',
  type: 'pv',
  cpuPercent: cpu,
  cpuSeconds: 0,
  memoryMiB: 128,
  maxMemoryMiB: 256,
  vcpus: 1,
  maxVcpus: 1,
  uptimeSeconds: 10,
  defined: true,
  cfgPath: null,
  autostart: false,
});
const snap = (at: number, cpu: number): HostSnapshot => ({
  hostId: 'h',
  at,
  dom0: null,
  domains: [row(cpu)],
});
const noIo = () => ({ diskReadBytes: null, diskWriteBytes: null, netRxBytes: null, netTxBytes: null });

function filled(windowMs: number, samples: number): PerfHistory {
  const h = new PerfHistory({ windowMs, minIntervalMs: 1000, io: noIo });
  for (let i = 0; i < samples; i++) h.ingest(snap(i * 1000, i));
  return h;
}

describe('PerfHistory.setWindow', () => {
  it('drops the oldest samples when the span shrinks', () => {
    const h = filled(600_000, 500);
    h.setWindow(120_000);
    const buf = h.get('h', 'g')!;
    expect(buf.lastTime).toBe(499_000);
    expect(buf.firstTime).toBe(379_000);
    expect(h.capacity).toBe(120 + 64);
  });

  it('keeps everything and grows when the span grows', () => {
    const h = filled(60_000, 300); // only the last minute kept
    const before = h.get('h', 'g')!.length;
    const v = h.version;
    h.setWindow(3_600_000);
    expect(h.get('h', 'g')!.length).toBe(before);
    expect(h.version).toBeGreaterThan(v);
    for (let i = 300; i < 1000; i++) h.ingest(snap(i * 1000, i));
    expect(h.get('h', 'g')!.length).toBe(1000 - 300 + before);
  });
});

describe('perfWindows', () => {
  it('offers the usual spans within the history and the whole history', () => {
    expect(perfWindows(3600)).toEqual([300, 900, 3600]);
    expect(perfWindows(600)).toEqual([300, 600]);
    expect(perfWindows(10800)).toEqual([300, 900, 3600, 10800]);
    expect(perfWindows(300)).toEqual([300]);
  });
});
