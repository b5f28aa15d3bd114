import { describe, expect, it } from 'vitest';
import type { DomainRow, HostSnapshot } from '../../../shared/types';
import type { IoCounters } from './ioCounters';
import { PerfHistory } from './perfHistory';

type Row = DomainRow & { bytes?: IoCounters };
const row = (over: Partial<Row>): Row => ({
  name: 'g',
  id: 5,
  uuid: null,
  state: 'running',
  stateFlags: 'r-----',
  type: 'pv',
  cpuPercent: 10,
  cpuSeconds: 0,
  memoryMiB: 128,
  maxMemoryMiB: 256,
  vcpus: 1,
  maxVcpus: 1,
  uptimeSeconds: 10,
  defined: true,
  cfgPath: null,
  autostart: false,
  ...over,
});
const io = (rd: number, wr: number, rx: number, tx: number): IoCounters => ({
  diskReadBytes: rd,
  diskWriteBytes: wr,
  netRxBytes: rx,
  netTxBytes: tx,
});
const snap = (at: number, domains: Row[], hostId = 'h'): HostSnapshot => ({
  hostId,
  at,
  dom0: null,
  domains,
});
const history = () => new PerfHistory({ io: (r) => (r as Row).bytes ?? io(NaN, NaN, NaN, NaN) });

describe('PerfHistory', () => {
  it('computes rates from cumulative counters between samples', () => {
    const h = history();
    h.ingest(snap(1000, [row({ bytes: io(0, 0, 0, 0) })]));
    h.ingest(snap(3000, [row({ cpuPercent: 50, bytes: io(2048, 4096, 1000, 0) })]));
    const a = h.get('h', 'g')!.toArrays();
    expect(a.t).toEqual([1000, 3000]);
    expect(a.cpu).toEqual([10, 50]);
    expect(a.memMiB).toEqual([128, 128]);
    expect(a.diskRead).toEqual([null, 1024]);
    expect(a.diskWrite).toEqual([null, 2048]);
    expect(a.netRx).toEqual([null, 500]);
    expect(a.netTx).toEqual([null, 0]);
  });

  it('skips samples closer than the minimum interval, the next rate spans the whole interval', () => {
    const h = history();
    h.ingest(snap(1000, [row({ bytes: io(0, 0, 0, 0) })]));
    h.ingest(snap(1500, [row({ bytes: io(500, 0, 0, 0) })]));
    h.ingest(snap(3000, [row({ bytes: io(4000, 0, 0, 0) })]));
    const a = h.get('h', 'g')!.toArrays();
    expect(a.t).toEqual([1000, 3000]);
    expect(a.diskRead).toEqual([null, 2000]);
  });

  it('gives a gap, not a spike, after a reboot (new domid, counters restart) or a counter going back', () => {
    const h = history();
    h.ingest(snap(1000, [row({ bytes: io(1e6, 0, 0, 0) })]));
    h.ingest(snap(2000, [row({ id: 6, bytes: io(10, 0, 0, 0) })]));
    h.ingest(snap(3000, [row({ id: 6, bytes: io(5, 0, 0, 0) })]));
    h.ingest(snap(4000, [row({ id: 6, bytes: io(1005, 0, 0, 0) })]));
    expect(h.get('h', 'g')!.toArrays().diskRead).toEqual([null, null, null, 1000]);
  });

  it('marks a domain that stopped with one gap sample and forgets it after the window', () => {
    const h = new PerfHistory({ windowMs: 10_000, io: () => io(0, 0, 0, 0) });
    h.ingest(snap(1000, [row({})]));
    h.ingest(snap(2000, [row({ id: null, state: 'shut off' })]));
    h.ingest(snap(3000, []));
    const a = h.get('h', 'g')!.toArrays();
    expect(a.t).toEqual([1000, 2000]);
    expect(a.cpu).toEqual([10, null]);
    h.ingest(snap(11_500, []));
    expect(h.get('h', 'g')).toBeUndefined();
  });

  it('keeps one hour, ignores stale snapshots, keeps hosts apart and notifies', () => {
    const h = new PerfHistory({ io: () => io(0, 0, 0, 0) });
    let calls = 0;
    const off = h.subscribe(() => calls++);
    for (let s = 0; s <= 7200; s += 2) h.ingest(snap(s * 1000, [row({})]));
    const buf = h.get('h', 'g')!;
    expect(buf.firstTime).toBe(3600_000);
    expect(buf.lastTime).toBe(7200_000);
    h.ingest(snap(5000, [row({ cpuPercent: 99 })])); // older than what we have
    expect(buf.lastTime).toBe(7200_000);
    h.ingest(snap(10, [row({})], 'other'));
    expect(h.get('other', 'g')!.length).toBe(1);
    expect(calls).toBeGreaterThan(3600);
    off();
    h.dropHost('other');
    expect(h.get('other', 'g')).toBeUndefined();
  });
});

describe('ioCounters', () => {
  it('turns xentop KiB and sectors into bytes', async () => {
    const { ioCounters } = await import('./ioCounters');
    const r = row({ io: undefined });
    expect(ioCounters(r)).toEqual({
      diskReadBytes: null,
      diskWriteBytes: null,
      netRxBytes: null,
      netTxBytes: null,
    });
    const withIo = {
      ...r,
      io: { netTxKiB: 2, netRxKiB: 3, vbdRdReqs: 1, vbdWrReqs: 1, vbdRdSect: 4, vbdWrSect: null },
    };
    expect(ioCounters(withIo)).toEqual({
      diskReadBytes: 2048,
      diskWriteBytes: null,
      netRxBytes: 3072,
      netTxBytes: 2048,
    });
  });
});
