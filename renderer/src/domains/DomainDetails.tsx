// The Details view of one domain (virt-manager's "Open"): a header with the way back, and the
// Overview, Performance, Hardware and Config tabs. Tabs stay mounted once visited, so switching
// keeps the editor's text and the charts' zoom.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { HostSummary } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { ConfirmDialog } from '../ConfirmDialog';
import { DomainStateBadge } from '../DomainStateBadge';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { t } from '../strings';
import { ConfigTab } from './ConfigTab';
import { HardwareTab } from './HardwareTab';
import { OverviewTab } from './OverviewTab';
import { PerformanceTab } from './PerformanceTab';
import { useDomainDetails } from './useDomainDetails';
import './domains.css';

export const DETAIL_TABS = ['overview', 'performance', 'hardware', 'config'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export interface DomainDetailsProps {
  host: HostSummary;
  name: string;
  /** the domain as last polled (null: not on the host any more) */
  row: DomainRow | null;
  onBack: () => void;
  initialTab?: DetailTab;
}

export function DomainDetails({ host, name, row, onBack, initialTab = 'overview' }: DomainDetailsProps) {
  const [tab, setTab] = useState<DetailTab>(initialTab);
  const [visited, setVisited] = useState<ReadonlySet<DetailTab>>(() => new Set([initialTab]));
  const [configDirty, setConfigDirty] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const { details, loading, error, reload } = useDomainDetails(host.id, name, row);
  const tabRefs = useRef<Partial<Record<DetailTab, HTMLButtonElement | null>>>({});

  const select = (next: DetailTab, focus = false) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
    if (focus) tabRefs.current[next]?.focus();
  };

  const onTabKey = (e: KeyboardEvent) => {
    const i = DETAIL_TABS.indexOf(tab);
    let j: number | null = null;
    if (e.key === 'ArrowRight') j = (i + 1) % DETAIL_TABS.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + DETAIL_TABS.length) % DETAIL_TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = DETAIL_TABS.length - 1;
    if (j === null) return;
    e.preventDefault();
    select(DETAIL_TABS[j]!, true);
  };

  const back = useCallback(() => (configDirty ? setConfirmLeave(true) : onBack()), [configDirty, onBack]);

  // Escape goes back (unless an editor, a dialog or a field has it)
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const a = document.activeElement;
      if (a?.closest('.cm-editor, input, select, textarea, [role="dialog"], .xterm')) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      back();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [back]);

  const label = (k: DetailTab) => t(`domains.details.tab.${k}`) + (k === 'config' && configDirty ? ' •' : '');

  return (
    <div className="domain-details" data-testid="domain-details" data-domain={name}>
      <header className="details-head">
        <button
          type="button"
          className="btn btn-small"
          onClick={back}
          data-testid="details-back"
          title={t('domains.details.back.hint')}
        >
          <Icon name="arrowLeft" size={14} />
          {t('domains.details.back')}
        </button>
        <div className="details-title">
          <h2>{name}</h2>
          {row && <DomainStateBadge state={row.state} flags={row.stateFlags} />}
          {row?.type && <span className={`type-tag type-${row.type}`}>{t(`type.${row.type}`)}</span>}
          <span className="muted">{t('domains.details.onHost', { host: host.label })}</span>
        </div>
        <span className="spacer" />
        {loading && details && <Spinner size={14} />}
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={reload}
          title={t('domains.details.refresh.hint')}
          data-testid="details-refresh"
        >
          <Icon name="refresh" size={14} />
          {t('domains.details.refresh')}
        </button>
      </header>

      {!row && (
        <div className="banner banner-warn" role="status" data-testid="details-gone">
          <Icon name="alertTriangle" size={14} />
          {t('domains.details.gone', { name })}
        </div>
      )}
      {error && (
        <div className="form-error" role="alert">
          <Icon name="alertCircle" size={14} />
          <span>{t('domains.details.failed', { message: error })}</span>
        </div>
      )}

      <div
        className="details-tabs"
        role="tablist"
        aria-label={t('domains.details.tabs', { name })}
        onKeyDown={onTabKey}
      >
        {DETAIL_TABS.map((k) => (
          <button
            key={k}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`details-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`details-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            className={tab === k ? 'is-active' : ''}
            onClick={() => select(k)}
            data-testid={`tab-${k}`}
          >
            {label(k)}
          </button>
        ))}
      </div>

      {row &&
        DETAIL_TABS.filter((k) => visited.has(k)).map((k) => (
          <div
            key={k}
            role="tabpanel"
            id={`details-panel-${k}`}
            aria-labelledby={`details-tab-${k}`}
            className={`details-panel details-panel-${k}`}
            hidden={tab !== k}
            data-testid={`panel-${k}`}
          >
            {k === 'overview' && <OverviewTab hostId={host.id} row={row} details={details} />}
            {k === 'performance' && <PerformanceTab hostId={host.id} row={row} />}
            {k === 'hardware' && <HardwareTab row={row} details={details} />}
            {k === 'config' && (
              <ConfigTab hostId={host.id} row={row} onDirtyChange={setConfigDirty} onSaved={reload} />
            )}
          </div>
        ))}

      {confirmLeave && (
        <ConfirmDialog
          title={t('domains.config.discard.title')}
          body={t('domains.config.discard.leave')}
          okLabel={t('domains.config.discard.ok')}
          onOk={() => {
            setConfirmLeave(false);
            onBack();
          }}
          onCancel={() => setConfirmLeave(false)}
        />
      )}
    </div>
  );
}
