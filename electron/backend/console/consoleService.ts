// Serial consoles. Per (host, domain, kind) ONE session runs `xl console -t pv|serial DOMAIN`
// in a pty channel on the host's one SSH connection, and fans its output out to every window
// that shows it: xenconsole allows one client per domain (a lock file), so a second window
// SHARES the session instead of failing on the lock. Flow control is acknowledged end to end:
// the channel is paused while ANY window is behind by more than the RPC high-water mark (the
// remote xl then blocks on its pty) and resumed when all have drained — a flood neither
// freezes the UI nor loses bytes. The session survives a guest reboot (xl console ends when
// the domain goes away; the next snapshot shows the name with a new domid → attach again)
// and a dropped SSH connection (the host manager reconnects → attach again), and says so in
// the terminal. Ctrl+] (0x1d) is xl's own detach; the last window closing detaches cleanly
// too, then signals and closes the channel so no stale remote `xl console` keeps the lock.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ApiError,
  type ConsoleKind,
  type ConsoleOpened,
  type ConsoleState,
  type ConsoleStatus,
  type HostSummary,
} from '../../../shared/api';
import type { RpcContext, ServerStream } from '../../../shared/rpc';
import type { DomainRow, HostSnapshot } from '../../../shared/types';
import { summarizeXlError } from '../../../shared/xen/xlErrors';
import { plainText, stripTerminalQueries, Utf8Decoder } from './utf8';

/** The part of an ssh2 ClientChannel a console uses (a fake one in unit tests). */
export interface PtyChannel {
  on(event: 'data', cb: (data: Buffer) => void): unknown;
  on(event: 'exit', cb: (code: number | null, signal?: string) => void): unknown;
  on(event: 'close', cb: () => void): unknown;
  once(event: 'close', cb: () => void): unknown;
  stderr?: { on(event: 'data', cb: (data: Buffer) => void): unknown };
  write(data: Buffer): unknown;
  pause(): unknown;
  resume(): unknown;
  setWindow(rows: number, cols: number, height: number, width: number): unknown;
  signal(name: string): unknown;
  close(): unknown;
}

interface PtyConnection {
  readonly connected: boolean;
  execPty(argv: readonly string[], pty: { cols: number; rows: number }): Promise<PtyChannel>;
}

/** What the console service needs of the HostManager. */
export interface ConsoleHosts {
  connection(hostId: string): PtyConnection;
  toolstackArgv(hostId: string, argv: readonly string[]): string[];
  snapshot(hostId: string): HostSnapshot | null;
  refresh(hostId: string): Promise<HostSnapshot>;
  summary(hostId: string): HostSummary;
  on(event: string, cb: (payload: unknown) => void): unknown;
  off(event: string, cb: (payload: unknown) => void): unknown;
}

export interface ConsoleServiceOptions {
  /** where consoleState events go (the backend forwards them to every window) */
  emit: (state: ConsoleState) => void;
  /** xl console prints nothing on success: still running after this long = attached */
  attachGraceMs?: number;
  /** the last window left: how long xl gets to exit on 0x1d before it is signalled */
  releaseGraceMs?: number;
  /** while waiting for a rebooting domain, ask for a fresh snapshot this often */
  rebootPollMs?: number;
  /** output kept to show a window that joins a running session */
  replayChars?: number;
}

export interface OpenConsoleParams {
  hostId: string;
  domain: string;
  kind: ConsoleKind;
  cols: number;
  rows: number;
}

const ControlSchema = z.object({
  cols: z.number().int().min(10).max(1000),
  rows: z.number().int().min(2).max(500),
});

const DETACH = '\x1d';
/** how long after Ctrl+] an exit of xl console still counts as the detach */
const DETACH_WAIT_MS = 60_000;
const LOCK_RE = /Could not lock (\S+?):?\s/;
/** reattach retries while the previous connection's xl console still holds the lock */
const LOCK_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
/** the console ended quickly this many times while the domain kept running: give up */
const MAX_QUICK_EXITS = 3;
/** xl console ended but the snapshot still shows the same domid: believe it after this long */
const SAME_DOMID_SETTLE_MS = 5000;

type AttachReason = 'initial' | 'reboot' | 'reconnect' | 'retry';

