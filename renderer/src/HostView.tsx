// The main area for the selected host: header, then Domain-0 and the guests once polled.
import type { ConnState, DomainAction, HostSummary } from '../../shared/api';
import type { HostSnapshot } from '../../shared/types';
import { Dom0Card } from './Dom0Card';
import { DomainBrowser } from './domains/DomainBrowser'; // search/filter/groups (issue 5)
import { HostHeader, hostTarget } from './HostHeader';
import { HostStatePanel } from './HostStatePanel';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';
import { formatTime } from '../../shared/format'; // issue 9: the chosen language's clock
import './HostView.css';

export interface HostViewProps {
  host: HostSummary;
  state: ConnState;
  error: string | undefined;
  snapshot: HostSnapshot | undefined;
  selectedDomain: string | null;
  onSelectDomain: (name: string) => void;
  /** select a domain of any host (the all-hosts list) and open its details (issue 5) */
  onSelectHostDomain?: (hostId: string, name: string) => void;
  onOpenDomain?: (hostId: string, name: string) => void;
  /** issue 9: a domain row's context menu */
  onDomainContextMenu?: (hostId: string, name: string, at: { x: number; y: number }) => void;
  pending: { domain: string; action: DomainAction } | null;
  connectBusy: boolean;
  removeBusy: boolean;
  onConnect: () => void;
  onRemove: () => void;
}

export function HostView(p: HostViewProps) {
  const { host, state, snapshot } = p;
  const live = state === 'connected' || state === 'reconnecting';
  return (
    <div className="host-view">
      <HostHeader host={host} state={state} error={p.error} removeBusy={p.removeBusy} onRemove={p.onRemove} />
      {live && snapshot ? (
        <>
          {state === 'reconnecting' && (
            <div className="banner banner-warn" role="status">
              <Spinner />
              {t('host.reconnecting', { target: hostTarget(host) })}
            </div>
          )}
          {state === 'connected' && host.pollError && (
            <div className="banner banner-warn" role="status" data-testid="poll-stale">
              {t('host.pollStale', {
                time: formatTime(snapshot.at),
                error: host.pollError,
              })}
            </div>
          )}
          <div
            className={`host-data${state === 'reconnecting' || (state === 'connected' && host.pollError) ? ' is-stale' : ''}`}
          >
            {snapshot.dom0 && <Dom0Card dom0={snapshot.dom0} />}
            <div className="section-head">
              <h3>{t('domains.title')}</h3>
              <span className="count-pill" data-testid="domain-count">
                {t('domains.count', { count: snapshot.domains.length })}
              </span>
            </div>
            {snapshot.domains.length > 0 ? (
              <DomainBrowser
                hostId={host.id}
                label={t('domains.tableLabel', { label: host.label })}
                domains={snapshot.domains}
                selected={p.selectedDomain}
                onSelect={(hostId, name) =>
                  p.onSelectHostDomain ? p.onSelectHostDomain(hostId, name) : p.onSelectDomain(name)
                }
                onOpen={(hostId, name) => p.onOpenDomain?.(hostId, name)}
                onContextMenu={p.onDomainContextMenu}
                busyDomain={p.pending?.domain ?? null}
              />
            ) : (
              <div className="empty-guests" data-testid="no-domains">
                <Icon name="terminal" size={22} />
                <p>{t('domains.empty')}</p>
                <p className="muted">{t('domains.empty.hint')}</p>
              </div>
            )}
          </div>
        </>
      ) : (
        <HostStatePanel
          host={host}
          state={state}
          error={p.error}
          connectBusy={p.connectBusy}
          onConnect={p.onConnect}
        />
      )}
    </div>
  );
}
