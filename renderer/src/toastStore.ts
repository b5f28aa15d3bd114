// Transient notifications (action results, connection errors), announced through an
// aria-live region by <ToastRegion>.
import { useSyncExternalStore } from 'react';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  /** xl's own words or the backend's message, shown in monospace under the title */
  detail?: string;
}

const SUCCESS_MS = 5000;
const ERROR_MS = 12000;

export interface ToastStore {
  get(): readonly Toast[];
  subscribe(cb: () => void): () => void;
  show(kind: ToastKind, title: string, detail?: string): number;
  dismiss(id: number): void;
}

export function createToastStore(): ToastStore {
  let toasts: readonly Toast[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  const set = (next: readonly Toast[]) => {
    toasts = next;
    for (const cb of [...listeners]) cb();
  };
  const store: ToastStore = {
    get: () => toasts,
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    show(kind, title, detail) {
      const id = nextId++;
      const toast: Toast =
        detail && detail.trim() ? { id, kind, title, detail: detail.trim() } : { id, kind, title };
      // keep the list short: the newest five
      set([...toasts, toast].slice(-5));
      setTimeout(() => store.dismiss(id), kind === 'error' ? ERROR_MS : SUCCESS_MS);
      return id;
    },
    dismiss(id) {
      if (toasts.some((x) => x.id === id)) set(toasts.filter((x) => x.id !== id));
    },
  };
  return store;
}

export function useToasts(store: ToastStore): readonly Toast[] {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
