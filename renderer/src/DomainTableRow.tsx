// One guest row. Test hooks: domain-row-<name> with data-state, and cell-* per column.
import { memo } from 'react';
import { formatUptime } from '../../shared/format';
import type { DomainRow } from '../../shared/types';
import { CpuMeter } from './CpuMeter';
import { memoryText, typeText, vcpusHint, vcpusText } from './domainFormat';
import { DomainStateBadge } from './DomainStateBadge';
import { Spinner } from './Spinner';
import { t } from './strings';

export interface DomainTableRowProps {
  row: DomainRow;
  /** identity when not the name (e.g. host + name in the all-hosts view) */
  rowKey?: string;
  selected: boolean;
  tabStop: boolean;
  busy: boolean;
  /** called with this row's key; the same function for every row, so rows stay memoised */
  onSelect: (key: string) => void;
}

export const DomainTableRow = memo(function DomainTableRow({
  row,
  rowKey,
  selected,
  tabStop,
  busy,
  onSelect,
}: DomainTableRowProps) {
  const key = rowKey ?? row.name;
  return (
    <tr
      className={`domain-row${selected ? ' is-selected' : ''}`}
      aria-selected={selected}
      aria-busy={busy || undefined}
      tabIndex={tabStop ? 0 : -1}
      data-testid={`domain-row-${row.name}`}
      data-state={row.state}
      data-name={row.name}
      data-key={key}
      onClick={() => onSelect(key)}
      onFocus={(e) => {
        // tabbing into the grid lands on the row: select it like a click would
        if (e.target === e.currentTarget && !selected) onSelect(key);
      }}
    >
      <td className="col-name" data-testid="cell-name" title={row.uuid ?? undefined}>
        <span className="domain-name">
          {row.name}
          {busy && <Spinner size={11} />}
        </span>
      </td>
      <td className="col-id num" data-testid="cell-id">
        {row.id ?? t('common.none')}
      </td>
      <td className="col-state" data-testid="cell-state">
        <DomainStateBadge state={row.state} flags={row.stateFlags} />
      </td>
      <td className="col-type" data-testid="cell-type">
        <span className={`type-tag type-${row.type ?? 'none'}`}>{typeText(row)}</span>
      </td>
      <td className="col-cpu num" data-testid="cell-cpu">
        <CpuMeter percent={row.cpuPercent} vcpus={row.vcpus} />
      </td>
      <td className="col-memory num" data-testid="cell-memory">
        {memoryText(row)}
      </td>
      <td className="col-vcpus num" data-testid="cell-vcpus" title={vcpusHint(row)}>
        {vcpusText(row)}
      </td>
      <td className="col-uptime num" data-testid="cell-uptime">
        {formatUptime(row.uptimeSeconds)}
      </td>
    </tr>
  );
});
