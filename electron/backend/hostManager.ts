// The hosts the user manages: their saved settings, their ONE connection each, the
// connection state the UI shows, and the poll that keeps each host's domain list true.
import { EventEmitter } from 'node:events';
import {
  ApiError,
  type ActionResult,
  type ConnectResult,
  type ConnState,
  type DomainAction,
  type HostInput,
  type HostSummary,
} from '../../shared/api';
import type { DomainRow, HostInfo, HostSnapshot } from '../../shared/types';
import type { DefinedConfig } from '../../shared/xen/inventory';
import { pollSections, type ConfigCache } from '../../shared/xen/poll';
import {
  detectScript,
  detectionMessage,
  evaluateDetection,
  parseToolstackPoll,
  type ToolstackKind,
} from '../../shared/xen/toolstack'; // issue 4
import type { AuthPromptBroker } from './hosts/authPrompts'; // issue 4
import type { SecretStore } from './hosts/secretStore'; // issue 4
import { summarizeXlError } from '../../shared/xen/xlErrors';
import { HostConnection, type ExecResult, type Secrets } from './ssh/hostConnection';
import type { KnownHosts } from './ssh/knownHosts';
import type { SavedHost, SettingsStore } from './settings';

/** Starts the simulated dom0 behind the demo host on demand. */
export interface DemoProvider {
  ensureRunning(): Promise<{ port: number; keyPath: string }>;
  stop(): Promise<void>;
}

interface HostRuntime {
  conn: HostConnection | null;
  state: ConnState;
  error?: string;
  fingerprint?: string;
  info?: HostInfo;
  snapshot: HostSnapshot | null;
  secrets: Secrets; // in memory only, never written to disk
  pollTimer: NodeJS.Timeout | null;
  polling: Promise<HostSnapshot> | null;
  reconnectTimer: NodeJS.Timeout | null;
  reconnectAttempt: number;
  wanted: boolean; // the user wants this host connected
  /** detected after login (issue 4) */
  toolstack?: ToolstackKind | 'none';
  /** issue 5: config contents read by earlier polls (by hash), and the configs of the last poll */
  cfgCache: ConfigCache;
  configs: DefinedConfig[];
  /** the last poll failed (or timed out): the snapshot is stale */
  pollError?: string;
  /** how long recent polls took (ms), for the next poll's timeout */
  pollDurations: number[];
}

/**
 * A poll's timeout follows the host: a loaded dom0 (or Xen under TCG) can take tens of seconds
 * for `xentop -i 2`, a healthy one a second. Five times the slowest recent poll, 60 s to 5 min.
 */
export function pollTimeoutMs(recent: readonly number[]): number {
  const slowest = recent.length ? Math.max(...recent) : 0;
  return Math.min(300_000, Math.max(60_000, 5 * slowest));
}

export interface HostManagerOptions {
  settings: SettingsStore;
  knownHosts: KnownHosts;
  demo?: DemoProvider;
  pollIntervalMs?: number;
  /** a poll's timeout from recent poll durations (default pollTimeoutMs; tests shorten it) */
  pollTimeout?: (recentMs: readonly number[]) => number;
  /** remembered passwords/passphrases (issue 4; absent = never remembered) */
  secretStore?: SecretStore;
  /** keyboard-interactive prompts to the UI (issue 4) */
  prompts?: AuthPromptBroker;
  /** issue 5: adds what XenDesk keeps itself (tags) to every polled row */
  decorateRows?: (hostId: string, rows: DomainRow[]) => void;
}

export class HostManager extends EventEmitter {
  private rt = new Map<string, HostRuntime>();
  private pollIntervalMs: number;

  constructor(private readonly opts: HostManagerOptions) {
    super();
    this.pollIntervalMs = opts.pollIntervalMs ?? 2000;
  }

  private runtime(id: string): HostRuntime {
    let r = this.rt.get(id);
    if (!r) {
      r = {
        conn: null,
        state: 'disconnected',
        snapshot: null,
        secrets: {},
        pollTimer: null,
        polling: null,
        reconnectTimer: null,
        reconnectAttempt: 0,
        wanted: false,
        cfgCache: new Map(),
        configs: [],
        pollDurations: [],
      };
      this.rt.set(id, r);
    }
    return r;
  }

  private saved(id: string): SavedHost {
    const h = this.opts.settings.host(id);
    if (!h) throw new ApiError('not-found', `No host with id ${id}.`);
    return h;
  }

  summary(id: string): HostSummary {
    const h = this.saved(id);
    const r = this.runtime(id);
    const { autoconnect: _a, ...rest } = h;
    return {
      ...rest,
      state: r.state,
      error: r.error,
      fingerprint: r.fingerprint,
      info: r.info,
      toolstack: r.toolstack,
      pollError: r.pollError,
      secretRemembered: this.opts.secretStore?.has(id) || undefined,
    };
  }

