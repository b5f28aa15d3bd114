// The host presented a different key than the trusted one: refuse, loudly, with no way
// to accept from here.
import type { HostSummary } from '../../shared/api';
import { Dialog } from './Dialog';
import { Icon } from './Icon';
import { t } from './strings';

export interface HostKeyChangedDialogProps {
  host: HostSummary;
  expected: string;
  actual: string;
  keyType: string;
  onClose: () => void;
}

export function HostKeyChangedDialog({
  host,
  expected,
  actual,
  keyType,
  onClose,
}: HostKeyChangedDialogProps) {
  return (
    <Dialog
      testId="dialog-hostkey-changed"
      title={t('keyChanged.title')}
      icon={<Icon name="shieldAlert" size={22} />}
      tone="danger"
      alert
      width="wide"
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      }
    >
      <p className="danger-text">
        {t('keyChanged.body', {
          host: t('host.labelWithTarget', {
            label: host.label,
            target: t('host.target', { user: host.username, address: host.address, port: host.port }),
          }),
        })}
      </p>
      <dl className="facts facts-stacked">
        <dt>{t('keyChanged.expected')}</dt>
        <dd>
          <code className="fingerprint" data-testid="expected-fingerprint">
            {expected}
          </code>
        </dd>
        <dt>{t('keyChanged.actual')}</dt>
        <dd>
          <code className="fingerprint fingerprint-bad" data-testid="actual-fingerprint">
            {actual}
          </code>
        </dd>
        <dt>{t('keyChanged.keyType')}</dt>
        <dd className="mono">{keyType}</dd>
      </dl>
      <p className="muted">{t('keyChanged.advice')}</p>
    </Dialog>
  );
}
