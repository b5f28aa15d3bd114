// The top of the main area: which host, how it is reached, and what `xl info` says about it.
import type { ConnState, HostSummary } from '../../shared/api';
import { formatMiB } from '../../shared/format';
import { ConnStateBadge } from './ConnStateBadge';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';
import './HostHeader.css';

export interface HostHeaderProps {
  host: HostSummary;
  state: ConnState;
  error: string | undefined;
  removeBusy: boolean;
  onRemove: () => void;
}

export function hostTarget(host: HostSummary): string {
  return t('host.target', { user: host.username, address: host.address, port: host.port });
}

export function HostHeader({ host, state, error, removeBusy, onRemove }: HostHeaderProps) {
  const info = host.info;
  const usedFraction = info && info.totalMemoryMiB > 0 ? 1 - info.freeMemoryMiB / info.totalMemoryMiB : 0;
  return (
    <section className="host-header" aria-labelledby="host-header-title">
      <div className="host-header-top">
        <Icon name="server" size={22} className="host-header-icon" />
        <div className="host-header-names">
          <h2 id="host-header-title">
            {host.label}
            {host.demo && <span className="tag">{t('sidebar.demoTag')}</span>}
          </h2>
          <span className="mono muted host-target">{hostTarget(host)}</span>
        </div>
        <ConnStateBadge state={state} title={error} />
        <span className="spacer" />
        {state !== 'connected' && state !== 'connecting' && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={onRemove}
            disabled={removeBusy}
            data-testid="remove-host"
          >
            {removeBusy ? <Spinner /> : <Icon name="trash" />}
            {t('host.remove')}
          </button>
        )}
      </div>
      {info && (
        <dl className="host-facts" data-testid="host-facts">
          <div>
            <dt>{t('host.info.xen')}</dt>
            <dd className="mono">{info.xenVersion}</dd>
          </div>
          <div>
            <dt>{t('host.info.hostname')}</dt>
            <dd className="mono">{info.hostname}</dd>
          </div>
          <div>
            <dt>{t('host.info.cpus')}</dt>
            <dd>{info.nrCpus}</dd>
          </div>
          <div className="host-facts-memory">
            <dt>{t('host.info.memory')}</dt>
            <dd>
              <span>
                {t('host.info.memoryValue', {
                  free: formatMiB(info.freeMemoryMiB),
                  total: formatMiB(info.totalMemoryMiB),
                })}
              </span>
              <span className="mem-bar" aria-hidden="true">
                <span style={{ width: `${(usedFraction * 100).toFixed(1)}%` }} />
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('host.info.scheduler')}</dt>
            <dd className="mono">{info.scheduler}</dd>
          </div>
          <div>
            <dt>{t('host.info.hvm')}</dt>
            <dd>{t(info.canHvm ? 'host.info.hvm.yes' : 'host.info.hvm.no')}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
