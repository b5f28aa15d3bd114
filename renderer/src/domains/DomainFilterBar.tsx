// Above the domain table: search (Ctrl/Cmd+F), state and type filters, grouping, and "Details".
import { useEffect, useRef } from 'react';
import { Icon } from '../Icon';
import { t } from '../strings';
import {
  GROUP_BYS,
  STATE_FILTERS,
  TYPE_FILTERS,
  isFiltering,
  type GroupBy,
  type StateFilter,
  type TypeFilter,
} from './domainFilter';
import { resetDomainFilter, updateDomainView, type DomainView } from './domainView';

export interface DomainFilterBarProps {
  view: DomainView;
  shown: number;
  total: number;
  /** a domain is selected: "Details" opens it */
  canOpen: boolean;
  onOpen: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function DomainFilterBar({ view, shown, total, canOpen, onOpen }: DomainFilterBarProps) {
  const search = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+F finds a domain, unless a dialog, a terminal or an editor has the keyboard
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'f' || !(isMac ? e.metaKey : e.ctrlKey) || e.shiftKey || e.altKey) return;
      const active = document.activeElement;
      if (active?.closest('[role="dialog"], .xterm, .cm-editor')) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]')) return;
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const filtering = isFiltering(view);
  return (
    <div className="domain-filter" role="search" aria-label={t('domains.filter.label')}>
      <div className="filter-search">
        <Icon name="search" size={14} className="filter-search-icon" />
        <input
          ref={search}
          type="search"
          value={view.query}
          placeholder={t('domains.filter.search')}
          aria-label={t('domains.filter.searchLabel')}
          title={t('domains.filter.searchHint', { keys: isMac ? '⌘F' : 'Ctrl+F' })}
          onChange={(e) => updateDomainView({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && view.query) {
              e.preventDefault();
              updateDomainView({ query: '' });
            }
          }}
          data-testid="domain-search"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <label className="filter-select">
        <span>{t('domains.filter.state')}</span>
        <select
          value={view.state}
          onChange={(e) => updateDomainView({ state: e.target.value as StateFilter })}
          data-testid="filter-state"
        >
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`domains.filter.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-select">
        <span>{t('domains.filter.type')}</span>
        <select
          value={view.type}
          onChange={(e) => updateDomainView({ type: e.target.value as TypeFilter })}
          data-testid="filter-type"
        >
          {TYPE_FILTERS.map((ty) => (
            <option key={ty} value={ty}>
              {ty === 'all' ? t('domains.filter.type.all') : t(`type.${ty}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-select">
        <span>{t('domains.filter.groupBy')}</span>
        <select
          value={view.groupBy}
          onChange={(e) => updateDomainView({ groupBy: e.target.value as GroupBy })}
          data-testid="group-by"
          title={t('domains.filter.groupBy.hint')}
        >
          {GROUP_BYS.map((g) => (
            <option key={g} value={g}>
              {t(`domains.filter.groupBy.${g}`)}
            </option>
          ))}
        </select>
      </label>
      {filtering && (
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={resetDomainFilter}
          data-testid="filter-clear"
        >
          {t('domains.filter.clear')}
        </button>
      )}
      <span className="spacer" />
      {filtering && (
        <span className="filter-count" data-testid="filter-count" aria-live="polite">
          {t('domains.filter.shown', { shown, total })}
        </span>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={!canOpen}
        onClick={onOpen}
        title={canOpen ? t('domains.details.open.hint') : t('action.noSelection')}
        data-testid="action-details"
      >
        <Icon name="info" size={14} />
        {t('domains.details.open')}
      </button>
    </div>
  );
}