/** A line XenDesk writes into the terminal itself (dim, between CRLFs, never mistaken for guest output). */
export function statusLine(text: string): string {
  return `\r\n\x1b[2m[XenDesk: ${text}]\x1b[0m\r\n`;
}

function isRunning(row: DomainRow | undefined): row is DomainRow & { id: number } {
  return !!row && row.id !== null && !['shutdown', 'dying', 'crashed', 'shut off'].includes(row.state);
}

/** xl console failed: its own words, explained. */
export function consoleFailure(
  output: string,
  code: number | null,
  domain: string,
): { message: string; lock: boolean } {
  const text = plainText(output);
  const lock = LOCK_RE.exec(text);
  if (lock) {
    return {
      lock: true,
      message:
        `Another client is attached to ${domain}'s console (xenconsole: Could not lock ${lock[1]}). ` +
        'xenconsole allows one client per domain: close the other "xl console" (it may be another ' +
        "administrator's session), then open the console again.",
    };
  }
  const summary = summarizeXlError(text, code ?? -1).message;
  return { lock: false, message: summary || `xl console ended with exit code ${code ?? 'unknown'}.` };
}

class ConsoleSession {
  readonly id = randomUUID();
  status: ConsoleStatus = 'attaching';
  message: string | undefined;
  domid: number | undefined;
  /** no window is left: the session is winding down (its channel may still be closing) */
  closing = false;
  /** over for good (detached, failed, released) */
  ended = false;
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  private subs = new Map<ServerStream, { pressured: boolean }>();
  private channel: PtyChannel | null = null;
  private decoder = new Utf8Decoder();
  private run = 0;
  private paused = false;
  private detachRequested = false;
  private detachResetTimer: NodeJS.Timeout | null = null;
  /** recent output of the current run (error messages) */
  private tail = '';
  /** recent output of the session (replayed to a window that joins) */
  private replay: string[] = [];
  private replaySize = 0;
  /** output of a re-attach held until it is known to have worked */
  private held: string[] | null = null;
  private waiting: 'domain' | 'connection' | null = null;
  private waitingSince = 0;
  private waitingLongNoted = false;
  /** keystrokes typed while the channel is being opened (sent once it is) */
  private pendingInput: string[] | null = null;
  private goneDomid: number | undefined;
  private lockRetries = 0;
  private quickExits = 0;
  private timers = new Set<NodeJS.Timeout>();
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly hostId: string,
    readonly domain: string,
    readonly kind: ConsoleKind,
    private cols: number,
    private rows: number,
    private readonly hosts: ConsoleHosts,
    private readonly opts: Required<ConsoleServiceOptions>,
    private readonly onGone: (s: ConsoleSession) => void,
  ) {
    this.closed = new Promise((r) => (this.resolveClosed = r));
  }

  state(): ConsoleState {
    return {
      sessionId: this.id,
      hostId: this.hostId,
      domain: this.domain,
      status: this.status,
      ...(this.domid !== undefined ? { domid: this.domid } : {}),
      ...(this.message !== undefined ? { message: this.message } : {}),
    };
  }

  announce(): void {
    this.opts.emit(this.state());
  }

  private setStatus(status: ConsoleStatus, message?: string): void {
    this.status = status;
    this.message = message;
    this.announce();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    if (this.detachResetTimer) clearTimeout(this.detachResetTimer);
    this.detachResetTimer = null;
  }

  // ------------------------------------------------------------ windows

  addSubscriber(stream: ServerStream, cols: number, rows: number): void {
    const entry = { pressured: false };
    this.subs.set(stream, entry);
    stream.onPressure((p) => {
      entry.pressured = p;
      this.updateFlow();
    });
    stream.onWrite((d) => this.input(d));
    stream.onControl((m) => {
      const c = ControlSchema.safeParse(m);
      if (c.success) this.resize(c.data.cols, c.data.rows);
    });
    stream.onClose(() => this.removeSubscriber(stream));
    if (this.replaySize > 0) {
      // xl console replays nothing to a second client: show what the first window shows
      stream.push(stripTerminalQueries(this.replay.join('')));
    }
    this.resize(cols, rows);
  }

  private removeSubscriber(stream: ServerStream): void {
    if (!this.subs.delete(stream)) return;
    this.updateFlow();
    if (this.subs.size === 0 && !this.ended) this.release();
  }

  private updateFlow(): void {
    let behind = false;
    for (const s of this.subs.values()) if (s.pressured) behind = true;
    if (behind === this.paused) return;
    this.paused = behind;
    if (behind) this.channel?.pause();
    else this.channel?.resume();
  }

  private resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    try {
      this.channel?.setWindow(rows, cols, 0, 0);
    } catch {
      /* the channel is closing */
    }
  }

  /** Keystrokes from any window. A 0x1d goes alone in its own write (xenconsole only honours it so). */
  private input(data: string): void {
    if (this.ended || this.closing || data.length === 0) return;
    if (this.pendingInput && !this.channel) {
      // the channel is opening: keep the keys (a bounded amount) until it is there
      if (this.pendingInput.join('').length + data.length <= 65536) this.pendingInput.push(data);
      return;
    }
    const at = data.indexOf(DETACH);
    if (at < 0) {
      this.channel?.write(Buffer.from(data, 'utf8'));
      return;
    }
    const ch = this.channel;
    if (!ch) {
      // nothing is attached (waiting for the domain or the connection): Ctrl+] stops waiting
      this.end('detached', `Detached from ${this.domain}'s console.`, 'detached');
      return;
    }
    this.detachRequested = true;
    if (this.detachResetTimer) clearTimeout(this.detachResetTimer);
    // xl did not exit (the byte arrived together with others): a later exit is not a detach. A busy
    // dom0 takes its time to get there (the real Xen lab under TCG: well over 3 s), so the window is
    // long (keys typed meanwhile do not end it: xterm answers the guest's ESC[6n by itself)
    this.detachResetTimer = setTimeout(() => (this.detachRequested = false), DETACH_WAIT_MS);
    const before = data.slice(0, at);
    if (before) {
      ch.write(Buffer.from(before, 'utf8'));
      this.later(30, () => this.channel === ch && ch.write(Buffer.from(DETACH)));
    } else ch.write(Buffer.from(DETACH));
  }

  // ------------------------------------------------------------ output

  private output(gen: number, chunk: Buffer): void {
    if (gen !== this.run) return;
    this.deliver(this.decoder.write(chunk));
  }

  private deliver(text: string): void {
    if (!text) return;
    this.tail = (this.tail + text).slice(-4096);
    if (this.closing || this.ended) return;
    if (this.held) {
      this.held.push(text);
      return;
    }
    this.broadcast(text);
  }

  private broadcast(text: string): void {
    this.replay.push(text);
    this.replaySize += text.length;
    while (this.replaySize > this.opts.replayChars && this.replay.length > 1) {
      this.replaySize -= this.replay.shift()!.length;
    }
    if (this.replaySize > this.opts.replayChars) {
      // one huge chunk: keep its end, from a line start
      const only = this.replay[0]!;
      const cut = only.slice(-this.opts.replayChars);
      const nl = cut.indexOf('\n');
      this.replay = [nl >= 0 ? cut.slice(nl + 1) : cut];
      this.replaySize = this.replay[0]!.length;
    }
    for (const s of this.subs.keys()) s.push(text);
  }

  private say(text: string): void {
    if (!this.ended && !this.closing) this.broadcast(statusLine(text));
  }

  // ------------------------------------------------------------ attaching

  start(): void {
    void this.attach('initial');
  }

  private async attach(reason: AttachReason): Promise<void> {
    if (this.ended || this.closing) return;
    const gen = ++this.run;
    this.waiting = null;
    this.stopRefreshing();
    if (reason !== 'initial' && this.status !== 'reattaching') this.setStatus('reattaching', this.message);
    let conn: PtyConnection;
    try {
      conn = this.hosts.connection(this.hostId);
    } catch {
      return this.waitForConnection();
    }
    const argv = this.hosts.toolstackArgv(this.hostId, ['xl', 'console', '-t', this.kind, this.domain]);
    let ch: PtyChannel;
    this.pendingInput ??= [];
    try {
      ch = await conn.execPty(argv, { cols: this.cols, rows: this.rows });
    } catch (e) {
      this.pendingInput = null;
      if (gen !== this.run || this.ended || this.closing) return this.finishIfClosing();
      if (!conn.connected) return this.waitForConnection();
      return this.end('failed', `Cannot open a console channel: ${(e as Error).message}`);
    }
    if (gen !== this.run || this.ended || this.closing) {
      this.killChannel(ch);
      return this.finishIfClosing();
    }
    this.channel = ch;
    this.decoder = new Utf8Decoder();
    this.tail = '';
    this.detachRequested = false;
    this.held = reason === 'initial' ? null : [];
    if (this.paused) ch.pause();
    const startedAt = Date.now();
    let exit: { code: number | null; signal?: string } | null = null;
    ch.on('data', (d) => this.output(gen, d));
    ch.stderr?.on('data', (d) => this.output(gen, d));
    ch.on('exit', (code, signal) => (exit = { code, signal }));
    ch.once('close', () => this.onChannelClosed(gen, conn, exit, startedAt, reason));
    const typed = this.pendingInput;
    this.pendingInput = null;
    if (typed?.length) this.input(typed.join(''));
    // xl console prints nothing when it attaches: still running after a moment = attached
    this.later(this.opts.attachGraceMs, () => {
      if (gen === this.run && this.channel === ch) this.attached(reason);
    });
  }

  private attached(reason: AttachReason): void {
    this.lockRetries = 0;
    const held = this.held;
    this.held = null;
    const domid = this.domid ?? '?';
    if (reason === 'reboot') this.say(`domain rebooted — reattached to domid ${domid}`);
    else if (reason === 'reconnect') this.say(`connection restored — reattached to domid ${domid}`);
    else if (reason === 'retry') this.say(`reattached to domid ${domid}`);
    if (held?.length) this.broadcast(held.join(''));
    this.setStatus('attached');
  }

  private onChannelClosed(
    gen: number,
    conn: PtyConnection,
    exit: { code: number | null; signal?: string } | null,
    startedAt: number,
    reason: AttachReason,
  ): void {
    if (gen !== this.run) return;
    this.channel = null;
    this.deliver(this.decoder.end());
    if (this.held) {
      // the re-attach did not work: show what xl said after all
      const held = this.held;
      this.held = null;
      if (held.length) this.broadcast(held.join(''));
    }
    if (this.closing) return this.finish();
    if (this.ended) return;
    const ranMs = Date.now() - startedAt;
    const code = exit?.code ?? null;
    if (code === 0 && this.detachRequested) {
      return this.end('detached', `Detached from ${this.domain}'s console (Ctrl+]).`, 'detached');
    }
    if (!exit || (code === null && exit.signal)) {
      // no exit status: the connection dropped under the channel (or xl was killed); the
      // connection's own state settles within a tick
      this.later(50, () => {
        if (this.ended || this.closing || gen !== this.run) return;
        if (!conn.connected) this.waitForConnection();
        else this.waitForDomain(ranMs);
      });
      return;
    }
    if (code === 0) return this.waitForDomain(ranMs);
    const failure = consoleFailure(this.tail, code, this.domain);
    if (failure.lock && reason !== 'initial' && this.lockRetries < LOCK_RETRY_MS.length) {
      // after a dropped connection the old session's xl may hold the lock until sshd reaps it
      const delay = LOCK_RETRY_MS[this.lockRetries++]!;
      this.setStatus('reattaching', `${failure.message} Retrying in ${Math.round(delay / 1000)} s.`);
      this.later(delay, () => void this.attach('retry'));
      return;
    }
    this.end('failed', failure.message, `xl console failed: ${failure.message}`);
  }

  /** xl console ended by itself: the domain went away (shutdown, reboot, destroy). */
  private waitForDomain(ranMs: number): void {
    if (ranMs < 2000) this.quickExits++;
    else this.quickExits = 0;
    this.goneDomid = this.domid;
    this.waiting = 'domain';
    this.waitingSince = Date.now();
    this.waitingLongNoted = false;
    const what = `${this.domain}${this.domid !== undefined ? ` (domid ${this.domid})` : ''}`;
    this.say(`${what} went away — waiting for it to come back (Ctrl+] stops waiting)`);
    this.setStatus('reattaching', `${what} went away; waiting for it to come back.`);
    this.refreshSoon();
  }

  private waitForConnection(): void {
    this.waiting = 'connection';
    this.waitingSince = Date.now();
    let label = this.hostId;
    try {
      label = this.hosts.summary(this.hostId).label;
    } catch {
      /* removed meanwhile */
    }
    this.say('connection to the host lost — re-attaching when it is back');
    this.setStatus('reattaching', `The connection to ${label} was lost; re-attaching when it is back.`);
  }

  /** While a domain reboots, look sooner than the regular poll would (one exec, shared with it). */
  private refreshSoon(): void {
    this.stopRefreshing();
    if (Date.now() - this.waitingSince > 60000) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.waiting !== 'domain' || this.ended || this.closing) return;
      this.hosts.refresh(this.hostId).then(
        () => this.waiting === 'domain' && this.refreshSoon(),
        () => this.waiting === 'domain' && this.refreshSoon(),
      );
    }, this.opts.rebootPollMs);
  }

  private stopRefreshing(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  onSnapshot(snap: HostSnapshot): void {
    if (this.ended || this.closing) return;
    const row = snap.domains.find((d) => d.name === this.domain);
    if (this.waiting !== 'domain') {
      if (this.status === 'attached' && isRunning(row) && row.id !== this.domid && this.channel) {
        // the snapshot we attached with was older than the domain: correct the id shown
        this.domid = row.id;
        this.announce();
      }
      return;
    }
    if (!isRunning(row)) {
      if (!this.waitingLongNoted && Date.now() - this.waitingSince > 30000) {
        this.waitingLongNoted = true;
        this.setStatus(
          'reattaching',
          `${this.domain} is not running; XenDesk re-attaches when it starts (Detach to stop waiting).`,
        );
      }
      return;
    }
    // the same domid right after xl exited is most likely a poll that began before the
    // domain went away: a reboot brings a NEW domid; only a while later is it the same domain
    if (row.id === this.goneDomid && Date.now() - this.waitingSince < SAME_DOMID_SETTLE_MS) return;
    if (row.id === this.goneDomid && this.quickExits >= MAX_QUICK_EXITS) {
      this.end(
        'failed',
        `xl console keeps ending at once although ${this.domain} is running: ${plainText(this.tail).trim() || 'no message'}`,
      );
      return;
    }
    const rebooted = row.id !== this.goneDomid;
    this.domid = row.id;
    void this.attach(rebooted ? 'reboot' : 'retry');
  }

  onHostChanged(h: HostSummary): void {
    if (this.ended || this.closing) return;
    if (h.state === 'connected' && this.waiting === 'connection') void this.attach('reconnect');
    else if (h.state === 'disconnected' || h.state === 'error') {
      this.end(
        'detached',
        h.error ? `Disconnected from ${h.label}: ${h.error}` : `Disconnected from ${h.label}.`,
        'the host was disconnected',
      );
    }
  }

  // ------------------------------------------------------------ ending

  /** Detached or failed for good: tell every window, end their streams, close the channel. */
  end(status: 'detached' | 'failed', message: string, line?: string): void {
    if (this.ended) return;
    if (line) this.say(line);
    this.ended = true;
    this.waiting = null;
    this.pendingInput = null;
    this.clearTimers();
    this.setStatus(status, message);
    const subs = [...this.subs.keys()];
    this.subs.clear();
    for (const s of subs) s.end(status === 'failed' ? message : 'detached');
    const ch = this.channel;
    this.channel = null;
    this.run++;
    if (ch) this.killChannel(ch);
    this.onGone(this);
    this.resolveClosed();
  }

  /** The last window closed: detach as xl does (0x1d), then signal and close if xl lingers. */
  release(): void {
    if (this.closing || this.ended) return;
    this.closing = true;
    this.waiting = null;
    this.pendingInput = null;
    this.clearTimers();
    const ch = this.channel;
    if (!ch) return this.finish();
    ch.resume(); // let what is in flight drain so xl can see the byte and exit
    try {
      ch.write(Buffer.from(DETACH));
    } catch {
      /* closing already */
    }
    this.later(this.opts.releaseGraceMs, () => {
      if (this.channel === ch) this.killChannel(ch);
    });
    // never wait forever for a channel that does not close
    this.later(this.opts.releaseGraceMs + 3000, () => this.finish());
  }

  private finishIfClosing(): void {
    if (this.closing) this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimers();
    const ch = this.channel;
    this.channel = null;
    this.run++;
    if (ch) this.killChannel(ch);
    this.status = 'detached';
    this.message = `${this.domain}'s console was closed.`;
    this.announce();
    this.onGone(this);
    this.resolveClosed();
  }

  /** Hang up the remote xl console: a signal where sshd supports it, and the channel close (→ SIGHUP). */
  private killChannel(ch: PtyChannel): void {
    try {
      ch.signal('HUP');
    } catch {
      /* not open any more */
    }
    try {
      ch.close();
    } catch {
      /* not open any more */
    }
  }
}

