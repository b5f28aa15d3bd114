// ONE ssh2 connection per host. Every exec, pty, SFTP and forwarded channel of that host
// goes through this object, and every remote command line is built by shared/quote.ts.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { Client, utils, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import type { Duplex } from 'node:stream';
import { ApiError, type ConnectResult, type HostAuth, type JumpHop } from '../../../shared/api';
import type { PromptFn, PromptRequest } from '../hosts/authPrompts';
import { UnsupportedOnToolstack, toToolstackArgv, type ToolstackKind } from '../../../shared/xen/toolstack';
import { shQuote, shScript, splitScript, type ScriptSection } from '../../../shared/quote';
import { keyFromBlob, type HostKey, type KnownHosts } from './knownHosts';

export interface HostTarget {
  address: string;
  port: number;
  username: string;
  auth: HostAuth;
  /** ProxyJump hops, outermost first (issue 4) */
  jump?: readonly JumpHop[];
}

export interface Secrets {
  password?: string;
  passphrase?: string;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal?: string;
}

export interface ExecOptions {
  timeoutMs?: number;
  /** data written to the command's stdin, then EOF */
  stdin?: string | Buffer;
}

export interface ConnectOptions {
  acceptUnknown?: boolean;
  /** keyboard-interactive rounds (and hop secrets) go to the user through this (issue 4) */
  prompt?: PromptFn;
  /** from TCP connect to the end of key exchange (default 20 s) */
  handshakeTimeoutMs?: number;
  /** authentication, not counting the time a prompt waits for the user (default 30 s) */
  authTimeoutMs?: number;
}

const DEFAULT_HOST_KEY_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * OpenSSH's own preference (chacha20-poly1305 first), not ssh2's (AES-GCM first when THIS
 * computer has AES-NI): dom0's sshd pays for every byte a console or VNC tunnel moves, and a dom0
 * without AES-NI (older hosts, the TCG lab) encrypts chacha20 ~35 % faster; with AES-NI both are
 * far beyond what a console needs. Measured on the lab: 32 MB over ssh in 9.5 s (aes128-gcm) vs
 * 6.9 s (chacha20); VNC updates/s through XenDesk were 0.62-0.66 of `ssh -L` with large updates.
 */
export const CIPHER_ORDER = [
  'chacha20-poly1305@openssh.com',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
];

/** One machine on the way: a hop or the host itself. */
interface Endpoint {
  address: string;
  port: number;
  username: string;
  auth: HostAuth;
}

function who(e: Endpoint): string {
  return `${e.username}@${e.address}:${e.port}`;
}

/** A password prompt from PAM ("Password: ", "user@host's password: "): answer it with the password. */
function looksLikePassword(prompts: readonly { prompt: string; echo?: boolean }[]): boolean {
  return prompts.length === 1 && !prompts[0]!.echo && /password/i.test(prompts[0]!.prompt);
}

type DialOutcome =
  | { kind: 'ready'; client: Client; fingerprint: string }
  | { kind: 'key'; result: Exclude<ConnectResult, { status: 'connected' }> };

export class HostConnection extends EventEmitter {
  private client: Client | null = null;
  /** the ProxyJump clients under this.client, outermost first */
  private hops: Client[] = [];
  private ready = false;
  /** the last key the server presented (for trust-on-first-use) */
  presentedKey: HostKey | null = null;
  /** which machine presented it (a hop's address differs from the target's) */
  presentedKeyHost: { address: string; port: number } | null = null;
  /** the cipher of the last handshake (client to server), e.g. for benchmarks to match it */
  cipher: string | null = null;
  private sftpPromise: Promise<SFTPWrapper> | null = null;

  constructor(
    readonly target: HostTarget,
    private readonly knownHosts: KnownHosts,
  ) {
    super();
    this.setMaxListeners(0); // one 'lost' listener per command in flight
  }

  get connected(): boolean {
    return this.ready;
  }

