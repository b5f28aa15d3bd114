// The backend: one HostManager behind the typed contract. Transports (Electron
// MessagePort, WebSocket, in-memory) attach ports to it; every port gets every event.
import path from 'node:path';
import type { AppInfo, ApiEventName, ApiEvents } from '../../shared/api';
import { serveRpc, type RpcHandlers, type RpcPort, type RpcServerConnection } from '../../shared/rpc';
import type { Preferences } from '../../shared/preferences'; // issue 9
import { HostManager, type DemoProvider } from './hostManager';
import { SettingsStore } from './settings';
import { KnownHosts } from './ssh/knownHosts';
import { userKnownHostsFile } from './paths';
import { VncService, vncHostsOf } from './vnc/service'; // VNC (issue 8)
import { ConsoleService } from './console/consoleService'; // serial console (issue 7)
import { DomainService } from './domains/service'; // domains (issue 5)
import { TagStore } from './domains/tags'; // domains (issue 5)
import { CreateService } from './create/service'; // create wizard (issue 6)
import { AuthPromptBroker } from './hosts/authPrompts'; // hosts (issue 4)
import { hostsHandlers } from './hosts/handlers'; // hosts (issue 4)
import { MemorySecretStore, type SecretStore } from './hosts/secretStore'; // hosts (issue 4)
import type { SshConfigEnv } from './hosts/sshConfig'; // hosts (issue 4)

export interface BackendOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** OpenSSH's known_hosts files to trust too (default: ~/.ssh/known_hosts) */
  userKnownHosts?: string[];
  demo?: DemoProvider;
  pollIntervalMs?: number;
  /** see HostManagerOptions.pollTimeout (tests) */
  pollTimeout?: (recentMs: readonly number[]) => number;
  /** where "remember" puts secrets: electron/main.ts injects the safeStorage one (issue 4) */
  secretStore?: SecretStore;
  /** where ~/.ssh/config is (tests) (issue 4) */
  sshConfig?: SshConfigEnv;
}

export interface Backend {
  hosts: HostManager;
  /** graphical consoles: web/server.ts mounts its WebSocket path (issue 8) */
  vnc: VncService;
  handlers: RpcHandlers;
  /** the connection can also be sent events meant for that window alone (menuCommand, issue 9) */
  attach(port: RpcPort): Pick<RpcServerConnection, 'emit'>;
  /** issue 9: what the main process needs of the preferences (theme, language of the menus) */
  preferences: { get(): Preferences; onChange(cb: (p: Preferences) => void): () => void };
  dispose(): Promise<void>;
}

const EVENTS: ApiEventName[] = [
  'hostChanged',
  'hostRemoved',
  'snapshot',
  'consoleState',
  'taskProgress',
  'authPrompt', // issue 4
  'authPromptClosed', // issue 4
  'preferencesChanged', // issue 9
];

export function createBackend(opts: BackendOptions): Backend {
  const settings = new SettingsStore(opts.dataDir);
  const knownHosts = new KnownHosts(
    path.join(opts.dataDir, 'known_hosts'),
    opts.userKnownHosts ?? [userKnownHostsFile()],
  );
  const tags = new TagStore(opts.dataDir); // domains (issue 5): user tags, kept by XenDesk
  const secretStore = opts.secretStore ?? new MemorySecretStore(); // issue 4
  const prompts = new AuthPromptBroker({
    prompt: (p) => hosts.emit('authPrompt', p),
    closed: (c) => hosts.emit('authPromptClosed', c),
  }); // issue 4
  const hosts = new HostManager({
    settings,
    knownHosts,
    demo: opts.demo,
    // a command-line/env interval (tests, --poll-ms) wins over the saved preference at start (issue 9)
    pollIntervalMs: opts.pollIntervalMs ?? settings.preferences().pollIntervalMs,
    pollTimeout: opts.pollTimeout,
    secretStore, // issue 4
    prompts, // issue 4
    decorateRows: (id, rows) => tags.decorate(id, rows),
  });

  const vnc = new VncService(vncHostsOf(hosts)); // VNC (issue 8)
  // serial console (issue 7): its consoleState events go out with the host manager's events
  const consoles = new ConsoleService(hosts, { emit: (s) => hosts.emit('consoleState', s) });

  const domains = new DomainService(hosts, tags); // domains (issue 5): emits taskProgress through hosts
  const creator = new CreateService(hosts); // create wizard (issue 6)

  const handlers: RpcHandlers = {
    getAppInfo: async () => ({
      version: opts.version,
      mode: opts.mode,
      platform: process.platform,
      versions: Object.fromEntries(
        Object.entries(process.versions).filter(([k]) => ['node', 'electron', 'chrome', 'v8'].includes(k)),
      ) as Record<string, string>,
      secretStore: secretStore.kind, // issue 4
    }),
    listHosts: async () => hosts.list(),
    addHost: async (input) => hosts.add(input),
    updateHost: async ({ hostId, input }) => hosts.update(hostId, input),
    removeHost: async ({ hostId }) => hosts.remove(hostId),
    addDemoHost: async () => hosts.addDemo(),
    connectHost: async ({ hostId, password, passphrase, remember }) =>
      hosts.connect(hostId, { password, passphrase }, { remember }), // remember: issue 4
    trustHostKey: async ({ hostId, fingerprint }) => hosts.trustKey(hostId, fingerprint),
    disconnectHost: async ({ hostId }) => hosts.disconnect(hostId),
    getSnapshot: async ({ hostId }) => hosts.snapshot(hostId),
    refreshHost: async ({ hostId }) => hosts.refresh(hostId),
    openVnc: async ({ hostId, domain }) => vnc.open(hostId, domain), // VNC (issue 8)
    openConsole: async (params, ctx) => consoles.open(params, ctx), // serial console (issue 7)
    ...domains.handlers(), // domains (issue 5)
    ...creator.handlers(), // create wizard (issue 6)
    ...hostsHandlers({ hosts, prompts, secrets: secretStore, sshConfig: opts.sshConfig }), // hosts (issue 4)
    // issue 9: preferences, saved in settings.json; every window follows the event
    getPreferences: async () => settings.preferences(),
    setPreferences: async (patch) => {
      const prefs = settings.setPreferences(patch);
      if (patch.pollIntervalMs !== undefined) hosts.setPollInterval(prefs.pollIntervalMs);
      hosts.emit('preferencesChanged', prefs);
      return prefs;
    },
  };

  return {
    hosts,
    vnc,
    handlers,
    attach(port) {
      const conn = serveRpc(port, handlers);
      const subs = EVENTS.map((name) => {
        const f = (payload: ApiEvents[typeof name]) => conn.emit(name, payload);
        hosts.on(name, f);
        return () => hosts.off(name, f);
      });
      conn.onClose(() => subs.forEach((off) => off()));
      for (const p of prompts.open()) conn.emit('authPrompt', p); // a login waiting for an answer (issue 4)
      return { emit: (name, payload) => conn.emit(name, payload) };
    },
    preferences: {
      get: () => settings.preferences(),
      onChange(cb) {
        hosts.on('preferencesChanged', cb);
        return () => hosts.off('preferencesChanged', cb);
      },
    },
    dispose: async () => {
      await vnc.dispose(); // VNC (issue 8)
      consoles.dispose(); // serial console (issue 7)
      await hosts.dispose();
      prompts.dispose(); // issue 4
    },
  };
}
