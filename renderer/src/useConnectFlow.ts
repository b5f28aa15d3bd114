// The connect conversation with a host: password prompt, unknown-key trust, key-changed
// refusal, errors. One flow at a time (its dialogs are modal).
import { useCallback, useRef, useState } from 'react';
import { ApiError, type ConnectResult, type HostSummary } from '../../shared/api';
import { errorCode, errorMessage } from './apiErrors';
import { useServices } from './appContext';
import { t } from './strings';

export type Secret = { kind: 'password' | 'passphrase'; value: string; remember?: boolean };

export type ConnectStep =
  | { kind: 'idle' }
  | { kind: 'secret'; host: HostSummary; secretKind: Secret['kind']; error?: string; busy: boolean }
  | { kind: 'unknown-key'; host: HostSummary; fingerprint: string; keyType: string; busy: boolean }
  | { kind: 'key-changed'; host: HostSummary; expected: string; actual: string; keyType: string };

export interface ConnectFlow {
  step: ConnectStep;
  /** hostIds with a connect request in flight */
  busy: ReadonlySet<string>;
  start(host: HostSummary): void;
  submitSecret(value: string, remember?: boolean): void;
  trust(): void;
  close(): void;
}

export function useConnectFlow(): ConnectFlow {
  const { client, hosts, toasts } = useServices();
  const [step, setStep] = useState<ConnectStep>({ kind: 'idle' });
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  // the secret typed for this flow: kept only until the flow ends, never in the store
  const secret = useRef<Secret | null>(null);

  const markBusy = useCallback((hostId: string, on: boolean) => {
    setBusy((prev) => {
      const next = new Set(prev);
      if (on) next.add(hostId);
      else next.delete(hostId);
      return next;
    });
  }, []);

  const finish = useCallback(() => {
    secret.current = null;
    setStep({ kind: 'idle' });
  }, []);

  const handleResult = useCallback(
    (host: HostSummary, r: ConnectResult) => {
      if (r.status === 'connected') {
        hosts.setLocalError(host.id, null);
        finish();
        toasts.show('success', t('connect.connected', { label: host.label }));
      } else if (r.status === 'unknown-key') {
        setStep({ kind: 'unknown-key', host, fingerprint: r.fingerprint, keyType: r.keyType, busy: false });
      } else {
        secret.current = null;
        hosts.setLocalError(host.id, t('connect.keyChanged'));
        setStep({ kind: 'key-changed', host, expected: r.expected, actual: r.actual, keyType: r.keyType });
      }
    },
    [finish, hosts, toasts],
  );

  const handleError = useCallback(
    (host: HostSummary, err: unknown) => {
      const message = errorMessage(err);
      const code = errorCode(err);
      const needs = (err instanceof ApiError ? err.details : undefined) as
        { needPassword?: boolean; needPassphrase?: boolean } | undefined;
      const tried = secret.current;
      if (code === 'auth-failed' && (tried || needs?.needPassphrase || needs?.needPassword)) {
        // wrong password/passphrase (show the backend's words), or a key that turned out to be encrypted
        const secretKind = tried?.kind ?? (needs?.needPassphrase ? 'passphrase' : 'password');
        setStep({ kind: 'secret', host, secretKind, error: tried ? message : undefined, busy: false });
        return;
      }
      finish();
      hosts.setLocalError(host.id, message);
      toasts.show('error', t('connect.failed', { label: host.label }), message);
    },
    [finish, hosts, toasts],
  );

  const attempt = useCallback(
    async (host: HostSummary) => {
      markBusy(host.id, true);
      try {
        const s = secret.current;
        const r = await client.api.connectHost({
          hostId: host.id,
          ...(s?.kind === 'password' ? { password: s.value } : {}),
          ...(s?.kind === 'passphrase' ? { passphrase: s.value } : {}),
          ...(s?.remember ? { remember: true } : {}), // issue 4
        });
        handleResult(host, r);
      } catch (err) {
        handleError(host, err);
      } finally {
        markBusy(host.id, false);
      }
    },
    [client, handleError, handleResult, markBusy],
  );

  const start = useCallback(
    (host: HostSummary) => {
      secret.current = null;
      if (host.auth.kind === 'password') {
        setStep({ kind: 'secret', host, secretKind: 'password', busy: false });
        return;
      }
      setStep({ kind: 'idle' });
      void attempt(host);
    },
    [attempt],
  );

  const submitSecret = useCallback(
    (value: string, remember?: boolean) => {
      if (step.kind !== 'secret') return;
      secret.current = { kind: step.secretKind, value, remember };
      setStep({ ...step, busy: true, error: undefined });
      void attempt(step.host);
    },
    [attempt, step],
  );

  const trust = useCallback(() => {
    if (step.kind !== 'unknown-key') return;
    const { host, fingerprint } = step;
    setStep({ ...step, busy: true });
    void (async () => {
      try {
        await client.api.trustHostKey({ hostId: host.id, fingerprint });
      } catch (err) {
        finish();
        toasts.show('error', t('connect.trustFailed', { label: host.label }), errorMessage(err));
        return;
      }
      // the key is trusted: the dialog's job is done, the host shows the connection progress
      setStep({ kind: 'idle' });
      await attempt(host);
    })();
  }, [attempt, client, finish, step, toasts]);

  return { step, busy, start, submitSecret, trust, close: finish };
}
