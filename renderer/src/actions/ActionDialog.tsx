// The frame every action dialog shares: a form, its OK button, the failure with diagnostics,
// and (for long actions) the progress bar while it runs.
import { useCallback, useId, useState, type ReactNode } from 'react';
import { Dialog } from '../Dialog';
import { Icon, type IconName } from '../Icon';
import { Spinner } from '../Spinner';
import { t } from '../strings';
import { ActionFailure } from './ActionFailure';

export function useRun(): {
  busy: boolean;
  error: unknown;
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}

export interface ActionDialogProps {
  testId: string;
  title: string;
  icon: IconName;
  okLabel: string;
  okTestId: string;
  tone?: 'normal' | 'danger';
  busy: boolean;
  error: unknown;
  okDisabled?: boolean;
  /** shown while busy (long actions) */
  progress?: ReactNode;
  width?: 'narrow' | 'normal' | 'wide';
  onOk: () => void;
  onClose: () => void;
  /** extra buttons left of Cancel (e.g. "Force via ACPI" after a failure) */
  extra?: ReactNode;
  /** no OK button (dialogs that act from inside, like devices) */
  noOk?: boolean;
  children: ReactNode;
}

export function ActionDialog(p: ActionDialogProps) {
  const formId = useId();
  return (
    <Dialog
      testId={p.testId}
      title={p.title}
      icon={<Icon name={p.icon} size={20} className={p.tone === 'danger' ? 'icon-warn' : undefined} />}
      onClose={p.onClose}
      busy={p.busy}
      width={p.width}
      footer={
        <>
          {p.extra}
          <button
            type="button"
            className="btn"
            onClick={p.onClose}
            disabled={p.busy}
            data-testid={`${p.testId}-cancel`}
          >
            {p.noOk ? t('act.close') : t('act.cancel')}
          </button>
          {!p.noOk && (
            <button
              type="submit"
              form={formId}
              className={`btn ${p.tone === 'danger' ? 'btn-danger' : 'btn-primary'}`}
              disabled={p.busy || p.okDisabled}
              aria-busy={p.busy || undefined}
              data-testid={p.okTestId}
            >
              {p.busy && <Spinner />}
              {p.busy ? t('act.working') : p.okLabel}
            </button>
          )}
        </>
      }
    >
      <form
        id={formId}
        className="act-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!p.busy && !p.okDisabled) p.onOk();
        }}
      >
        {p.children}
        {p.busy && p.progress}
        {!p.busy && p.error !== null && p.error !== undefined && <ActionFailure error={p.error} />}
      </form>
    </Dialog>
  );
}