  list(): HostSummary[] {
    return this.opts.settings.hosts().map((h) => this.summary(h.id));
  }

  private changed(
    id: string,
    patch: Partial<Pick<HostRuntime, 'state' | 'error' | 'fingerprint' | 'info' | 'pollError'>>,
  ): void {
    Object.assign(this.runtime(id), patch);
    if (this.opts.settings.host(id)) this.emit('hostChanged', this.summary(id));
  }

  add(input: HostInput): HostSummary {
    const h = this.opts.settings.addHost(input);
    return this.summary(h.id);
  }

  update(id: string, input: HostInput): HostSummary {
    this.saved(id);
    this.disconnect(id);
    this.opts.settings.updateHost(id, input);
    return this.summary(id);
  }

  remove(id: string): void {
    this.saved(id);
    this.disconnect(id);
    this.rt.delete(id);
    this.opts.secretStore?.delete(id);
    this.opts.settings.removeHost(id);
    this.emit('hostRemoved', { hostId: id });
  }

  async addDemo(): Promise<HostSummary> {
    if (!this.opts.demo) throw new ApiError('not-found', 'The demo host is not available in this build.');
    const existing = this.opts.settings.hosts().find((h) => h.demo);
    const { port, keyPath } = await this.opts.demo.ensureRunning();
    if (existing) {
      this.opts.settings.updateHost(existing.id, { port, auth: { kind: 'key', keyPath } });
      return this.summary(existing.id);
    }
    const h = this.opts.settings.addHost(
      {
        label: 'Demo dom0 (simulated)',
        address: '127.0.0.1',
        port,
        username: 'root',
        auth: { kind: 'key', keyPath },
      },
      { demo: true },
    );
    return this.summary(h.id);
  }

  connection(id: string): HostConnection {
    const c = this.runtime(id).conn;
    if (!c || !c.connected) throw new ApiError('not-connected', `${this.saved(id).label} is not connected.`);
    return c;
  }

  /** The user asks to connect: failures are reported and end the attempt. */
  async connect(
    id: string,
    secrets: Secrets = {},
    opts: { remember?: boolean } = {},
  ): Promise<ConnectResult> {
    const r = this.runtime(id);
    if (r.conn?.connected) return { status: 'connected', fingerprint: r.fingerprint ?? '' };
    if (secrets.password !== undefined || secrets.passphrase !== undefined)
      r.secrets = { ...r.secrets, ...secrets };
    else if (!r.secrets.password && !r.secrets.passphrase)
      r.secrets = { ...(this.opts.secretStore?.get(id) ?? {}) }; // remembered (issue 4)
    this.clearReconnect(r);
    r.wanted = true;
    try {
      const result = await this.open(id);
      if (result.status !== 'connected') r.wanted = false;
      else if (opts.remember === true && (r.secrets.password || r.secrets.passphrase)) {
        this.opts.secretStore?.set(id, r.secrets);
        this.changed(id, {});
      } else if (opts.remember === false && this.opts.secretStore?.has(id)) {
        this.opts.secretStore.delete(id);
        this.changed(id, {});
      }
      return result;
    } catch (e) {
      r.wanted = false;
      this.changed(id, { state: 'error', error: (e as Error).message });
      throw e;
    }
  }

  /** One connection attempt: handshake, host key, auth, toolstack check, then polling. */
  private async open(id: string): Promise<ConnectResult> {
    let h = this.saved(id);
    const r = this.runtime(id);
    if (h.demo && this.opts.demo) {
      // the simulated dom0 runs in-process and may have a new port since the last run
      const { port, keyPath } = await this.opts.demo.ensureRunning();
      h = this.opts.settings.updateHost(id, { port, auth: { kind: 'key', keyPath } }) ?? h;
    }
    this.changed(id, { state: r.state === 'reconnecting' ? 'reconnecting' : 'connecting' });
    const conn = new HostConnection(h, this.opts.knownHosts);
    const result = await conn
      .connect(r.secrets, { prompt: this.opts.prompts?.forHost(id) })
      .finally(() => this.opts.prompts?.closeHost(id));
    if (result.status !== 'connected') {
      r.conn = conn; // keeps the presented key for trustHostKey
      this.changed(id, {
        state: result.status === 'key-changed' ? 'error' : 'disconnected',
        fingerprint: result.status === 'key-changed' ? result.actual : result.fingerprint,
        error:
          result.status === 'key-changed'
            ? `HOST KEY CHANGED: expected ${result.expected}, the host presented ${result.actual}. Refusing to connect.`
            : undefined,
      });
      return result;
    }
    try {
      await this.afterConnect(id, conn);
    } catch (e) {
      conn.close();
      throw e;
    }
    r.conn = conn;
    r.reconnectAttempt = 0;
    conn.on('lost', () => this.onLost(id, conn));
    this.changed(id, { state: 'connected', fingerprint: result.fingerprint, error: undefined });
    this.schedulePoll(id, 0);
    return result;
  }