  /**
   * Connect and authenticate, through every ProxyJump hop. Resolves with the host-key verdict
   * (of the first machine whose key is not trusted); rejects with ApiError on other failures.
   */
  async connect(secrets: Secrets = {}, opts: ConnectOptions = {}): Promise<ConnectResult> {
    if (this.client || this.hops.length) this.close();
    const hops = this.target.jump ?? [];
    const chain: Client[] = [];
    const abandon = () => {
      for (const c of chain.reverse()) c.end();
    };
    let sock: Duplex | undefined;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      const next: Endpoint = hops[i + 1] ?? this.target;
      let out: DialOutcome;
      try {
        out = await this.dial(hop, sock, {}, opts, `Jump host ${who(hop)}: `);
      } catch (e) {
        abandon();
        throw e;
      }
      if (out.kind === 'key') {
        abandon();
        return { ...out.result, hop: who(hop) };
      }
      chain.push(out.client);
      try {
        sock = await new Promise<Duplex>((resolve, reject) =>
          out.client.forwardOut('127.0.0.1', 0, next.address.replace(/^\[|\]$/g, ''), next.port, (err, ch) =>
            err ? reject(err) : resolve(ch),
          ),
        );
      } catch (e) {
        abandon();
        throw new ApiError(
          'unreachable',
          `Jump host ${who(hop)} could not open a connection to ${next.address}:${next.port}: ${(e as Error).message}` +
            ((e as Error).message.includes('prohibited')
              ? ' (AllowTcpForwarding is off on the jump host?)'
              : ''),
        );
      }
    }
    let out: DialOutcome;
    try {
      out = await this.dial(this.target, sock, secrets, opts, '');
    } catch (e) {
      abandon();
      throw e;
    }
    if (out.kind === 'key') {
      abandon();
      return out.result;
    }
    const client = out.client;
    this.client = client;
    // VNC (issue 8): small writes (a VNC update request, a WINDOW_ADJUST, a keystroke) must not
    // wait behind Nagle for the peer's delayed ACK: that capped VNC at ~15 updates/s (bench/vncBench.ts)
    client.setNoDelay(true);
    this.hops = chain;
    this.ready = true;
    client.on('close', () => {
      const wasReady = this.ready && this.client === client;
      if (this.client === client) {
        this.ready = false;
        this.sftpPromise = null;
        this.client = null;
        for (const h of this.hops) h.end();
        this.hops = [];
      }
      if (wasReady) this.emit('lost');
    });
    // a hop that dies takes the forwarded socket with it; make sure the loss is seen at once
    for (const h of chain) h.on('close', () => client.end());
    return { status: 'connected', fingerprint: out.fingerprint };
  }

  /** One SSH handshake + authentication, over `sock` (a hop's forwarded channel) or TCP. */
  private dial(
    ep: Endpoint,
    sock: Duplex | undefined,
    secrets: Secrets,
    opts: ConnectOptions,
    errPrefix: string,
  ): Promise<DialOutcome> {
    const { address, port, username, auth } = ep;
    let verdict: Exclude<ConnectResult, { status: 'connected' }> | null = null;
    let fingerprintSeen = '';
    const client = new Client();
    const known = this.knownHosts.knownTypes(address, port);
    const config: ConnectConfig = {
      host: address.replace(/^\[|\]$/g, ''),
      port,
      username,
      sock: sock as ConnectConfig['sock'],
      readyTimeout: 0, // our own timers below: a human answering a 2FA prompt is not a dead host
      keepaliveInterval: 10000,
      keepaliveCountMax: 3,
      algorithms: {
        serverHostKey: [...known, ...DEFAULT_HOST_KEY_ORDER.filter((t) => !known.includes(t))] as never,
        cipher: CIPHER_ORDER as never,
      },
      hostVerifier: (blob: Buffer) => {
        const key = keyFromBlob(blob);
        this.presentedKey = key;
        this.presentedKeyHost = { address, port };
        const v = this.knownHosts.check(address, port, key);
        fingerprintSeen = v.fingerprint;
        if (v.verdict === 'known') return true;
        if (v.verdict === 'unknown' && opts.acceptUnknown) {
          this.knownHosts.add(address, port, key);
          return true;
        }
        if (v.verdict === 'unknown')
          verdict = { status: 'unknown-key', fingerprint: v.fingerprint, keyType: key.type };
        else if (v.verdict === 'changed')
          verdict = {
            status: 'key-changed',
            expected: v.expected.join(', '),
            actual: v.fingerprint,
            keyType: key.type,
          };
        else
          verdict = {
            status: 'key-changed',
            expected: '(revoked key)',
            actual: v.fingerprint,
            keyType: key.type,
          };
        return false;
      },
    };
    const fail = (code: 'auth-failed' | 'unreachable', msg: string, details?: unknown) =>
      Promise.reject(new ApiError(code, errPrefix + msg, details));

    // prompts from the server, answered by the user; time spent waiting for them does not count
    let waitingForUser = 0;
    const ask = async (req: PromptRequest): Promise<string[]> => {
      if (!opts.prompt)
        throw new ApiError(
          'auth-failed',
          `${errPrefix}${who(ep)} asks "${req.prompts[0]?.prompt ?? req.name}" and no one can answer here.`,
        );
      waitingForUser++;
      try {
        return await opts.prompt(req);
      } finally {
        waitingForUser--;
        restartAuthTimer();
      }
    };
    let promptError: ApiError | null = null;
    const onKeyboard = (
      name: string,
      instructions: string,
      _lang: string,
      prompts: { prompt: string; echo?: boolean }[],
      finish: (answers: string[]) => void,
    ) => {
      if (prompts.length === 0) return finish([]); // OpenSSH/PAM sends empty rounds
      if (auth.kind === 'password' && secrets.password !== undefined && looksLikePassword(prompts))
        return finish([secrets.password]);
      ask({
        target: who(ep),
        name,
        instructions,
        prompts: prompts.map((p) => ({ prompt: p.prompt, echo: !!p.echo })),
      }).then(finish, (e: ApiError) => {
        promptError = e;
        client.end();
      });
    };

    if (auth.kind === 'agent') {
      config.agent = process.platform === 'win32' ? 'pageant' : process.env.SSH_AUTH_SOCK;
      if (!config.agent)
        return fail('auth-failed', 'No ssh-agent is running (SSH_AUTH_SOCK is not set).', { noAgent: true });
    } else if (auth.kind === 'key') {
      let keyText: Buffer;
      try {
        keyText = fs.readFileSync(auth.keyPath);
      } catch (e) {
        return fail('auth-failed', `Cannot read the key file ${auth.keyPath}: ${(e as Error).message}`);
      }
      const parsed = utils.parseKey(keyText, secrets.passphrase);
      if (parsed instanceof Error) {
        const encrypted = /encrypted|passphrase|bad decrypt|integrity/i.test(parsed.message);
        if (encrypted && errPrefix && opts.prompt) {
          // a hop's encrypted key: ask for the passphrase through the prompt exchange
          return ask({
            target: who(ep),
            name: 'Key passphrase',
            instructions: `The key ${auth.keyPath} is encrypted.`,
            prompts: [{ prompt: `Passphrase for ${auth.keyPath}: `, echo: false }],
          }).then((answers) =>
            this.dial(ep, sock, { passphrase: answers[0] }, { ...opts, prompt: undefined }, errPrefix),
          );
        }
        return fail(
          'auth-failed',
          encrypted
            ? `The key ${auth.keyPath} is encrypted: ${secrets.passphrase ? 'wrong passphrase' : 'its passphrase is needed'}.`
            : `The key file ${auth.keyPath} is not a private key XenDesk can read (${parsed.message}).`,
          { needPassphrase: encrypted, wrongPassphrase: encrypted && !!secrets.passphrase },
        );
      }
      config.privateKey = keyText;
      if (secrets.passphrase) config.passphrase = secrets.passphrase;
    } else if (auth.kind === 'password') {
      if (secrets.password === undefined && !errPrefix)
        return fail('auth-failed', 'A password is needed.', { needPassword: true });
      if (secrets.password !== undefined) config.password = secrets.password;
      config.tryKeyboard = true;
      client.on('keyboard-interactive', onKeyboard);
      if (secrets.password === undefined) {
        // a hop with password auth: ask for it like ssh does
        config.authHandler = ['none', 'keyboard-interactive'] as never;
      }
    } else {
      config.tryKeyboard = true;
      config.authHandler = ['none', 'keyboard-interactive'] as never;
      client.on('keyboard-interactive', onKeyboard);
    }

    const handshakeMs = opts.handshakeTimeoutMs ?? 20000;
    const authMs = opts.authTimeoutMs ?? 30000;
    let timer: NodeJS.Timeout | null = null;
    let timedOut: 'handshake' | 'auth' | null = null;
    const arm = (ms: number, phase: 'handshake' | 'auth') => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (waitingForUser > 0) return;
        timedOut = phase;
        client.destroy();
      }, ms);
    };
    let authPhase = false;
    const restartAuthTimer = () => {
      if (authPhase && waitingForUser === 0) arm(authMs, 'auth');
    };

    return new Promise<DialOutcome>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        f();
      };
      arm(handshakeMs, 'handshake');
      client.on('handshake', (negotiated) => {
        this.cipher = negotiated.cs.cipher;
        authPhase = true;
        restartAuthTimer();
      });
      client.once('ready', () =>
        done(() => resolve({ kind: 'ready', client, fingerprint: fingerprintSeen })),
      );
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (settled) {
          this.emit('conn-error', err); // after the handshake, 'close' follows and reports the loss
          return;
        }
        done(() => reject(this.explain(err, ep, errPrefix, verdict, promptError, timedOut)));
      });
      client.on('close', () => {
        if (settled) return;
        if (verdict) {
          const v = verdict;
          return done(() => resolve({ kind: 'key', result: v }));
        }
        done(() =>
          reject(
            promptError ??
              (timedOut
                ? this.timeoutError(ep, errPrefix, timedOut)
                : new ApiError(
                    'unreachable',
                    `${errPrefix}The connection to ${who(ep)} was closed during the handshake.`,
                  )),
          ),
        );
      });
      try {
        client.connect(config);
      } catch (e) {
        done(() => reject(new ApiError('auth-failed', `${errPrefix}${(e as Error).message}`)));
      }
    }).catch((e: unknown) => {
      if (verdict) return { kind: 'key', result: verdict } as DialOutcome;
      throw e;
    });
  }

  private timeoutError(ep: Endpoint, prefix: string, phase: 'handshake' | 'auth'): ApiError {
    return new ApiError(
      'unreachable',
      phase === 'handshake'
        ? `${prefix}${ep.address}:${ep.port} did not answer in time.`
        : `${prefix}${who(ep)} did not finish the login in time.`,
    );
  }

  private explain(
    err: Error & { level?: string; code?: string },
    ep: Endpoint,
    prefix: string,
    verdict: unknown,
    promptError: ApiError | null,
    timedOut: 'handshake' | 'auth' | null,
  ): ApiError {
    const { address, port, auth } = ep;
    if (promptError) return promptError;
    if (timedOut) return this.timeoutError(ep, prefix, timedOut);
    if (err.level === 'client-authentication') {
      const what =
        auth.kind === 'password'
          ? 'wrong password'
          : auth.kind === 'keyboard-interactive'
            ? 'the server did not accept the answers'
            : auth.kind === 'agent'
              ? "the server did not accept the agent's keys"
              : 'the server did not accept the key';
      return new ApiError('auth-failed', `${prefix}Authentication failed for ${who(ep)}: ${what}.`);
    }
    if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT')
      return new ApiError('unreachable', `${prefix}${address}:${port} did not answer in time.`);
    if (err.code === 'ECONNREFUSED')
      return new ApiError(
        'unreachable',
        `${prefix}${address}:${port} refused the connection (is sshd running?).`,
      );
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
      return new ApiError('unreachable', `${prefix}Unknown host name ${address}.`);
    if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')
      return new ApiError('unreachable', `${prefix}${address} is unreachable.`);
    if (/agent/i.test(err.message) && auth.kind === 'agent')
      return new ApiError('auth-failed', `${prefix}The ssh-agent could not be used: ${err.message}`);
    void verdict;
    return new ApiError('unreachable', `${prefix}Cannot connect to ${who(ep)}: ${err.message}`);
  }

  /**
   * The toolstack the host runs (set after detection, issue 4). Every argv that reaches this
   * connection is written in xl's words; on an xm (xend) host it is said in xm's here — the ONE
   * chokepoint every module (poll, domains, consoles, VNC) goes through.
   */
  toolstack: ToolstackKind = 'xl';

  private said(argv: readonly string[]): string[] {
    if (this.toolstack === 'xl') return [...argv];
    const n = argv[0] === 'sudo' ? (argv[1] === '-n' ? 2 : 1) : 0;
    try {
      return [...argv.slice(0, n), ...toToolstackArgv(this.toolstack, argv.slice(n))];
    } catch (e) {
      if (e instanceof UnsupportedOnToolstack) throw new ApiError('xl-failed', e.message);
      throw e;
    }
  }

  private requireClient(): Client {
    if (!this.client || !this.ready)
      throw new ApiError('not-connected', `Not connected to ${this.target.address}.`);
    return this.client;
  }

  /** Run one argv on the host. The ONE chokepoint for non-interactive host calls. */
  exec(argv0: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const argv = this.said(argv0);
    const shown = (argv[0] === 'sudo' ? argv.slice(argv[1] === '-n' ? 2 : 1) : argv).join(' ');
    return this.execRaw(shQuote(argv), {
      ...opts,
      label: shown.length > 80 ? shown.slice(0, 77) + '…' : shown,
    });
  }

  /** Several argvs in ONE exec (one round trip); outputs split per section. */
  async execScript(
    sections: readonly { key: string; argv: readonly string[] }[],
    opts: ExecOptions = {},
  ): Promise<{ raw: ExecResult; sections: Map<string, ScriptSection> }> {
    const raw = await this.execRaw(
      shScript(sections.map((s) => ({ key: s.key, argv: this.said(s.argv) }))),
      opts,
    );
    return { raw, sections: splitScript(raw.stdout) };
  }

  /** A script built by shared/quote.ts (shScript) or a module on top of it, as ONE exec. */
  execRawScript(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.execRaw(script, opts);
  }

  private execRaw(command: string, opts: ExecOptions & { label?: string }): Promise<ExecResult> {
    const client = this.requireClient();
    return new Promise((resolve, reject) => {
      client.exec(command, (err, ch) => {
        if (err)
          return reject(
            new ApiError('connection-lost', `Cannot run a command on ${this.target.address}: ${err.message}`),
          );
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | null = null;
        let signal: string | undefined;
        let timedOut = false;
        const timer = opts.timeoutMs
          ? setTimeout(() => {
              timedOut = true;
              ch.signal('KILL');
              ch.close();
            }, opts.timeoutMs)
          : null;
        ch.on('data', (d: Buffer) => out.push(d));
        ch.stderr.on('data', (d: Buffer) => errOut.push(d));
        ch.on('exit', (c: number | null, s?: string) => {
          code = c;
          signal = s;
        });
        const onLost = () => finish(true);
        this.once('lost', onLost);
        let done = false;
        const finish = (lost = false) => {
          if (done) return;
          done = true;
          if (timer) clearTimeout(timer);
          this.off('lost', onLost);
          if (lost || (code === null && !signal && !this.ready))
            // never retried blindly: the caller re-reads the state once the host is back (issue 4)
            return reject(
              new ApiError(
                'connection-lost',
                `Connection to ${this.target.address} lost — unknown whether ${opts.label ? `\`${opts.label}\`` : 'the command'} was applied. XenDesk re-reads the host's state when it reconnects.`,
                { unknownOutcome: true },
              ),
            );
          // half an answer is not an answer: a poll must not show a truncated list as the host's state
          if (timedOut) {
            const ms = opts.timeoutMs!;
            const limit = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
            const what = opts.label ? `\`${opts.label}\`` : 'the command';
            return reject(
              new ApiError(
                'unreachable',
                `${this.target.address} did not finish ${what} within ${limit}: it was stopped.`,
              ),
            );
          }
          resolve({
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            code,
            signal,
          });
        };
        ch.on('close', () => finish());
        if (opts.stdin !== undefined) ch.end(opts.stdin);
        else ch.end();
      });
    });
  }

  /** An interactive command in a pty (consoles). */
  execPty(
    argv0: readonly string[],
    pty: { cols: number; rows: number; term?: string },
  ): Promise<ClientChannel> {
    const argv = this.said(argv0);
    const client = this.requireClient();
    return new Promise((resolve, reject) => {
      client.exec(
        shQuote(argv),
        { pty: { cols: pty.cols, rows: pty.rows, term: pty.term ?? 'xterm-256color' } },
        (err, ch) => (err ? reject(new ApiError('connection-lost', err.message)) : resolve(ch)),
      );
    });
  }

  /**
   * A command whose stdin/stdout are one raw byte stream (no pty, so no line discipline):
   * the VNC fallback `nc HOST PORT` when the host refuses TCP forwarding.
   */
  execStream(argv0: readonly string[]): Promise<ClientChannel> {
    const argv = this.said(argv0);
    const client = this.requireClient();
    return new Promise((resolve, reject) => {
      client.exec(shQuote(argv), (err, ch) =>
        err ? reject(new ApiError('connection-lost', err.message)) : resolve(ch),
      );
    });
  }

  /** A TCP connection from dom0's point of view (VNC), over this same SSH connection. */
  forwardOut(host: string, port: number): Promise<Duplex> {
    const client = this.requireClient();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => (err ? reject(err) : resolve(ch)));
    });
  }

  sftp(): Promise<SFTPWrapper> {
    const client = this.requireClient();
    if (!this.sftpPromise) {
      this.sftpPromise = new Promise((resolve, reject) =>
        client.sftp((err, s) => {
          if (err) {
            this.sftpPromise = null;
            reject(err);
          } else resolve(s);
        }),
      );
    }
    return this.sftpPromise;
  }

  close(): void {
    const c = this.client;
    const hops = this.hops;
    this.client = null;
    this.hops = [];
    this.ready = false;
    c?.end();
    for (const h of hops.reverse()) h.end();
  }
}
