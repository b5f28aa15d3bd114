// The domain list of the host view: the filter bar over the table, the rows narrowed and grouped as
// chosen. Grouped by host, it lists the domains of EVERY connected host (the all-hosts view).
import { useCallback, useMemo } from 'react';
import type { DomainRow } from '../../../shared/types';
import { useServices } from '../appContext';
import { DomainTable } from '../DomainTable';
import { useHostStore, useHostStoreThrottled } from '../hostStore';
import { Icon } from '../Icon';
import { t } from '../strings';
import { filterDomains, groupDomains } from './domainFilter';
import { DomainFilterBar } from './DomainFilterBar';
import { resetDomainFilter, useDomainView } from './domainView';
import './domains.css';

export interface DomainBrowserProps {
  hostId: string;
  /** accessible name of the table */
  label: string;
  domains: readonly DomainRow[];
  /** selected domain name on this host */
  selected: string | null;
  busyDomain: string | null;
  onSelect: (hostId: string, name: string) => void;
  onOpen: (hostId: string, name: string) => void;
  /** issue 9: a row's context menu */
  onContextMenu?: (hostId: string, name: string, at: { x: number; y: number }) => void;
}

const tagsOf = (r: DomainRow) => r.tags ?? [];
/** the all-hosts list shows every host's polls at most this often */
const ALL_HOSTS_REFRESH_MS = 1000;
const SEP = '/'; // host ids and domain names never contain it

export function DomainBrowser(p: DomainBrowserProps) {
  const { hosts: hostStore } = useServices();
  const view = useDomainView();
  const allHosts = view.groupBy === 'host';
  const hosts = useHostStore(hostStore, (s) => s.hosts);
  // every host's snapshots only for the all-hosts list (otherwise a poll of another host would
  // render this host's table again), and then at most once a second
  const allSnapshots = useHostStoreThrottled(hostStore, (s) => s.snapshots, ALL_HOSTS_REFRESH_MS, allHosts);
  const snapshots = allHosts ? allSnapshots : null;

  // rows and the host each came from (snapshot rows are immutable: a WeakMap keeps them as they are)
  const { rows, hostOf } = useMemo(() => {
    const hostOf = new WeakMap<DomainRow, string>();
    if (!allHosts) {
      for (const r of p.domains) hostOf.set(r, p.hostId);
      return { rows: p.domains, hostOf };
    }
    const rows: DomainRow[] = [];
    for (const h of hosts) {
      const snap = snapshots?.[h.id];
      if (!snap || (h.state !== 'connected' && h.state !== 'reconnecting')) continue;
      for (const r of snap.domains) {
        hostOf.set(r, h.id);
        rows.push(r);
      }
    }
    return { rows, hostOf };
  }, [allHosts, hosts, snapshots, p.domains, p.hostId]);

  const filtered = useMemo(() => filterDomains(rows, view, tagsOf), [rows, view]);
  const rowKey = useCallback(
    (r: DomainRow) => `${hostOf.get(r) ?? p.hostId}${SEP}${r.name}`,
    [hostOf, p.hostId],
  );
  const parse = (key: string): [string, string] => {
    const i = key.indexOf(SEP);
    return [key.slice(0, i), key.slice(i + 1)];
  };

  const groupBy = view.groupBy;
  const groupRows = useMemo(() => {
    if (groupBy === 'none') return undefined;
    const labels = new Map(hosts.map((h) => [h.id, h.label]));
    return (sorted: DomainRow[]) =>
      groupDomains(sorted, groupBy, {
        hostOf: (r) => hostOf.get(r) ?? p.hostId,
        hostLabel: (id) => labels.get(id) ?? id,
        hostOrder: hosts.map((h) => h.id),
        tagsOf,
        untaggedLabel: t('domains.group.untagged'),
      });
  }, [groupBy, hosts, hostOf, p.hostId]);

  const selectedKey = p.selected === null ? null : `${p.hostId}${SEP}${p.selected}`;
  const busyKey = p.busyDomain === null ? null : `${p.hostId}${SEP}${p.busyDomain}`;

  return (
    <div className="domain-browser">
      <DomainFilterBar
        view={view}
        shown={filtered.length}
        total={rows.length}
        canOpen={p.selected !== null && p.domains.some((d) => d.name === p.selected)}
        onOpen={() => p.selected !== null && p.onOpen(p.hostId, p.selected)}
      />
      {filtered.length > 0 ? (
        <DomainTable
          label={allHosts ? t('domains.tableLabel.all') : p.label}
          domains={filtered}
          selected={selectedKey}
          busyDomain={busyKey}
          rowKey={rowKey}
          groupRows={groupRows}
          onSelect={(key) => p.onSelect(...parse(key))}
          onOpen={(key) => p.onOpen(...parse(key))}
          onContextMenu={p.onContextMenu && ((key, at) => p.onContextMenu?.(...parse(key), at))}
        />
      ) : (
        <div className="filter-empty" data-testid="filter-empty">
          <Icon name="search" size={20} />
          <p>{t('domains.filter.none')}</p>
          <button type="button" className="btn btn-small" onClick={resetDomainFilter}>
            {t('domains.filter.clear')}
          </button>
        </div>
      )}
    </div>
  );
}
