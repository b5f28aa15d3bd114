// Which guests the table shows, and in which groups (pure, unit-tested): a name search, a run-state
// filter in virt-manager's words, a guest-type filter, and grouping by host or by a user tag.
import type { DomainRow, DomainState, GuestType } from '../../../shared/types';

/** The states people filter by; "running" covers xl's r, b and idle (all are up and scheduled). */
export const STATE_FILTERS = ['all', 'running', 'paused', 'shut off', 'shutdown', 'crashed'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const TYPE_FILTERS = ['all', 'pv', 'pvh', 'hvm'] as const;
export type TypeFilter = (typeof TYPE_FILTERS)[number];

export const GROUP_BYS = ['none', 'host', 'tag'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface DomainFilter {
  query: string;
  state: StateFilter;
  type: TypeFilter;
}

export const EMPTY_FILTER: DomainFilter = { query: '', state: 'all', type: 'all' };

const STATE_GROUP: Record<DomainState, Exclude<StateFilter, 'all'>> = {
  running: 'running',
  blocked: 'running',
  idle: 'running',
  paused: 'paused',
  shutdown: 'shutdown',
  dying: 'shutdown',
  crashed: 'crashed',
  'shut off': 'shut off',
};

export function stateFilterOf(state: DomainState): Exclude<StateFilter, 'all'> {
  return STATE_GROUP[state];
}

export function isFiltering(f: DomainFilter): boolean {
  return f.query.trim() !== '' || f.state !== 'all' || f.type !== 'all';
}

/**
 * Does the row pass? The query matches anywhere in the name, case-insensitively; several words
 * must all match (in the name or in one of the row's tags); a query that looks like a UUID prefix
 * also matches the UUID.
 */
export function matchesFilter(row: DomainRow, f: DomainFilter, tags: readonly string[] = []): boolean {
  if (f.state !== 'all' && STATE_GROUP[row.state] !== f.state) return false;
  if (f.type !== 'all' && row.type !== (f.type as GuestType)) return false;
  const words = f.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const name = row.name.toLowerCase();
  const uuid = row.uuid?.toLowerCase() ?? '';
  const lowTags = tags.map((t) => t.toLowerCase());
  return words.every(
    (w) => name.includes(w) || lowTags.some((t) => t.includes(w)) || (w.length >= 4 && uuid.startsWith(w)),
  );
}

export function filterDomains<R extends DomainRow>(
  rows: readonly R[],
  f: DomainFilter,
  tagsOf: (row: R) => readonly string[] = () => [],
): R[] {
  if (!isFiltering(f)) return [...rows];
  return rows.filter((r) => matchesFilter(r, f, tagsOf(r)));
}

export interface DomainGroup<R> {
  /** stable id: the host id, the tag, or '' for "no tag" / everything */
  id: string;
  label: string;
  rows: R[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Group rows (already sorted: each group keeps that order). By tag, a guest with several tags is
 * listed under each of them, and guests without a tag come last under `untaggedLabel`. Groups by
 * host follow `hostOrder`. Empty groups are dropped.
 */
export function groupDomains<R>(
  rows: readonly R[],
  by: GroupBy,
  opts: {
    hostOf?: (row: R) => string;
    hostLabel?: (hostId: string) => string;
    hostOrder?: readonly string[];
    tagsOf?: (row: R) => readonly string[];
    untaggedLabel?: string;
    allLabel?: string;
  } = {},
): DomainGroup<R>[] {
  if (by === 'none') return [{ id: '', label: opts.allLabel ?? '', rows: [...rows] }];
  const groups = new Map<string, DomainGroup<R>>();
  const add = (id: string, label: string, row: R) => {
    let g = groups.get(id);
    if (!g) {
      g = { id, label, rows: [] };
      groups.set(id, g);
    }
    g.rows.push(row);
  };
  if (by === 'host') {
    const hostOf = opts.hostOf ?? (() => '');
    for (const r of rows) {
      const h = hostOf(r);
      add(h, opts.hostLabel?.(h) ?? h, r);
    }
    const order = opts.hostOrder ?? [];
    const rank = (id: string) => {
      const i = order.indexOf(id);
      return i < 0 ? order.length : i;
    };
    return [...groups.values()].sort((a, b) => rank(a.id) - rank(b.id) || collator.compare(a.label, b.label));
  }
  const tagsOf = opts.tagsOf ?? (() => []);
  for (const r of rows) {
    const tags = [...new Set(tagsOf(r))];
    if (tags.length === 0) add('', opts.untaggedLabel ?? '', r);
    else for (const tg of tags) add(`#${tg}`, tg, r);
  }
  return [...groups.values()].sort((a, b) => {
    if (a.id === '' || b.id === '') return a.id === '' ? 1 : -1;
    return collator.compare(a.label, b.label);
  });
}

/** Normalise what a user typed as tags: "web, prod  db" → ["web", "prod", "db"]. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,\s]+/)) {
    const tg = raw.trim().replace(/^#/, '');
    if (tg && !out.includes(tg)) out.push(tg.slice(0, 40));
  }
  return out;
}