  /** Privilege: root runs xl directly, anyone else through `sudo -n` (never a password prompt). */
  private prefix(id: string): string[] {
    return this.saved(id).username === 'root' ? [] : ['sudo', '-n'];
  }

  /** argv with the host's privilege prefix, for channels opened outside xl() (the serial console's pty). */
  toolstackArgv(id: string, argv: readonly string[]): string[] {
    return [...this.prefix(id), ...argv];
  }

  /** The toolstack detected on the host (issue 4). */
  toolstack(id: string): ToolstackKind | 'none' | undefined {
    return this.rt.get(id)?.toolstack;
  }

  /** Run a toolstack command with the host's privilege prefix. */
  xl(id: string, argv: readonly string[], timeoutMs = 120000): Promise<ExecResult> {
    return this.connection(id).exec([...this.prefix(id), ...argv], { timeoutMs });
  }

  /** Which toolstack answers (xl, or xm on a xend host), and its `info` (issue 4: ONE exec for both). */
  private async afterConnect(id: string, conn: HostConnection): Promise<void> {
    const r = await conn.execRawScript(detectScript(this.prefix(id)), { timeoutMs: 30000 });
    const d = evaluateDetection(r.stdout);
    const rt = this.runtime(id);
    if (d.kind !== 'none') {
      rt.toolstack = d.kind;
      conn.toolstack = d.kind; // every later argv is said in this toolstack's words
      rt.info = d.info;
      return;
    }
    rt.toolstack = 'none';
    throw new ApiError('xl-failed', detectionMessage(d, this.saved(id).username), { toolstack: d.reason });
  }

  async trustKey(id: string, fp: string): Promise<void> {
    const h = this.saved(id);
    const key = this.runtime(id).conn?.presentedKey;
    const presented = key ? (await import('./ssh/knownHosts')).fingerprint(key.blob) : null;
    if (!key || presented !== fp)
      throw new ApiError(
        'host-key-unknown',
        'That key is not the one this host presented: connect again and compare.',
      );
    // a ProxyJump hop's key is remembered for the hop (issue 4)
    const at = this.runtime(id).conn?.presentedKeyHost ?? { address: h.address, port: h.port };
    if (this.opts.knownHosts.check(at.address, at.port, key).verdict === 'changed')
      throw new ApiError(
        'host-key-changed',
        'This host already has a different trusted key: XenDesk will not replace it.',
      );
    this.opts.knownHosts.add(at.address, at.port, key);
  }

  disconnect(id: string): void {
    const r = this.rt.get(id);
    if (!r) return;
    r.wanted = false;
    this.clearReconnect(r);
    if (r.pollTimer) clearTimeout(r.pollTimer);
    r.pollTimer = null;
    r.conn?.close();
    r.conn = null;
    if (this.opts.settings.host(id)) this.changed(id, { state: 'disconnected', error: undefined });
  }

  private clearReconnect(r: HostRuntime): void {
    if (r.reconnectTimer) clearTimeout(r.reconnectTimer);
    r.reconnectTimer = null;
  }

  /** The connection dropped: reconnect with exponential backoff (1 s … 30 s) while the user wants it. */
  private onLost(id: string, conn: HostConnection): void {
    const r = this.rt.get(id);
    if (!r || r.conn !== conn) return;
    if (r.pollTimer) clearTimeout(r.pollTimer);
    r.pollTimer = null;
    r.conn = null;
    if (!r.wanted) return this.changed(id, { state: 'disconnected' });
    this.scheduleReconnect(id, 'Connection lost');
  }

  private scheduleReconnect(id: string, why: string): void {
    const r = this.runtime(id);
    const delay = Math.min(30000, 1000 * 2 ** r.reconnectAttempt);
    r.reconnectAttempt++;
    this.changed(id, { state: 'reconnecting', error: `${why}; retrying in ${Math.round(delay / 1000)} s.` });
    r.reconnectTimer = setTimeout(() => {
      r.reconnectTimer = null;
      if (!r.wanted || !this.opts.settings.host(id)) return;
      this.open(id).then(
        (res) => {
          if (res.status !== 'connected') r.wanted = false; // a key problem needs the user
        },
        (e: Error) => {
          // a login that needs the user (rejected password, unanswered 2FA prompt) is not retried blindly
          if (e instanceof ApiError && e.code === 'auth-failed') {
            r.wanted = false;
            this.changed(id, { state: 'error', error: e.message });
          } else if (r.wanted) this.scheduleReconnect(id, e.message.replace(/\.$/, ''));
        },
      );
    }, delay);
  }

