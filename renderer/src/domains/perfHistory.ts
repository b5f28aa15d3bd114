// One hour of performance history per domain, fed by the backend's 'snapshot' events whether or not
// a Details view is open (so opening one shows the past hour at once). CPU % and memory are taken as
// polled; disk and network RATES are the difference of xentop's cumulative counters between two
// samples divided by the time between them. A counter that went backwards (the guest rebooted: new
// domid, counters restart) or a domain that was away gives a gap, never a bogus spike.
import type { DomainRow, HostSnapshot } from '../../../shared/types';
import { ioCounters, type IoCounters } from './ioCounters';
import { RingBuffer } from './ringBuffer';

export const PERF_FIELDS = ['cpu', 'memMiB', 'diskRead', 'diskWrite', 'netRx', 'netTx'] as const;
export type PerfField = (typeof PERF_FIELDS)[number];
/** cpu: % of one physical CPU (xentop); memMiB: MiB; the rest: bytes per second. */
export type PerfBuffer = RingBuffer<PerfField>;

export interface PerfHistoryOptions {
  /** how much history to keep (ms); 1 h */
  windowMs?: number;
  /** samples closer than this are skipped (the next rate then spans the longer interval) */
  minIntervalMs?: number;
  /** where the cumulative counters of a row are (tests inject their own) */
  io?: (row: DomainRow) => IoCounters;
}

interface Entry {
  buf: PerfBuffer;
  /** the reading the next rates are computed against */
  base: { at: number; domid: number; io: IoCounters } | null;
  /** the last pushed sample was a gap marker */
  gapped: boolean;
}

const COUNTER_TO_FIELD: Record<keyof IoCounters, PerfField> = {
  diskReadBytes: 'diskRead',
  diskWriteBytes: 'diskWrite',
  netRxBytes: 'netRx',
  netTxBytes: 'netTx',
};

export class PerfHistory {
  windowMs: number;
  readonly minIntervalMs: number;
  capacity: number;
  private readonly io: (row: DomainRow) => IoCounters;
  /** host id → domain name → entry (a poll of one host touches that host's entries only) */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private readonly lastAt = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** bumped on every change: a cheap snapshot value for useSyncExternalStore */
  version = 0;

  constructor(opts: PerfHistoryOptions = {}) {
    this.windowMs = opts.windowMs ?? 3_600_000;
    this.minIntervalMs = opts.minIntervalMs ?? 1000;
    this.io = opts.io ?? ioCounters;
    // every sample is ≥ minIntervalMs apart, so this many cover the window (+ gap markers)
    this.capacity = Math.ceil(this.windowMs / this.minIntervalMs) + 64;
  }

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getVersion = (): number => this.version;

  /** The buffer of one domain (undefined until it has been seen running). */
  get(hostId: string, name: string): PerfBuffer | undefined {
    return this.entries.get(hostId)?.get(name)?.buf;
  }

  /** Take one poll result. Older or repeated snapshots of a host are ignored. */
  ingest(snap: HostSnapshot): void {
    const prevAt = this.lastAt.get(snap.hostId);
    if (prevAt !== undefined && snap.at <= prevAt) return;
    this.lastAt.set(snap.hostId, snap.at);
    const seen = new Set<string>();
    let changed = false;
    let entries = this.entries.get(snap.hostId);
    if (!entries) this.entries.set(snap.hostId, (entries = new Map()));

    for (const row of snap.domains) {
      if (row.id === null) continue; // shut off: nothing to sample
      const key = row.name;
      seen.add(key);
      let e = entries.get(key);
      if (!e) {
        e = { buf: new RingBuffer(this.capacity, PERF_FIELDS), base: null, gapped: false };
        entries.set(key, e);
      }
      const last = e.buf.lastTime;
      if (last !== null && !e.gapped && snap.at - last < this.minIntervalMs) continue;

      const io = this.io(row);
      const rates: Record<PerfField, number | null> = {
        cpu: row.cpuPercent,
        memMiB: row.memoryMiB,
        diskRead: null,
        diskWrite: null,
        netRx: null,
        netTx: null,
      };
      const base = e.base;
      if (base && base.domid === row.id && snap.at > base.at) {
        const dt = (snap.at - base.at) / 1000;
        for (const k of Object.keys(COUNTER_TO_FIELD) as (keyof IoCounters)[]) {
          const cur = io[k];
          const prev = base.io[k];
          if (cur !== null && prev !== null && cur >= prev) rates[COUNTER_TO_FIELD[k]] = (cur - prev) / dt;
        }
      }
      e.buf.push(snap.at, rates);
      e.base = { at: snap.at, domid: row.id, io };
      e.gapped = false;
      changed = true;
    }

    for (const [key, e] of entries) {
      if (!seen.has(key) && !e.gapped && e.buf.length > 0) {
        // the domain is not running now: a null sample breaks the lines instead of bridging the gap
        e.buf.push(snap.at, {
          cpu: null,
          memMiB: null,
          diskRead: null,
          diskWrite: null,
          netRx: null,
          netTx: null,
        });
        e.gapped = true;
        e.base = null;
        changed = true;
      }
      const before = e.buf.length;
      e.buf.evictBefore(snap.at - this.windowMs);
      if (e.buf.length !== before) changed = true;
      if (e.buf.length === 0 || (e.gapped && e.buf.length === 1)) entries.delete(key);
    }
    if (entries.size === 0) this.entries.delete(snap.hostId);
    if (changed) this.notify();
  }

  /**
   * Keep a different span from now on (Preferences, issue 9): a shorter one drops the oldest
   * samples at once; a longer one grows every buffer, keeping what it has.
   */
  setWindow(windowMs: number): void {
    if (windowMs === this.windowMs || !(windowMs > 0)) return;
    this.windowMs = windowMs;
    this.capacity = Math.ceil(windowMs / this.minIntervalMs) + 64;
    for (const entries of this.entries.values())
      for (const [key, e] of entries) {
        const old = e.buf;
        const last = old.lastTime;
        const buf = new RingBuffer(this.capacity, PERF_FIELDS);
        for (let i = Math.max(0, old.length - this.capacity); i < old.length; i++) {
          const s = old.at(i)!;
          if (last !== null && s.t < last - windowMs) continue;
          buf.push(s.t, s);
        }
        if (buf.length === 0) entries.delete(key);
        else e.buf = buf;
      }
    this.notify();
  }

  /** Forget a host (removed from XenDesk). */
  dropHost(hostId: string): void {
    this.entries.delete(hostId);
    this.lastAt.delete(hostId);
    this.notify();
  }

  private notify(): void {
    this.version++;
    for (const cb of [...this.listeners]) cb();
  }
}
