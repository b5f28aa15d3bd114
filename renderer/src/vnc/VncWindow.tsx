// The graphical console inside the main window: covers the window (like virt-manager's
// console window) until closed; the pop-out button moves it to a window of its own.
import { t } from '../strings';
import { VncView } from './VncView';
import './VncView.css';

export interface VncWindowProps {
  hostId: string;
  hostLabel: string;
  domain: string;
  /** the app runs in a browser (web mode): pop-out windows are possible */
  canPopOut: boolean;
  onClose: () => void;
  /** open the serial console of the same domain (the toolbar's console opener) */
  onOpenSerial?: () => void;
}

export function VncWindow({ hostId, hostLabel, domain, canPopOut, onClose, onOpenSerial }: VncWindowProps) {
  return (
    <section
      className="vnc-window"
      aria-label={t('vnc.window.title', { domain, host: hostLabel })}
      data-testid="vnc-window"
    >
      <div className="vnc-window-body">
        <VncView
          // a new host or domain is a new console: never reuse a viewer across them
          key={`${hostId}/${domain}`}
          hostId={hostId}
          domain={domain}
          canPopOut={canPopOut}
          onPoppedOut={onClose}
          onOpenSerial={onOpenSerial}
          trailing={
            <>
              <span className="vnc-window-name">{t('vnc.window.title', { domain, host: hostLabel })}</span>
              <button
                type="button"
                className="btn btn-small"
                onClick={onClose}
                title={t('vnc.close.hint')}
                data-testid="vnc-close"
              >
                {t('vnc.close')}
              </button>
            </>
          }
        />
      </div>
    </section>
  );
}
