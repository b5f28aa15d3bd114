// Asks for the SSH password (or key passphrase) right before connecting; shows the
// backend's auth-failed message and lets the user try again.
import { useEffect, useId, useRef, useState } from 'react';
import type { HostSummary } from '../../shared/api';
import { Dialog } from './Dialog';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';

export interface SecretDialogProps {
  host: HostSummary;
  kind: 'password' | 'passphrase';
  error?: string;
  busy: boolean;
  onSubmit: (value: string, remember: boolean) => void;
  onCancel: () => void;
  /** offer "remember" (issue 4): the OS keychain on the desktop, memory in web mode */
  remember?: { label: string; hint?: string };
}

export function SecretDialog({ host, kind, error, busy, onSubmit, onCancel, remember }: SecretDialogProps) {
  const [value, setValue] = useState('');
  const [keep, setKeep] = useState(false); // issue 4
  const input = useRef<HTMLInputElement>(null);
  // after a failed attempt: select what was typed, ready to be retyped
  useEffect(() => {
    if (error) {
      input.current?.focus();
      input.current?.select();
    }
  }, [error]);
  const inputId = useId();
  const errorId = useId();
  const formId = useId();
  const target = `${host.username}@${host.address}`;
  return (
    <Dialog
      testId="dialog-password"
      title={t(kind === 'password' ? 'password.title' : 'password.passphraseTitle', { target })}
      icon={<Icon name="key" size={20} />}
      width="narrow"
      busy={busy}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            disabled={busy}
            aria-busy={busy}
            data-testid="password-connect"
          >
            {busy && <Spinner />}
            {busy ? t('password.connecting') : t('password.connect')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onSubmit(value, keep);
        }}
      >
        {/* lets password managers and screen readers know whose password this is */}
        <input type="text" name="username" autoComplete="username" value={host.username} readOnly hidden />
        <div className="field">
          <label htmlFor={inputId}>
            {t(kind === 'password' ? 'password.label' : 'password.passphraseLabel')}
          </label>
          <input
            ref={input}
            id={inputId}
            type="password"
            autoComplete="current-password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            data-testid="password-input"
          />
        </div>
        {remember && (
          <label className="remember-row" title={remember.hint}>
            <input
              type="checkbox"
              checked={keep}
              onChange={(e) => setKeep(e.target.checked)}
              data-testid="secret-remember"
            />
            {remember.label}
          </label>
        )}
        {error && (
          <p className="form-error" id={errorId} role="alert" data-testid="auth-error">
            <Icon name="alertCircle" />
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
