// The main area of a host that is not connected (yet): what is going on and what to do.
import type { ConnState, HostSummary } from '../../shared/api';
import { hostTarget } from './HostHeader';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';

export interface HostStatePanelProps {
  host: HostSummary;
  state: ConnState;
  error: string | undefined;
  connectBusy: boolean;
  onConnect: () => void;
}

export function HostStatePanel({ host, state, error, connectBusy, onConnect }: HostStatePanelProps) {
  if (state === 'connecting' || state === 'connected' || state === 'reconnecting') {
    const text =
      state === 'connected'
        ? t('host.waitingForData')
        : t(state === 'connecting' ? 'host.connecting' : 'host.reconnecting', { target: hostTarget(host) });
    return (
      <div className="state-panel" role="status">
        <Spinner size={22} />
        <p>{text}</p>
      </div>
    );
  }
  const failed = state === 'error' || !!error;
  return (
    <div className={`state-panel${failed ? ' state-panel-error' : ''}`}>
      <Icon name={failed ? 'alertCircle' : 'plug'} size={28} className="state-panel-icon" />
      <h3>{failed ? t('host.error') : t('host.notConnected')}</h3>
      {failed && error ? (
        <p className="state-panel-message" data-testid="host-panel-error">
          {error}
        </p>
      ) : (
        <p className="muted">{t('host.notConnected.body', { label: host.label })}</p>
      )}
      <button
        type="button"
        className="btn btn-primary"
        onClick={onConnect}
        disabled={connectBusy}
        aria-busy={connectBusy || undefined}
        data-testid="panel-connect"
      >
        {connectBusy ? <Spinner /> : <Icon name="plug" />}
        {t('host.connect')}
      </button>
    </div>
  );
}
