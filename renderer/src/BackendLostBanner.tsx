// Shown when the RPC connection to the backend closed: nothing works until a reload.
import { Icon } from './Icon';
import { t } from './strings';

export function BackendLostBanner() {
  return (
    <div className="banner banner-error" role="alert" data-testid="backend-lost">
      <Icon name="alertTriangle" />
      <span>{t('app.backendLost')}</span>
      <button type="button" className="btn btn-small" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
