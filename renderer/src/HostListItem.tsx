// One host in the sidebar: name, connection state, Xen version and free memory.
import { memo } from 'react';
import type { HostSummary } from '../../shared/api';
import { formatMiB } from '../../shared/format';
import { ConnStateBadge } from './ConnStateBadge';
import { displayState, hostError } from './hostStore';
import { Icon } from './Icon';
import { t } from './strings';

export interface HostListItemProps {
  host: HostSummary;
  localError: string | undefined;
  selected: boolean;
  /** the item that takes Tab focus in the list (roving tabindex) */
  focusable: boolean;
  /** called with this host's id (one callback for the whole list keeps the items memoised) */
  onSelect: (hostId: string) => void;
}

export const HostListItem = memo(function HostListItem({
  host,
  localError,
  selected,
  focusable,
  onSelect,
}: HostListItemProps) {
  const state = displayState(host, localError);
  const error = hostError(host, localError);
  return (
    <li
      role="option"
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      className={`host-item${selected ? ' is-selected' : ''}`}
      data-testid={`host-item-${host.label}`}
      data-host-id={host.id}
      onClick={() => onSelect(host.id)}
    >
      <Icon name="server" size={18} className="host-item-icon" />
      <div className="host-item-text">
        <span className="host-item-label" title={host.label}>
          {host.label}
        </span>
        <div className="host-item-line">
          <ConnStateBadge state={state} title={error} />
          {host.demo && <span className="tag">{t('sidebar.demoTag')}</span>}
        </div>
        {host.info && state !== 'error' && (
          <div className="host-item-meta" data-testid="host-info">
            {t('sidebar.xen', { version: host.info.xenVersion })}
            {t('common.separator')}
            {t('sidebar.free', { free: formatMiB(host.info.freeMemoryMiB) })}
          </div>
        )}
        {error && state !== 'connected' && (
          <div
            className={`host-item-error${state === 'reconnecting' ? ' is-warn' : ''}`}
            title={error}
            data-testid="host-error"
          >
            {error}
          </div>
        )}
      </div>
    </li>
  );
});
