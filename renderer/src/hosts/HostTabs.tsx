// Above the selected host (issue 4): its two pages — the domain list and the host overview —
// and "Edit" for its connection settings.
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
  return (
    <div className="host-tabs" role="tablist" aria-label={p.host.label}>
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
