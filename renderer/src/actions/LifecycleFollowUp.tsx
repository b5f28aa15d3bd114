// After the toolbar's lifecycle buttons: a failure with xl's words, logs and hints (and "Force
// via ACPI" when the guest has no PV drivers), and a shutdown that takes too long for an HVM
// guest (the same offer after SHUTDOWN_FORCE_AFTER_MS).
import { useEffect, useState } from 'react';
import type { DomainRow } from '../../../shared/types';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { t } from '../strings';
import type { DomainActionRequest } from '../useDomainActions';
import { offerForce } from './actionLogic';
import { ActionFailure, needsAcpi } from './ActionFailure';

export const SHUTDOWN_FORCE_AFTER_MS = 30_000;

const FAIL_TITLE = {
  start: 'action.failed.start',
  shutdown: 'action.failed.shutdown',
  reboot: 'action.failed.reboot',
  destroy: 'action.failed.destroy',
  pause: 'action.failed.pause',
  unpause: 'action.failed.unpause',
} as const;

export function ActionFailureDialog(p: {
  failure: { req: DomainActionRequest; error: unknown };
  onForce: (req: DomainActionRequest) => void;
  onClose: () => void;
}) {
  const { req, error } = p.failure;
  const acpi = (req.action === 'shutdown' || req.action === 'reboot') && needsAcpi(error);
  return (
    <Dialog
      testId="dialog-action-failure"
      title={t(FAIL_TITLE[req.action], { name: req.domain })}
      icon={<Icon name="alertTriangle" size={20} className="icon-warn" />}
      alert
      width="wide"
      onClose={p.onClose}
      footer={
        <>
          {acpi && (
            <button
              type="button"
              className="btn btn-primary"
              title={t('act.forceAcpi.hint')}
              onClick={() => p.onForce({ ...req, force: true })}
              data-testid="action-force-acpi"
            >
              {t('act.forceAcpi')}
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={p.onClose}
            autoFocus
            data-testid="action-failure-close"
          >
            {t('act.close')}
          </button>
        </>
      }
    >
      <ActionFailure error={error} />
    </Dialog>
  );
}

/** Offers force-via-ACPI / force off when an HVM guest ignores a shutdown request. */
export function ShutdownWatch(p: {
  watch: { hostId: string; domain: string; at: number };
  row: DomainRow | null;
  onForce: () => void;
  onDestroy: () => void;
  onDismiss: () => void;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const gone = !p.row || p.row.id === null;
  useEffect(() => {
    if (gone) p.onDismiss();
  }, [gone, p.onDismiss]);
  if (!offerForce(p.row, p.watch.at, now, SHUTDOWN_FORCE_AFTER_MS)) return null;
  return (
    <Dialog
      testId="dialog-shutdown-slow"
      title={t('act.shutdownSlow.title', { name: p.watch.domain })}
      icon={<Icon name="power" size={20} />}
      onClose={p.onDismiss}
      footer={
        <>
          <button type="button" className="btn" onClick={p.onDismiss} data-testid="shutdown-keep-waiting">
            {t('act.keepWaiting')}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={p.onDestroy}
            data-testid="shutdown-force-off"
          >
            {t('act.forceOff')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={p.onForce}
            data-testid="action-force-acpi"
          >
            {t('act.forceAcpi')}
          </button>
        </>
      }
    >
      <p>{t('act.shutdownSlow.body', { seconds: Math.round((now - p.watch.at) / 1000) })}</p>
    </Dialog>
  );
}
