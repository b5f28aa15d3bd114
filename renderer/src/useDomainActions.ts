// Running xl lifecycle actions on a domain: confirmation for the destructive one, one
// action in flight per host, the result as a toast.
import { useCallback, useState } from 'react';
import { ApiError, type DomainAction } from '../../shared/api';
import { errorMessage } from './apiErrors';
import { useServices } from './appContext';
import { needsConfirmation } from './domainActions';
import { t } from './strings';
import { getPrefs } from './prefs/prefsStore'; // issue 9: "ask before Force off" is a preference
import { notifyInBackground } from './desktop/notify'; // issue 9: results while the window is in the background

export interface DomainActionRequest {
  hostId: string;
  domain: string;
  action: DomainAction;
  /** shutdown/reboot -F: ACPI event for HVM guests without PV drivers (issue 5) */
  force?: boolean;
}

export interface DomainActions {
  /** actions in flight, keyed by hostId */
  pending: Readonly<Record<string, DomainActionRequest>>;
  /** waiting for the user's confirmation */
  confirming: DomainActionRequest | null;
  request(req: DomainActionRequest): void;
  confirm(): void;
  cancel(): void;
  /** issue 5: the last xl failure, with its diagnostics (shown in a dialog) */
  failure: { req: DomainActionRequest; error: unknown } | null;
  dismissFailure(): void;
  /** issue 5: a shutdown request to follow (force via ACPI offered if an HVM guest ignores it) */
  shutdownWatch: { hostId: string; domain: string; at: number } | null;
  dismissWatch(): void;
}

export function useDomainActions(): DomainActions {
  // the table follows the backend's snapshot events (the action's own re-poll emits one too)
  const { client, toasts } = useServices();
  const [pending, setPending] = useState<Readonly<Record<string, DomainActionRequest>>>({});
  const [confirming, setConfirming] = useState<DomainActionRequest | null>(null);
  const [failure, setFailure] = useState<{ req: DomainActionRequest; error: unknown } | null>(null);
  const [shutdownWatch, setShutdownWatch] = useState<DomainActions['shutdownWatch']>(null);

  const run = useCallback(
    async (req: DomainActionRequest) => {
      setPending((p) => ({ ...p, [req.hostId]: req }));
      const vars = { name: req.domain };
      try {
        const r = await client.api.domainAction(req);
        if (r.ok) {
          if (req.action === 'shutdown' && !req.force)
            setShutdownWatch({ hostId: req.hostId, domain: req.domain, at: Date.now() });
          toasts.show('success', t(`action.done.${req.action}`, vars));
          void notifyInBackground(t(`action.done.${req.action}`, vars));
        } else {
          toasts.show('error', t(`action.failed.${req.action}`, vars), r.output);
          void notifyInBackground(t(`action.failed.${req.action}`, vars), r.output);
        }
      } catch (err) {
        // xl failures come with xl's words, logs and hints: a dialog shows them (issue 5)
        if (err instanceof ApiError && err.code === 'xl-failed') setFailure({ req, error: err });
        else toasts.show('error', t(`action.failed.${req.action}`, vars), errorMessage(err));
        void notifyInBackground(t(`action.failed.${req.action}`, vars), errorMessage(err));
      } finally {
        setPending((p) => {
          const next = { ...p };
          delete next[req.hostId];
          return next;
        });
      }
    },
    [client, toasts],
  );

  const request = useCallback(
    (req: DomainActionRequest) => {
      if (needsConfirmation(req.action) && getPrefs().confirmForceOff) setConfirming(req);
      else void run(req);
    },
    [run],
  );

  const confirm = useCallback(() => {
    if (!confirming) return;
    setConfirming(null);
    void run(confirming);
  }, [confirming, run]);

  const cancel = useCallback(() => setConfirming(null), []);

  const dismissFailure = useCallback(() => setFailure(null), []);
  const dismissWatch = useCallback(() => setShutdownWatch(null), []);

  return {
    pending,
    confirming,
    request,
    confirm,
    cancel,
    failure,
    dismissFailure,
    shutdownWatch,
    dismissWatch,
  };
}
