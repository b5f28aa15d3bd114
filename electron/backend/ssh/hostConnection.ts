// ONE ssh2 connection per host. Every exec, pty, SFTP and forwarded channel of that host
// goes through this object, and every remote command line is built by shared/quote.ts.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { Client, utils, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import type { Duplex } from 'node:stream';
import { ApiError, type ConnectResult, type HostAuth } from '../../../shared/api';
import { shQuote, shScript, splitScript, type ScriptSection } from '../../../shared/quote';
import { keyFromBlob, type HostKey, type KnownHosts } from './knownHosts';

export interface HostTarget {
  address: string;
  port: number;
  username: string;
  auth: HostAuth;
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

const DEFAULT_HOST_KEY_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export class HostConnection extends EventEmitter {
  private client: Client | null = null;
  private ready = false;
  /** the last key the server presented (for trust-on-first-use) */
  presentedKey: HostKey | null = null;
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

  /** Connect and authenticate. Resolves with the host-key verdict; rejects with ApiError on other failures. */
  connect(secrets: Secrets = {}, opts: { acceptUnknown?: boolean } = {}): Promise<ConnectResult> {
    if (this.client) this.close();
    const { address, port, username, auth } = this.target;
    let verdict: ConnectResult | null = null;
    const client = new Client();
    this.client = client;

    const known = this.knownHosts.knownTypes(address, port);
    const config: ConnectConfig = {
      host: address.replace(/^\[|\]$/g, ''),
      port,
      username,
      readyTimeout: 20000,
      keepaliveInterval: 10000,
      keepaliveCountMax: 3,
      algorithms: {
        serverHostKey: [...known, ...DEFAULT_HOST_KEY_ORDER.filter((t) => !known.includes(t))] as never,
      },
      hostVerifier: (blob: Buffer) => {
        const key = keyFromBlob(blob);
        this.presentedKey = key;
        const v = this.knownHosts.check(address, port, key);
        if (v.verdict === 'known') {
          verdict = { status: 'connected', fingerprint: v.fingerprint };
          return true;
        }
        if (v.verdict === 'unknown' && opts.acceptUnknown) {
          this.knownHosts.add(address, port, key);
          verdict = { status: 'connected', fingerprint: v.fingerprint };
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
    if (auth.kind === 'agent') {
      config.agent = process.platform === 'win32' ? 'pageant' : process.env.SSH_AUTH_SOCK;
      if (!config.agent)
        throw new ApiError('auth-failed', 'No ssh-agent is running (SSH_AUTH_SOCK is not set).');
    } else if (auth.kind === 'key') {
      let keyText: Buffer;
      try {
        keyText = fs.readFileSync(auth.keyPath);
      } catch (e) {
        return Promise.reject(
          new ApiError('auth-failed', `Cannot read the key file ${auth.keyPath}: ${(e as Error).message}`),
        );
      }
      const parsed = utils.parseKey(keyText, secrets.passphrase);
      if (parsed instanceof Error) {
        const encrypted = /encrypted|passphrase/i.test(parsed.message);
        return Promise.reject(
          new ApiError(
            'auth-failed',
            encrypted
              ? `The key ${auth.keyPath} is encrypted: ${secrets.passphrase ? 'wrong passphrase' : 'its passphrase is needed'}.`
              : `The key file ${auth.keyPath} is not a private key XenDesk can read (${parsed.message}).`,
            { needPassphrase: encrypted },
          ),
        );
      }
      config.privateKey = keyText;
      if (secrets.passphrase) config.passphrase = secrets.passphrase;
    } else {
      if (!secrets.password)
        return Promise.reject(new ApiError('auth-failed', 'A password is needed.', { needPassword: true }));
      config.password = secrets.password;
      config.tryKeyboard = true;
      client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => {
        finish(prompts.map(() => secrets.password ?? ''));
      });
    }

    return new Promise<ConnectResult>((resolve, reject) => {
      let settled = false;
      const who = `${username}@${address}:${port}`;
      client.once('ready', () => {
        settled = true;
        this.ready = true;
        resolve(verdict ?? { status: 'connected', fingerprint: '' });
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (!settled) {
          settled = true;
          this.client = null;
          if (verdict && verdict.status !== 'connected') return resolve(verdict);
          if (err.level === 'client-authentication')
            return reject(
              new ApiError(
                'auth-failed',
                auth.kind === 'password'
                  ? `Authentication failed for ${who}: wrong password.`
                  : `Authentication failed for ${who}: the server did not accept the ${auth.kind === 'agent' ? "agent's keys" : 'key'}.`,
              ),
            );
          if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT')
            return reject(new ApiError('unreachable', `${address}:${port} did not answer in time.`));
          if (err.code === 'ECONNREFUSED')
            return reject(
              new ApiError('unreachable', `${address}:${port} refused the connection (is sshd running?).`),
            );
          if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
            return reject(new ApiError('unreachable', `Unknown host name ${address}.`));
          if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')
            return reject(new ApiError('unreachable', `${address} is unreachable.`));
          return reject(new ApiError('unreachable', `Cannot connect to ${who}: ${err.message}`));
        }
        this.emit('conn-error', err); // after the handshake, 'close' follows and reports the loss
      });
      client.on('close', () => {
        const wasReady = this.ready;
        this.ready = false;
        this.sftpPromise = null;
        if (this.client === client) this.client = null;
        if (!settled) {
          settled = true;
          if (verdict && verdict.status !== 'connected') return resolve(verdict);
          return reject(
            new ApiError('unreachable', `The connection to ${who} was closed during the handshake.`),
          );
        }
        if (wasReady) this.emit('lost');
      });
      client.connect(config);
    });
  }

  private requireClient(): Client {
    if (!this.client || !this.ready)
      throw new ApiError('not-connected', `Not connected to ${this.target.address}.`);
    return this.client;
  }

  /** Run one argv on the host. The ONE chokepoint for non-interactive host calls. */
  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.execRaw(shQuote(argv), opts);
  }

  /** Several argvs in ONE exec (one round trip); outputs split per section. */
  async execScript(
    sections: readonly { key: string; argv: readonly string[] }[],
    opts: ExecOptions = {},
  ): Promise<{ raw: ExecResult; sections: Map<string, ScriptSection> }> {
    const raw = await this.execRaw(shScript(sections), opts);
    return { raw, sections: splitScript(raw.stdout) };
  }

  private execRaw(command: string, opts: ExecOptions): Promise<ExecResult> {
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
        const timer = opts.timeoutMs
          ? setTimeout(() => {
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
            return reject(
              new ApiError(
                'connection-lost',
                `The connection to ${this.target.address} was lost while the command ran: unknown whether it was applied.`,
              ),
            );
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
    argv: readonly string[],
    pty: { cols: number; rows: number; term?: string },
  ): Promise<ClientChannel> {
    const client = this.requireClient();
    return new Promise((resolve, reject) => {
      client.exec(
        shQuote(argv),
        { pty: { cols: pty.cols, rows: pty.rows, term: pty.term ?? 'xterm-256color' } },
        (err, ch) => (err ? reject(new ApiError('connection-lost', err.message)) : resolve(ch)),
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
    this.client = null;
    this.ready = false;
    c?.end();
  }
}
