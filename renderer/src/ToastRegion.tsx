// Notifications, bottom right, announced politely (errors assertively) to screen readers.
import type { Toast } from './toastStore';
import { Icon, type IconName } from './Icon';
import { t } from './strings';
import './ToastRegion.css';

const ICONS: Record<Toast['kind'], IconName> = { success: 'checkCircle', error: 'alertCircle', info: 'info' };

export function ToastRegion({
  toasts,
  onDismiss,
}: {
  toasts: readonly Toast[];
  onDismiss: (id: number) => void;
}) {
  return (
    <div className="toasts" role="region" aria-label={t('toast.region')}>
      <div aria-live="polite" aria-relevant="additions" className="toast-stack">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast-${toast.kind}`}
            data-testid="toast"
            data-kind={toast.kind}
          >
            <Icon name={ICONS[toast.kind]} size={18} className="toast-icon" />
            <div className="toast-text">
              <div className="toast-title">{toast.title}</div>
              {toast.detail && <pre className="toast-detail">{toast.detail}</pre>}
            </div>
            <button
              type="button"
              className="toast-close"
              onClick={() => onDismiss(toast.id)}
              aria-label={t('toast.dismiss')}
              title={t('common.dismiss')}
            >
              <Icon name="x" size={14} />
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