  get pollInterval(): number {
    return this.pollIntervalMs;
  }

  /** issue 9 (Preferences): a new interval applies at once, not after the poll already scheduled. */
  setPollInterval(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0 || ms === this.pollIntervalMs) return;
    this.pollIntervalMs = ms;
    for (const [id, r] of this.rt) if (r.pollTimer && r.conn?.connected) this.schedulePoll(id, ms);
  }

  private schedulePoll(id: string, delay: number): void {
    const r = this.runtime(id);
    if (r.pollTimer) clearTimeout(r.pollTimer);
    r.pollTimer = setTimeout(() => {
      r.pollTimer = null;
      this.refresh(id).then(
        () => r.conn?.connected && this.schedulePoll(id, this.pollIntervalMs),
        () => r.conn?.connected && this.schedulePoll(id, this.pollIntervalMs),
      );
    }, delay);
  }

  snapshot(id: string): HostSnapshot | null {
    this.saved(id);
    return this.runtime(id).snapshot;
  }

  /** One poll: ONE exec on the host returns everything the domain list needs. Concurrent callers share it. */
  /** A poll that STARTS now: after an action, a poll already in flight may predate it. */
  async refreshFresh(id: string): Promise<HostSnapshot> {
    const inFlight = this.runtime(id).polling;
    if (inFlight) await inFlight.catch(() => undefined);
    return this.refresh(id);
  }

  refresh(id: string): Promise<HostSnapshot> {
    const r = this.runtime(id);
    if (r.polling) return r.polling;
    const prefix = this.prefix(id);
    const conn = this.connection(id);
    r.polling = (async () => {
      try {
        const kind = r.toolstack === 'xm' ? 'xm' : 'xl'; // issue 4: the connection says it in xm's words
        const started = Date.now();
        const { raw } = await conn.execScript(pollSections(prefix, r.cfgCache.keys()), {
          timeoutMs: (this.opts.pollTimeout ?? pollTimeoutMs)(r.pollDurations),
        });
        r.pollDurations = [...r.pollDurations.slice(-4), Date.now() - started];
        const { snapshot, errors, configs, listing } = parseToolstackPoll(kind, raw.stdout, r.cfgCache);
        if (listing) r.configs = configs;
        this.opts.decorateRows?.(id, snapshot.domains);
        const snap: HostSnapshot = { hostId: id, at: Date.now(), ...snapshot };
        r.snapshot = snap;
        if (errors.some((e) => e.key === 'list')) {
          const e = errors.find((x) => x.key === 'list')!;
          this.changed(id, { error: `xl list failed: ${summarizeXlError(e.output, e.rc).message}` });
        } else if (r.error && r.state === 'connected') this.changed(id, { error: undefined });
        if (r.pollError) this.changed(id, { pollError: undefined });
        this.emit('snapshot', snap);
        return snap;
      } catch (e) {
        // the list keeps the last good snapshot: say that it is stale, and why
        if (r.state === 'connected') this.changed(id, { pollError: (e as Error).message });
        throw e;
      } finally {
        r.polling = null;
      }
    })();
    return r.polling;
  }

  /** The config files of /etc/xen as the last poll saw them (issue 5). */
  configs(id: string): DefinedConfig[] {
    return this.runtime(id).configs;
  }

  /** The shell prefix for privileged commands on this host ([] for root, else sudo -n). */
  privilegePrefix(id: string): string[] {
    return this.prefix(id);
  }

  /** The current poll script (bench: the same exec XenDesk runs). */
  pollSectionsFor(id: string): { key: string; argv: string[] }[] {
    return pollSections(this.prefix(id), this.runtime(id).cfgCache.keys());
  }

  async action(id: string, domain: string, action: DomainAction): Promise<ActionResult> {
    const res = await this.xl(id, ['xl', action, domain]);
    const output = (res.stderr + res.stdout).trim();
    const snap = await this.refreshFresh(id).catch(() => this.runtime(id).snapshot);
    const row =
      snap?.domains.find((d) => d.name === domain) ??
      (snap?.dom0?.name === domain ? snap.dom0 : null) ??
      null;
    if (res.code !== 0) {
      throw new ApiError('xl-failed', summarizeXlError(output, res.code ?? -1).message, {
        output,
        domain: row,
      });
    }
    return { ok: true, output, domain: row };
  }

  async dispose(): Promise<void> {
    for (const id of [...this.rt.keys()]) this.disconnect(id);
    await this.opts.demo?.stop();
  }
}
