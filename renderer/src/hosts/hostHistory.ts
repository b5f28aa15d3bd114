// The host's CPU and memory over time (issue 4), from the snapshots the poll already pushes:
// CPU = the sum of every domain's CPU% (Domain-0 included) over the host's physical CPUs;
// memory = what the running domains hold. No extra command runs on the host for the graph.
import { useEffect, useSyncExternalStore } from 'react';
import type { RpcClient } from '../../../shared/rpc';
import type { HostSnapshot } from '../../../shared/types';
import { getPrefs } from '../prefs/prefsStore'; // issue 9: how far back is a preference

export interface HostSample {
  at: number;
  /** percent of all physical CPUs (null when xentop gave no figures) */
  cpuPct: number | null;
  memUsedMiB: number;
}

/** a hard cap whatever the preferences: 3 hours at the shortest poll (0.5 s) */
export const HISTORY_MAX = 21_600;

/** One sample from one snapshot (pure). */
export function sampleOf(s: HostSnapshot, nrCpus: number): HostSample {
  const rows = [...(s.dom0 ? [s.dom0] : []), ...s.domains.filter((d) => d.id !== null)];
  const cpus = rows.map((r) => r.cpuPercent).filter((v): v is number => v !== null);
  return {
    at: s.at,
    cpuPct: cpus.length ? cpus.reduce((a, b) => a + b, 0) / Math.max(1, nrCpus) : null,
    memUsedMiB: rows.reduce((a, r) => a + r.memoryMiB, 0),
  };
}

type Listener = () => void;

class HostHistoryStore {
  private data = new Map<string, HostSample[]>();
  private version = 0;
  private listeners = new Set<Listener>();
  nrCpus = new Map<string, number>();

  push(s: HostSnapshot): void {
    const list = this.data.get(s.hostId) ?? [];
    const last = list[list.length - 1];
    if (last && last.at >= s.at) return;
    const next = [...list, sampleOf(s, this.nrCpus.get(s.hostId) ?? 1)];
    const from = s.at - getPrefs().historyMinutes * 60_000;
    let drop = 0;
    while (drop < next.length - 1 && next[drop]!.at < from) drop++;
    if (next.length - drop > HISTORY_MAX) drop = next.length - HISTORY_MAX;
    if (drop > 0) next.splice(0, drop);
    this.data.set(s.hostId, next);
    this.version++;
    for (const l of [...this.listeners]) l();
  }
  get(hostId: string): HostSample[] {
    return this.data.get(hostId) ?? EMPTY;
  }
  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getVersion = () => this.version;
}

const EMPTY: HostSample[] = [];
const stores = new WeakMap<RpcClient, HostHistoryStore>();

function storeFor(client: RpcClient): HostHistoryStore {
  let s = stores.get(client);
  if (!s) {
    const store = new HostHistoryStore();
    s = store;
    stores.set(client, store);
    client.on('snapshot', (snap) => store.push(snap));
    client.on('hostChanged', (h) => {
      if (h.info?.nrCpus) store.nrCpus.set(h.id, h.info.nrCpus);
    });
  }
  return s;
}

/** Start collecting as soon as the app runs (mount once in App). */
export function useHostHistoryFeed(client: RpcClient): void {
  useEffect(() => {
    storeFor(client);
  }, [client]);
}

export function useHostHistory(client: RpcClient, hostId: string, nrCpus?: number): HostSample[] {
  const store = storeFor(client);
  if (nrCpus) store.nrCpus.set(hostId, nrCpus);
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  return store.get(hostId);
}
