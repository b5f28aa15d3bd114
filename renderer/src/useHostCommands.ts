// Host-level commands that are not the connect conversation: demo host, disconnect,
// refresh, remove. Each reports failures as a toast and tracks what is in flight.
import { useCallback, useState } from 'react';
import type { HostSummary } from '../../shared/api';
import { errorMessage } from './apiErrors';
import { useServices } from './appContext';
import { t } from './strings';

export type HostCommand = 'demo' | 'disconnect' | 'refresh' | 'remove';

export interface HostCommands {
  /** `command` or `command:hostId` keys in flight */
  busy: ReadonlySet<string>;
  isBusy(command: HostCommand, hostId?: string): boolean;
  /** adds the demo host (or reuses the one already there); resolves to it */
  ensureDemoHost(existing: readonly HostSummary[]): Promise<HostSummary | null>;
  disconnect(host: HostSummary): void;
  refresh(host: HostSummary): void;
  remove(host: HostSummary): void;
}

const keyOf = (command: HostCommand, hostId?: string) => (hostId ? `${command}:${hostId}` : command);

export function useHostCommands(): HostCommands {
  const { client, hosts, toasts } = useServices();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());

  const track = useCallback(async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    setBusy((b) => new Set(b).add(key));
    try {
      return await work();
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(key);
        return next;
      });
    }
  }, []);

  const ensureDemoHost = useCallback(
    async (existing: readonly HostSummary[]) => {
      const demo = existing.find((h) => h.demo);
      if (demo) return demo;
      try {
        const added = await track('demo', () => client.api.addDemoHost({}));
        hosts.upsertHost(added);
        return added;
      } catch (err) {
        toasts.show('error', t('demo.failed'), errorMessage(err));
        return null;
      }
    },
    [client, hosts, toasts, track],
  );

  const disconnect = useCallback(
    (host: HostSummary) => {
      void track(keyOf('disconnect', host.id), async () => {
        try {
          await client.api.disconnectHost({ hostId: host.id });
          hosts.setLocalError(host.id, null);
          toasts.show('info', t('connect.disconnected', { label: host.label }));
        } catch (err) {
          toasts.show('error', t('connect.disconnectFailed', { label: host.label }), errorMessage(err));
        }
      });
    },
    [client, hosts, toasts, track],
  );

  const refresh = useCallback(
    (host: HostSummary) => {
      void track(keyOf('refresh', host.id), async () => {
        try {
          hosts.setSnapshot(await client.api.refreshHost({ hostId: host.id }));
        } catch (err) {
          toasts.show('error', t('refresh.failed', { label: host.label }), errorMessage(err));
        }
      });
    },
    [client, hosts, toasts, track],
  );

  const remove = useCallback(
    (host: HostSummary) => {
      void track(keyOf('remove', host.id), async () => {
        try {
          await client.api.removeHost({ hostId: host.id });
          hosts.removeHost(host.id);
          toasts.show('info', t('removeHost.done', { label: host.label }));
        } catch (err) {
          toasts.show('error', t('removeHost.failed', { label: host.label }), errorMessage(err));
        }
      });
    },
    [client, hosts, toasts, track],
  );

  const isBusy = useCallback(
    (command: HostCommand, hostId?: string) => busy.has(keyOf(command, hostId)),
    [busy],
  );

  return { busy, isBusy, ensureDemoHost, disconnect, refresh, remove };
}
