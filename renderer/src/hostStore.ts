// The renderer's one piece of shared state: hosts and their latest snapshots, keyed by
// hostId, fed by the backend's events. Immutable updates + useSyncExternalStore.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnState, HostSummary } from '../../shared/api';
import type { RpcClient } from '../../shared/rpc';
import type { HostSnapshot } from '../../shared/types';

export interface HostStoreState {
  /** false until the first listHosts answer arrived */
  loaded: boolean;
  /** in the backend's order; new hosts are appended */
  hosts: readonly HostSummary[];
  snapshots: Readonly<Record<string, HostSnapshot>>;
  /** errors the UI saw on a connect attempt that the backend may not carry in HostSummary.error */
  localErrors: Readonly<Record<string, string>>;
  /** the RPC connection to the backend closed */
  backendLost: boolean;
}

export interface HostStore {
  get(): HostStoreState;
  subscribe(cb: () => void): () => void;
  setHosts(hosts: HostSummary[]): void;
  upsertHost(host: HostSummary): void;
  removeHost(hostId: string): void;
  setSnapshot(snapshot: HostSnapshot): void;
  setLocalError(hostId: string, message: string | null): void;
  setBackendLost(): void;
}

export function createHostStore(): HostStore {
  let state: HostStoreState = {
    loaded: false,
    hosts: [],
    snapshots: {},
    localErrors: {},
    backendLost: false,
  };
  const listeners = new Set<() => void>();
  const notify = () => {
    cancelFrame();
    for (const cb of [...listeners]) cb();
  };
  const set = (next: HostStoreState) => {
    state = next;
    notify();
  };
  // Snapshots of 50 hosts arrive at 25 a second: the state takes each at once (get() is always
  // current), but subscribers hear of them once per animation frame, so React renders once per
  // frame however many hosts answered in it. The timer covers a window that paints no frames.
  let frame: { raf: number | null; timer: ReturnType<typeof setTimeout> } | null = null;
  const cancelFrame = () => {
    if (!frame) return;
    if (frame.raf !== null) cancelAnimationFrame(frame.raf);
    clearTimeout(frame.timer);
    frame = null;
  };
  const setLater = (next: HostStoreState) => {
    state = next;
    if (frame) return;
    frame = {
      raf: typeof requestAnimationFrame === 'function' ? requestAnimationFrame(notify) : null,
      timer: setTimeout(notify, 250),
    };
  };
  const without = <V>(rec: Readonly<Record<string, V>>, key: string): Record<string, V> => {
    const copy = { ...rec };
    delete copy[key];
    return copy;
  };

  return {
    get: () => state,
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    setHosts(hosts) {
      set({ ...state, loaded: true, hosts });
    },
    upsertHost(host) {
      const i = state.hosts.findIndex((h) => h.id === host.id);
      const hosts = i < 0 ? [...state.hosts, host] : state.hosts.map((h, j) => (j === i ? host : h));
      let { localErrors } = state;
      // a fresh connection attempt or success supersedes what the UI remembered
      if (host.state === 'connected' || host.state === 'connecting')
        localErrors = without(localErrors, host.id);
      // a host that is no longer polled shows no stale domains (reconnecting keeps them, dimmed)
      const snapshots =
        host.state === 'disconnected' || host.state === 'error'
          ? without(state.snapshots, host.id)
          : state.snapshots;
      set({ ...state, hosts, localErrors, snapshots });
    },
    removeHost(hostId) {
      set({
        ...state,
        hosts: state.hosts.filter((h) => h.id !== hostId),
        snapshots: without(state.snapshots, hostId),
        localErrors: without(state.localErrors, hostId),
      });
    },
    setSnapshot(snapshot) {
      const prev = state.snapshots[snapshot.hostId];
      if (prev && prev.at > snapshot.at) return; // an older answer overtaken by an event
      setLater({
        ...state,
        snapshots: { ...state.snapshots, [snapshot.hostId]: shareUnchanged(prev, snapshot) },
      });
    },
    setLocalError(hostId, message) {
      const localErrors =
        message === null ? without(state.localErrors, hostId) : { ...state.localErrors, [hostId]: message };
      set({ ...state, localErrors });
    },
    setBackendLost() {
      set({ ...state, backendLost: true });
    },
  };
}

/**
 * The new snapshot with every row (and dom0) that did not change replaced by the previous
 * snapshot's object: rows are memoised on identity, so only the rows that changed render again.
 */
export function shareUnchanged(prev: HostSnapshot | undefined, next: HostSnapshot): HostSnapshot {
  if (!prev) return next;
  const old = new Map(prev.domains.map((r) => [r.name, r]));
  let same = prev.domains.length === next.domains.length;
  const domains = next.domains.map((r, i) => {
    const o = old.get(r.name);
    const keep = o && sameJson(o, r) ? o : r;
    if (keep !== prev.domains[i]) same = false;
    return keep;
  });
  const dom0 = prev.dom0 && next.dom0 && sameJson(prev.dom0, next.dom0) ? prev.dom0 : next.dom0;
  return { ...next, dom0, domains: same ? prev.domains : domains };
}

/** Rows are plain JSON from the backend: equal when their serialisations are. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Wire the store to the backend: initial host list + the pushed events. */
export function attachHostStore(store: HostStore, client: RpcClient): () => void {
  const offs = [
    client.on('hostChanged', (h) => store.upsertHost(h)),
    client.on('hostRemoved', ({ hostId }) => store.removeHost(hostId)),
    client.on('snapshot', (s) => store.setSnapshot(s)),
  ];
  client.onClose(() => store.setBackendLost());
  void client.api.listHosts({}).then(
    (hosts) => store.setHosts(hosts),
    () => store.setHosts([]),
  );
  return () => {
    for (const off of offs) off();
  };
}

/** The state shown for a host: a failed attempt the backend left as 'disconnected' shows as 'error'. */
export function displayState(host: HostSummary, localError: string | undefined): ConnState {
  if (host.state === 'disconnected' && localError) return 'error';
  return host.state;
}

/** The error worded for the user, from the backend or from the UI's own attempt. */
export function hostError(host: HostSummary, localError: string | undefined): string | undefined {
  if (host.state === 'connected') return undefined;
  return host.error ?? localError;
}

export function useHostStore<T>(store: HostStore, select: (s: HostStoreState) => T): T {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get()),
  );
}

/**
 * Like useHostStore, for views over EVERY host (the all-hosts list: 50 hosts × 40 domains is a
 * table of 2000 rows whose style and layout alone cost more than a frame): renders at most once
 * per `ms`, however many hosts were polled meanwhile. Disabled, it subscribes to nothing.
 */
export function useHostStoreThrottled<T>(
  store: HostStore,
  select: (s: HostStoreState) => T,
  ms: number,
  enabled = true,
): T {
  const [value, setValue] = useState(() => select(store.get()));
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => {
      timer = null;
      last = Date.now();
      setValue(selectRef.current(store.get()));
    };
    const off = store.subscribe(() => {
      if (timer !== null) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    update(); // what changed since the first render, or while disabled
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, ms, enabled]);
  return value;
}
