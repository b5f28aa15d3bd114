// The page could not reach its backend at all (web mode: server gone or bad token).
import { Icon } from './Icon';
import { t } from './strings';

export function BackendUnreachable({ detail }: { detail: string }) {
  return (
    <div className="fatal" role="alert" data-testid="backend-unreachable">
      <Icon name="alertTriangle" size={28} />
      <h1>{t('app.backendUnreachable')}</h1>
      <p className="muted mono">{detail}</p>
      <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
