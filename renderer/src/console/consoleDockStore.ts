// The consoles open in the main window's dock: one tab per (host, domain), the active
// one, and whether the dock fills the main area. A tiny external store (useSyncExternalStore).
import { useState, useSyncExternalStore } from 'react';
import type { ConsoleKind } from '../../../shared/api';

export interface ConsoleTab {
  /** hostId + domain: one tab per domain; the console type is switched inside it */
  key: string;
  hostId: string;
  domain: string;
  kind: ConsoleKind;
}

export interface ConsoleDockState {
  tabs: ConsoleTab[];
  active: string | null;
  maximized: boolean;
}

export interface ConsoleDockStore {
  get(): ConsoleDockState;
  subscribe(cb: () => void): () => void;
  /** open (or bring forward) the console of a domain */
  open(hostId: string, domain: string, kind: ConsoleKind): void;
  close(key: string): void;
  activate(key: string): void;
  setKind(key: string, kind: ConsoleKind): void;
  toggleMaximized(): void;
}

export const tabKey = (hostId: string, domain: string) => `${hostId}/${domain}`;

export function createConsoleDockStore(): ConsoleDockStore {
  let state: ConsoleDockState = { tabs: [], active: null, maximized: false };
  const subs = new Set<() => void>();
  const set = (next: ConsoleDockState) => {
    state = next;
    for (const cb of subs) cb();
  };
  return {
    get: () => state,
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    open(hostId, domain, kind) {
      const key = tabKey(hostId, domain);
      const existing = state.tabs.find((t) => t.key === key);
      if (existing) {
        set({
          ...state,
          active: key,
          tabs: state.tabs.map((t) => (t.key === key ? { ...t, kind } : t)),
        });
        return;
      }
      set({ ...state, tabs: [...state.tabs, { key, hostId, domain, kind }], active: key });
    },
    close(key) {
      const i = state.tabs.findIndex((t) => t.key === key);
      if (i < 0) return;
      const tabs = state.tabs.filter((t) => t.key !== key);
      const active = state.active === key ? (tabs[Math.min(i, tabs.length - 1)]?.key ?? null) : state.active;
      set({ tabs, active, maximized: tabs.length ? state.maximized : false });
    },
    activate(key) {
      if (state.tabs.some((t) => t.key === key)) set({ ...state, active: key });
    },
    setKind(key, kind) {
      set({ ...state, tabs: state.tabs.map((t) => (t.key === key ? { ...t, kind } : t)) });
    },
    toggleMaximized() {
      set({ ...state, maximized: !state.maximized });
    },
  };
}

/** One dock per main window. */
export function useConsoleDock(): ConsoleDockStore {
  const [store] = useState(createConsoleDockStore);
  return store;
}

export function useConsoleDockState(store: ConsoleDockStore): ConsoleDockState {
  return useSyncExternalStore(store.subscribe, store.get);
}
