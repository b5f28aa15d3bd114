// Sorting the guest table by any column (pure, unit-tested).
import type { DomainRow, DomainState } from '../../shared/types';

export type SortColumn = 'name' | 'id' | 'state' | 'type' | 'cpu' | 'memory' | 'vcpus' | 'uptime';
export type SortDirection = 'asc' | 'desc';
export interface SortSpec {
  column: SortColumn;
  direction: SortDirection;
}

const STATE_ORDER: Record<DomainState, number> = {
  running: 0,
  blocked: 1,
  idle: 2,
  paused: 3,
  shutdown: 4,
  crashed: 5,
  dying: 6,
  'shut off': 7,
};
const TYPE_ORDER = { pv: 0, pvh: 1, hvm: 2 } as const;

function key(row: DomainRow, column: SortColumn): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'id':
      return row.id;
    case 'state':
      return STATE_ORDER[row.state];
    case 'type':
      return row.type === null ? null : TYPE_ORDER[row.type];
    case 'cpu':
      return row.cpuPercent;
    case 'memory':
      return row.memoryMiB;
    case 'vcpus':
      return row.vcpus;
    case 'uptime':
      return row.uptimeSeconds;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorted copy; unknown values (null) always go last; ties fall back to the name. */
export function sortDomains(rows: readonly DomainRow[], spec: SortSpec): DomainRow[] {
  const dir = spec.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a, spec.column);
    const kb = key(b, spec.column);
    if (ka === null && kb !== null) return 1;
    if (kb === null && ka !== null) return -1;
    let c = 0;
    if (ka !== null && kb !== null) {
      c =
        typeof ka === 'string' || typeof kb === 'string' ? collator.compare(String(ka), String(kb)) : ka - kb;
    }
    if (c === 0 && spec.column !== 'name') return collator.compare(a.name, b.name);
    return c * dir;
  });
}

/** Clicking a header: same column flips, a new column starts with its natural direction. */
export function nextSort(current: SortSpec, column: SortColumn): SortSpec {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  // numbers people scan for "the biggest" start descending
  const desc: SortColumn[] = ['cpu', 'memory', 'vcpus', 'uptime'];
  return { column, direction: desc.includes(column) ? 'desc' : 'asc' };
}
