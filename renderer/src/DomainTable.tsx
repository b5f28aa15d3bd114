// The guest domains of one host: a sortable grid; rows selected by click or arrow keys.
// Optional (issue 5, renderer/src/domains): rows in groups under header rows, rows keyed by more
// than the name (all hosts), and "open" on double-click / Enter.
import { Fragment, useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DomainRow } from '../../shared/types';
import { DomainTableRow } from './DomainTableRow';
import { Icon } from './Icon';
import { nextSort, sortDomains, type SortColumn, type SortSpec } from './sortDomains';
import { t, type StringKey } from './strings';
import './DomainTable.css';

export interface DomainTableProps {
  label: string;
  domains: readonly DomainRow[];
  selected: string | null;
  onSelect: (name: string) => void;
  /** the domain with an action in flight */
  busyDomain: string | null;
  /** open the details of a row (double-click, Enter) */
  onOpen?: (key: string) => void;
  /** identity of a row for `selected`/`onSelect`/`onOpen`/`busyDomain` (default: its name) */
  rowKey?: (row: DomainRow) => string;
  /** split the sorted rows into groups shown under header rows */
  groupRows?: (sorted: DomainRow[]) => readonly { id: string; label: string; rows: readonly DomainRow[] }[];
  /** issue 9: a row's context menu (right click, the Menu key or Shift+F10), at viewport coordinates */
  onContextMenu?: (key: string, at: { x: number; y: number }) => void;
}

interface Column {
  id: SortColumn;
  label: StringKey;
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'domains.col.name' },
  { id: 'id', label: 'domains.col.id', numeric: true },
  { id: 'state', label: 'domains.col.state' },
  { id: 'type', label: 'domains.col.type' },
  { id: 'cpu', label: 'domains.col.cpu', numeric: true },
  { id: 'memory', label: 'domains.col.memory', numeric: true },
  { id: 'vcpus', label: 'domains.col.vcpus', numeric: true },
  { id: 'uptime', label: 'domains.col.uptime', numeric: true },
];

const byName = (row: DomainRow) => row.name;
/** above this many rows (the all-hosts list of many hosts) the CPU bars do not animate */
const LONG_TABLE_ROWS = 200;

export function DomainTable({
  label,
  domains,
  selected,
  onSelect,
  busyDomain,
  onOpen,
  rowKey = byName,
  groupRows,
  onContextMenu,
}: DomainTableProps) {
  const [sort, setSort] = useState<SortSpec>({ column: 'name', direction: 'asc' });
  const sorted = useMemo(() => sortDomains(domains, sort), [domains, sort]);
  const groups = useMemo(() => (groupRows ? groupRows(sorted) : null), [groupRows, sorted]);
  // keyboard order: the rows as shown; a row listed in two groups is visited (and focused) in its first
  const { rows, firstGroup } = useMemo(() => {
    const firstGroup = new Map<string, string>();
    if (!groups) return { rows: sorted, firstGroup };
    const rows: DomainRow[] = [];
    for (const g of groups)
      for (const r of g.rows)
        if (!firstGroup.has(rowKey(r))) {
          firstGroup.set(rowKey(r), g.id);
          rows.push(r);
        }
    return { rows, firstGroup };
  }, [groups, sorted, rowKey]);
  const body = useRef<HTMLTableSectionElement>(null);
  // one stable callback for every row (the caller's onSelect is often a new arrow each render)
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const selectRow = useCallback((key: string) => onSelectRef.current(key), []);

  const focusRow = (key: string) =>
    body.current?.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(key)}"]`)?.focus();

  const onDoubleClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('tr[data-key]')?.dataset['key'];
    if (key !== undefined && onOpen) onOpen(key);
  };

  // issue 9: right click selects the row (as file managers do), then opens its menu
  const onRowContextMenu = (e: MouseEvent<HTMLTableSectionElement>) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('tr[data-key]')?.dataset['key'];
    if (key === undefined || !onContextMenu) return;
    e.preventDefault();
    if (key !== selected) onSelect(key);
    onContextMenu(key, { x: e.clientX, y: e.clientY });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (rows.length === 0) return;
    if (onContextMenu && (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'))) {
      const tr = (e.target as HTMLElement).closest<HTMLElement>('tr[data-key]');
      const key = tr?.dataset['key'];
      if (!tr || key === undefined) return;
      e.preventDefault();
      if (key !== selected) onSelect(key);
      const r = tr.querySelector('td')?.getBoundingClientRect() ?? tr.getBoundingClientRect();
      onContextMenu(key, { x: r.left + 16, y: r.bottom });
      return;
    }
    if (e.key === 'Enter' && onOpen && selected !== null && rows.some((r) => rowKey(r) === selected)) {
      e.preventDefault();
      onOpen(selected);
      return;
    }
    const i = rows.findIndex((r) => rowKey(r) === selected);
    let next: number;
    if (e.key === 'ArrowDown') next = i < 0 ? 0 : Math.min(rows.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = i < 0 ? 0 : Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'PageDown') next = Math.min(rows.length - 1, Math.max(0, i) + 10);
    else if (e.key === 'PageUp') next = Math.max(0, i - 10);
    else return;
    e.preventDefault();
    const row = rows[next];
    if (!row) return;
    onSelect(rowKey(row));
    focusRow(rowKey(row));
  };

  const tabStop = rows.some((r) => rowKey(r) === selected) ? selected : rows[0] && rowKey(rows[0]);
  const renderRow = (row: DomainRow, groupId?: string) => {
    const key = rowKey(row);
    return (
      <DomainTableRow
        key={groupId === undefined ? key : `${groupId}\u0000${key}`}
        row={row}
        rowKey={key === row.name ? undefined : key}
        selected={key === selected}
        tabStop={key === tabStop && (groupId === undefined || firstGroup.get(key) === groupId)}
        busy={key === busyDomain}
        onSelect={selectRow}
      />
    );
  };

  return (
    <div className="table-wrap">
      <table
        className={`domain-table${rows.length > LONG_TABLE_ROWS ? ' is-long' : ''}`}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
      >
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.column === c.id;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={`col-${c.id}${c.numeric ? ' num' : ''}`}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className={`sort-btn${active ? ' is-active' : ''}`}
                    onClick={() => setSort((s) => nextSort(s, c.id))}
                    title={t('domains.sortBy', { column: t(c.label) })}
                    data-testid={`sort-${c.id}`}
                  >
                    <span>{t(c.label)}</span>
                    <Icon
                      name={
                        active ? (sort.direction === 'asc' ? 'chevronUp' : 'chevronDown') : 'chevronsUpDown'
                      }
                      size={12}
                      className="sort-icon"
                    />
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody
          ref={body}
          onKeyDown={onKeyDown}
          onDoubleClick={onOpen ? onDoubleClick : undefined}
          onContextMenu={onContextMenu ? onRowContextMenu : undefined}
        >
          {groups
            ? groups.map((g) => (
                <Fragment key={g.id}>
                  <tr className="group-row" data-testid="domain-group" data-group={g.id}>
                    <th scope="colgroup" colSpan={COLUMNS.length}>
                      <span className="group-label">{g.label}</span>
                      <span className="group-count">{g.rows.length}</span>
                    </th>
                  </tr>
                  {g.rows.map((row) => renderRow(row, g.id))}
                </Fragment>
              ))
            : rows.map((row) => renderRow(row))}
        </tbody>
      </table>
    </div>
  );
}
