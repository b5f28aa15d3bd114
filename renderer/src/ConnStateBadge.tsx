// A host's connection state: icon + word, colour as a third cue only.
import type { ConnState } from '../../shared/api';
import { Spinner } from './Spinner';
import { t } from './strings';
import './ConnStateBadge.css';

export function ConnStateBadge({ state, title }: { state: ConnState; title?: string }) {
  const busy = state === 'connecting' || state === 'reconnecting';
  return (
    <span className={`conn-badge conn-${state}`} title={title}>
      {busy ? <Spinner size={9} /> : <span className="conn-dot" aria-hidden="true" />}
      <span data-testid="host-state">{t(`conn.${state}`)}</span>
    </span>
  );
}
