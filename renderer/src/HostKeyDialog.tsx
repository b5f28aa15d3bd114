// First contact with a host: show its key fingerprint and let the admin decide.
import type { HostSummary } from '../../shared/api';
import { Dialog } from './Dialog';
import { hostKeyCommand } from './hostKeyFile';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';

export interface HostKeyDialogProps {
  host: HostSummary;
  fingerprint: string;
  keyType: string;
  busy: boolean;
  onTrust: () => void;
  onCancel: () => void;
}

export function HostKeyDialog({ host, fingerprint, keyType, busy, onTrust, onCancel }: HostKeyDialogProps) {
  return (
    <Dialog
      testId="dialog-hostkey"
      title={t('hostKey.title')}
      icon={<Icon name="key" size={20} />}
      onClose={onCancel}
      busy={busy}
      width="wide"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={onTrust}
            disabled={busy}
            aria-busy={busy}
            data-testid="hostkey-trust"
          >
            {busy && <Spinner />}
            {t('hostKey.trust')}
          </button>
        </>
      }
    >
      <p>{t('hostKey.intro')}</p>
      <dl className="facts">
        <dt>{t('hostKey.host')}</dt>
        <dd>
          {t('host.labelWithTarget', {
            label: host.label,
            target: t('host.target', { user: host.username, address: host.address, port: host.port }),
          })}
        </dd>
        <dt>{t('hostKey.keyType')}</dt>
        <dd className="mono">{keyType}</dd>
        <dt>{t('hostKey.fingerprint')}</dt>
        <dd>
          <code className="fingerprint" data-testid="hostkey-fingerprint">
            {fingerprint}
          </code>
        </dd>
      </dl>
      <p>{t('hostKey.compare')}</p>
      <pre className="command">{hostKeyCommand(keyType)}</pre>
      <p className="muted">{t('hostKey.compare.after')}</p>
    </Dialog>
  );
}
