// The left column: every configured host, selectable with the mouse or the arrow keys.
import { memo, useRef, type KeyboardEvent } from 'react';
import type { HostSummary } from '../../shared/api';
import { HostListItem } from './HostListItem';
import { t } from './strings';
import './HostSidebar.css';

export interface HostSidebarProps {
  hosts: readonly HostSummary[];
  localErrors: Readonly<Record<string, string>>;
  selectedId: string | null;
  onSelect: (hostId: string) => void;
}

// memoised: the main window renders again on every poll of the selected host
export const HostSidebar = memo(function HostSidebar({
  hosts,
  localErrors,
  selectedId,
  onSelect,
}: HostSidebarProps) {
  const list = useRef<HTMLUListElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const i = hosts.findIndex((h) => h.id === selectedId);
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(hosts.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = hosts.length - 1;
    else return;
    e.preventDefault();
    const host = hosts[next];
    if (!host) return;
    onSelect(host.id);
    list.current?.querySelector<HTMLElement>(`[data-host-id="${host.id}"]`)?.focus();
  };

  const focusId = hosts.some((h) => h.id === selectedId) ? selectedId : hosts[0]?.id;

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <h2 className="sidebar-title" id="sidebar-title">
        {t('sidebar.title')}
      </h2>
      {hosts.length === 0 ? (
        <p className="sidebar-empty">{t('sidebar.empty')}</p>
      ) : (
        <ul
          ref={list}
          className="host-list"
          role="listbox"
          aria-labelledby="sidebar-title"
          onKeyDown={onKeyDown}
        >
          {hosts.map((h) => (
            <HostListItem
              key={h.id}
              host={h}
              localError={localErrors[h.id]}
              selected={h.id === selectedId}
              focusable={h.id === focusId}
              onSelect={onSelect}
            />
          ))}
        </ul>
      )}
    </nav>
  );
});