export class ConsoleService {
  private sessions = new Map<string, ConsoleSession>();
  private readonly opts: Required<ConsoleServiceOptions>;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly hosts: ConsoleHosts,
    opts: ConsoleServiceOptions,
  ) {
    this.opts = {
      attachGraceMs: 300,
      releaseGraceMs: 500,
      rebootPollMs: 1000,
      replayChars: 64 * 1024,
      ...opts,
    };
    const listen = <T>(event: string, cb: (p: T) => void) => {
      const f = cb as (p: unknown) => void;
      hosts.on(event, f);
      this.offs.push(() => hosts.off(event, f));
    };
    listen<HostSnapshot>('snapshot', (snap) => {
      for (const s of this.forHost(snap.hostId)) s.onSnapshot(snap);
    });
    listen<HostSummary>('hostChanged', (h) => {
      for (const s of this.forHost(h.id)) s.onHostChanged(h);
    });
    listen<{ hostId: string }>('hostRemoved', ({ hostId }) => {
      for (const s of this.forHost(hostId)) s.end('detached', 'The host was removed.');
    });
  }

  private forHost(hostId: string): ConsoleSession[] {
    return [...this.sessions.values()].filter((s) => s.hostId === hostId);
  }

  private static key(hostId: string, domain: string, kind: ConsoleKind): string {
    return `${hostId}\n${domain}\n${kind}`;
  }

  /** Open (or join) the console of a running domain; returns the RPC stream the window reads. */
  async open(p: OpenConsoleParams, ctx: RpcContext): Promise<ConsoleOpened> {
    if (p.domain === 'Domain-0') throw new ApiError('invalid-params', 'Domain-0 has no xl console.');
    const conn = this.hosts.connection(p.hostId); // not-connected is thrown here
    const key = ConsoleService.key(p.hostId, p.domain, p.kind);
    let session = this.sessions.get(key);
    if (session?.closing) {
      // the last window just closed it: let its xl release xenconsole's lock first
      await Promise.race([session.closed, new Promise((r) => setTimeout(r, 5000))]);
      session = this.sessions.get(key);
    }
    if (!session || session.ended || session.closing) {
      let row = this.hosts.snapshot(p.hostId)?.domains.find((d) => d.name === p.domain);
      if (!isRunning(row)) {
        row = (await this.hosts.refresh(p.hostId)).domains.find((d) => d.name === p.domain);
      }
      if (!isRunning(row)) {
        const label = this.hosts.summary(p.hostId).label;
        throw new ApiError(
          'not-found',
          row
            ? `${p.domain} is ${row.state} on ${label}: its console is available while it runs.`
            : `No running domain named ${p.domain} on ${label}.`,
        );
      }
      if (!conn.connected) throw new ApiError('not-connected', 'The connection to the host was lost.');
      // a concurrent open may have created it meanwhile
      session = this.sessions.get(key);
      if (!session || session.ended || session.closing) {
        session = new ConsoleSession(
          p.hostId,
          p.domain,
          p.kind,
          p.cols,
          p.rows,
          this.hosts,
          this.opts,
          (s) => {
            if (this.sessions.get(key) === s) this.sessions.delete(key);
          },
        );
        session.domid = row.id;
        this.sessions.set(key, session);
        session.announce();
        session.start();
      }
    }
    const stream = ctx.openStream();
    session.addSubscriber(stream, p.cols, p.rows);
    const s = session;
    // a window that joins learns the state after it learnt the session id
    setImmediate(() => {
      if (!s.ended) s.announce();
    });
    return { streamId: stream.id, sessionId: session.id };
  }

  /** Current sessions (diagnostics and tests). */
  list(): ConsoleState[] {
    return [...this.sessions.values()].map((s) => s.state());
  }

  dispose(): void {
    for (const off of this.offs) off();
    for (const s of [...this.sessions.values()]) s.end('detached', 'XenDesk is shutting down.');
    this.sessions.clear();
  }
}
