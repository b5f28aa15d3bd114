// The backend: one HostManager behind the typed contract. Transports (Electron
// MessagePort, WebSocket, in-memory) attach ports to it; every port gets every event.
import path from 'node:path';
import { ApiError, type AppInfo, type ApiEventName, type ApiEvents } from '../../shared/api';
import { serveRpc, type RpcHandlers, type RpcPort } from '../../shared/rpc';
import { HostManager, type DemoProvider } from './hostManager';
import { SettingsStore } from './settings';
import { KnownHosts } from './ssh/knownHosts';
import { userKnownHostsFile } from './paths';

export interface BackendOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** OpenSSH's known_hosts files to trust too (default: ~/.ssh/known_hosts) */
  userKnownHosts?: string[];
  demo?: DemoProvider;
  pollIntervalMs?: number;
}

export interface Backend {
  hosts: HostManager;
  handlers: RpcHandlers;
  attach(port: RpcPort): void;
  dispose(): Promise<void>;
}

const EVENTS: ApiEventName[] = ['hostChanged', 'hostRemoved', 'snapshot'];

export function createBackend(opts: BackendOptions): Backend {
  const settings = new SettingsStore(opts.dataDir);
  const knownHosts = new KnownHosts(
    path.join(opts.dataDir, 'known_hosts'),
    opts.userKnownHosts ?? [userKnownHostsFile()],
  );
  const hosts = new HostManager({
    settings,
    knownHosts,
    demo: opts.demo,
    pollIntervalMs: opts.pollIntervalMs,
  });

  const handlers: RpcHandlers = {
    getAppInfo: async () => ({
      version: opts.version,
      mode: opts.mode,
      platform: process.platform,
      versions: Object.fromEntries(
        Object.entries(process.versions).filter(([k]) => ['node', 'electron', 'chrome', 'v8'].includes(k)),
      ) as Record<string, string>,
    }),
    listHosts: async () => hosts.list(),
    addHost: async (input) => hosts.add(input),
    updateHost: async ({ hostId, input }) => hosts.update(hostId, input),
    removeHost: async ({ hostId }) => hosts.remove(hostId),
    addDemoHost: async () => hosts.addDemo(),
    connectHost: async ({ hostId, password, passphrase }) => hosts.connect(hostId, { password, passphrase }),
    trustHostKey: async ({ hostId, fingerprint }) => hosts.trustKey(hostId, fingerprint),
    disconnectHost: async ({ hostId }) => hosts.disconnect(hostId),
    getSnapshot: async ({ hostId }) => hosts.snapshot(hostId),
    refreshHost: async ({ hostId }) => hosts.refresh(hostId),
    domainAction: async ({ hostId, domain, action }) => {
      if (domain === 'Domain-0')
        throw new ApiError('invalid-params', 'Domain-0 cannot be paused, shut down or destroyed from here.');
      return hosts.action(hostId, domain, action);
    },
  };

  return {
    hosts,
    handlers,
    attach(port) {
      const conn = serveRpc(port, handlers);
      const subs = EVENTS.map((name) => {
        const f = (payload: ApiEvents[typeof name]) => conn.emit(name, payload);
        hosts.on(name, f);
        return () => hosts.off(name, f);
      });
      conn.onClose(() => subs.forEach((off) => off()));
    },
    dispose: () => hosts.dispose(),
  };
}
