// Above the selected host (issue 4): its two pages — the domain list and the host overview —
// and "Edit" for its connection settings.
import type { KeyboardEvent } from 'react';
import type { HostSummary } from '../../../shared/api';
import { Icon } from '../Icon';
import { th } from './hostStrings';
import './hosts.css';

export type HostPage = 'domains' | 'overview';

export function HostTabs(p: {
  host: HostSummary;
  page: HostPage;
  onPage: (page: HostPage) => void;
  onEdit: () => void;
}) {
  const tab = (page: HostPage, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={p.page === page}
      tabIndex={p.page === page ? 0 : -1}
      onClick={() => p.onPage(page)}
      data-testid={`host-tab-${page}`}
    >
      {label}
    </button>
  );
  // issue 9: the arrow keys, Home and End move between the tabs (WAI-ARIA tabs pattern)
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.target as HTMLElement).matches('[role="tab"]')) return;
    const pages: HostPage[] = ['domains', 'overview'];
    const i = pages.indexOf(p.page);
    let j: number | null = null;
    if (e.key === 'ArrowRight') j = (i + 1) % pages.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + pages.length) % pages.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = pages.length - 1;
    if (j === null) return;
    e.preventDefault();
    p.onPage(pages[j]!);
    const target = e.currentTarget;
    requestAnimationFrame(() =>
      target.querySelector<HTMLElement>(`[data-testid="host-tab-${pages[j!]}"]`)?.focus(),
    );
  };
  return (
    <div className="host-tabs" role="tablist" aria-label={p.host.label} onKeyDown={onKey}>
      {tab('domains', th('overview.tab.domains'))}
      {tab('overview', th('overview.tab.overview'))}
      <span className="spacer" />
      <button type="button" className="btn btn-quiet" onClick={p.onEdit} data-testid="edit-host">
        <Icon name="server" />
        {th('hostTabs.edit')}
      </button>
    </div>
  );
}
