// How the domain list is narrowed and grouped: one small store for the whole window, so the
// choices survive switching hosts and opening a Details view. State/type/grouping are remembered
// across sessions (localStorage); the search text is not.
import { useSyncExternalStore } from 'react';
import {
  EMPTY_FILTER,
  GROUP_BYS,
  STATE_FILTERS,
  TYPE_FILTERS,
  type DomainFilter,
  type GroupBy,
} from './domainFilter';

export interface DomainView extends DomainFilter {
  groupBy: GroupBy;
}

const STORAGE_KEY = 'xendesk.domains.view.v1';

function load(): DomainView {
  const view: DomainView = { ...EMPTY_FILTER, groupBy: 'none' };
  try {
    const raw = JSON.parse(
      globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null',
    ) as Partial<DomainView> | null;
    if (raw && (STATE_FILTERS as readonly unknown[]).includes(raw.state)) view.state = raw.state!;
    if (raw && (TYPE_FILTERS as readonly unknown[]).includes(raw.type)) view.type = raw.type!;
    if (raw && (GROUP_BYS as readonly unknown[]).includes(raw.groupBy)) view.groupBy = raw.groupBy!;
  } catch {
    /* unreadable: defaults */
  }
  return view;
}

let state: DomainView | null = null;
const listeners = new Set<() => void>();

function get(): DomainView {
  state ??= load();
  return state;
}

export function updateDomainView(patch: Partial<DomainView>): void {
  state = { ...get(), ...patch };
  try {
    const { state: s, type, groupBy } = state;
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ state: s, type, groupBy }));
  } catch {
    /* storage full or disabled: the choice lasts for this window */
  }
  for (const cb of [...listeners]) cb();
}

export function resetDomainFilter(): void {
  updateDomainView({ ...EMPTY_FILTER });
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function useDomainView(): DomainView {
  return useSyncExternalStore(subscribe, get, get);
}
