// The simulated Xen 4.17 dom0 as an SSH server (ssh2.Server on 127.0.0.1 only): publickey,
// password and keyboard-interactive auth; exec with or without a pty (exit-status, stderr
// on the stderr stream, 'signal' requests, window-change); the sftp subsystem; direct-tcpip
// (forwardOut) to a running domain's VNC port; and a minimal interactive shell for humans.
import { createHash } from 'node:crypto';
import nodeFs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server, utils, type Connection, type ServerChannel, type ParsedKey } from 'ssh2';
import { ConsoleDevice } from './console';
import { ExecResult, runCommandLine, simExec } from './exec';
import { Interrupted, SigPipe, Tty, toBuf, type Reader, type Writer } from './io';
import { SimHost, type SimDomain } from './model';
import { ROOT_USER, type SimUser } from './proc';
import { connectVnc, disposeAllRfb } from './rfbBridge';
import { seedDomains, seedFiles, seedLvm } from './scenario';
import { serveSftp } from './sftp';
import { generateEd25519 } from '../ssh/keygen';

export interface SimUserSpec {
  name: string;
  password?: string;
  /** may run xl & co. directly (uid 0) */
  root?: boolean;
  /** how sudo treats the user (default: 'nopasswd' for root, 'none' otherwise) */
  sudo?: 'nopasswd' | 'tools' | 'password' | 'none';
  /** keyboard-interactive asks a second round "Verification code: " (echo on) expecting this (issue 4: 2FA) */
  otp?: string;
}

export interface SimDom0Options {
  /** sandbox directory mapped to '/' (default: a fresh temp dir, removed by stop()) */
  root?: string;
  /** 0 or absent = a random free port */
  port?: number;
  /** host private key (PEM / OpenSSH); default: a fresh ed25519 key */
  hostKey?: string;
  /** OpenSSH public key lines accepted for every user */
  authorizedKeys?: string[];
  /** default: [{ name: 'root', root: true }] */
  users?: SimUserSpec[];
  scenario?: 'demo' | 'empty' | 'many';
  /** scenario 'many': how many running guests (default 40) */
  manyDomains?: number;
  seed?: number;
  xentopDelayScale?: number;
  /** scales lifecycle delays (create, shutdown, reboot, save, guest boot) */
  timeScale?: number;
  /** ms since epoch; freeze it to compare outputs byte for byte */
  clock?: () => number;
  /** 'xm' = a Xen 3.4 host with xend (xm, no xl); 'none' = neither (not a Xen host) (issue 4) */
  toolstack?: 'xl' | 'xm' | 'none';
  /** false = sshd's `AllowTcpForwarding no`: direct-tcpip is refused (administratively prohibited) */
  allowTcpForwarding?: boolean;
  /** a ProxyJump host: direct-tcpip to any 127.0.0.1 port is connected (issue 4) */
  jumpHost?: boolean;
}

export interface SimDom0 {
  readonly port: number;
  readonly host: '127.0.0.1';
  /** OpenSSH style: SHA256:base64 without padding */
  readonly hostKeyFingerprint: string;
  readonly model: SimHost;
  readonly fs: SimHost['fs'];
  /** currently open SSH (TCP) connections */
  readonly connections: number;
  /** every exec request received, in order */
  readonly execLog: { user: string; command: string; pty: boolean }[];
  dropAllConnections(): void;
  stop(): Promise<void>;
  /** run a command line as if over ssh (as root unless `user`) */
  exec(cmdline: string, opts?: { user?: string; stdin?: string | Buffer }): Promise<ExecResult>;
  domain(nameOrId: string | number): SimDomain | undefined;
  pauseDomain(name: string): void;
  /** replace the host key (for key-change tests); returns the new fingerprint */
  setHostKey(pem?: string): string;
  /** change how sudo treats a user (e.g. 'password' = refusal mode for `sudo -n`) */
  setSudo(user: string, mode: 'nopasswd' | 'password' | 'none'): void;
}

export function fingerprintOf(key: string | Buffer): string {
  const parsed = utils.parseKey(key);
  const k = (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey | Error;
  if (k instanceof Error) throw k;
  const blob = k.getPublicSSH();
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

function parseAuthorized(lines: string[]): ParsedKey[] {
  const out: ParsedKey[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const k = utils.parseKey(t);
    const key = Array.isArray(k) ? k[0] : k;
    if (key && !(key instanceof Error)) out.push(key);
  }
  return out;
}

/** stdin of an exec: the channel's data, through the pty line discipline when there is one. */
class ChannelInput implements Reader {
  private queue: Buffer[] = [];
  private eof = false;
  private wake: (() => void) | null = null;
  private line = '';

  constructor(
    ch: ServerChannel,
    private readonly tty: Tty | null,
    private readonly echo: (s: string) => void,
    private readonly onSignal: (sig: string) => void,
  ) {
    ch.on('data', (d: Buffer) => this.feed(d));
    ch.on('end', () => this.end());
    ch.on('close', () => this.end());
  }

  private push(b: Buffer): void {
    this.queue.push(b);
    this.wake?.();
  }

  private end(): void {
    this.eof = true;
    this.wake?.();
  }

  private feed(d: Buffer): void {
    if (!this.tty || this.tty.raw) {
      if (this.line) {
        this.push(Buffer.from(this.line, 'latin1'));
        this.line = '';
      }
      this.push(d);
      return;
    }
    // cooked mode: ISIG, ICANON, ECHO, ICRNL
    for (const ch of d.toString('latin1')) {
      if (ch === '\x03') {
        this.line = '';
        this.echo('^C\r\n');
        this.onSignal('INT');
      } else if (ch === '\x1c') this.onSignal('QUIT');
      else if (ch === '\x04') {
        if (this.line) {
          this.push(Buffer.from(this.line, 'latin1'));
          this.line = '';
        } else this.end();
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (ch === '\r' || ch === '\n') {
        this.echo('\r\n');
        this.push(Buffer.from(this.line + '\n', 'latin1'));
        this.line = '';
      } else {
        this.line += ch;
        this.echo(ch);
      }
    }
  }

  async read(): Promise<Buffer | null> {
    while (this.queue.length === 0) {
      if (this.eof) return null;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
    return this.queue.shift()!;
  }
}

/** stdout/stderr of an exec: back-pressure from the channel window; ONLCR in cooked pty mode. */
class ChannelOutput implements Writer {
  /** the channel is closed (client went away, or the exec ended): writes fail like EPIPE */
  private gone = false;
  private waiters = new Set<() => void>();

  constructor(
    private readonly stream: NodeJS.WritableStream,
    ch: ServerChannel,
    private readonly tty: Tty | null,
  ) {
    const onGone = (): void => {
      this.gone = true;
      for (const w of this.waiters) w();
      this.waiters.clear();
    };
    ch.once('close', onGone);
    ch.once('finish', onGone);
  }

  async write(data: string | Buffer): Promise<void> {
    let b = toBuf(data);
    if (b.length === 0) return;
    if (this.tty && !this.tty.raw) b = Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    if (this.gone) throw new SigPipe();
    if (this.stream.write(b)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.removeListener('drain', done);
        this.waiters.delete(done);
        resolve();
      };
      this.stream.once('drain', done);
      this.waiters.add(done);
    });
  }
}

function toSimUser(u: SimUserSpec, index: number): SimUser {
  const root = u.root ?? u.name === 'root';
  return {
    name: u.name,
    uid: root ? 0 : 1000 + index,
    home: u.name === 'root' ? '/root' : `/home/${u.name}`,
    root,
    sudo: u.sudo ?? (root ? 'nopasswd' : 'none'),
    password: u.password,
  };
}

export async function startSimDom0(opts: SimDom0Options = {}): Promise<SimDom0> {
  const tmpRoot = opts.root === undefined ? nodeFs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-sim-')) : null;
  const rootDir = opts.root ?? tmpRoot!;
  const scenario = opts.scenario ?? 'demo';
  const host = new SimHost({
    root: rootDir,
    scenario,
    seed: opts.seed,
    xentopDelayScale: opts.xentopDelayScale,
    timeScale: opts.timeScale,
    clock: opts.clock,
  });
  host.toolstack = opts.toolstack ?? 'xl';
  seedFiles(host.fs, scenario);
  seedLvm(host, scenario); // issue 6
  seedDomains(host, scenario, opts.manyDomains);

  const users = new Map<string, SimUser>();
  (opts.users ?? [{ name: 'root', root: true }]).forEach((u, i) => {
    const su = toSimUser(u, i);
    users.set(u.name, su);
    if (!host.fs.tryStat(su.home)) host.fs.mkdir(su.home, { recursive: true });
  });
  const authorized = parseAuthorized(opts.authorizedKeys ?? []);
  const otps = new Map((opts.users ?? []).filter((u) => u.otp !== undefined).map((u) => [u.name, u.otp!]));

  let hostKey = opts.hostKey ?? generateEd25519().private;
  let fingerprint = fingerprintOf(hostKey);
  const sockets = new Set<net.Socket>();
  const execLog: SimDom0['execLog'] = [];
  const running = new Set<AbortController>();
  host.on('exec', (e: { user: string; command: string; pty: boolean }) => execLog.push(e));

  const onClient = (client: Connection): void => {
    let user: SimUser | null = null;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      const u = users.get(ctx.username);
      const methods = (['publickey', 'password', 'keyboard-interactive'] as const).filter(
        (m) => m === 'publickey' || (u?.password !== undefined && u !== undefined),
      );
      if (!u) return ctx.reject([...methods]);
      switch (ctx.method) {
        case 'password':
          if (u.password !== undefined && ctx.password === u.password) {
            user = u;
            return ctx.accept();
          }
          return ctx.reject([...methods]);
        case 'keyboard-interactive':
          if (u.password === undefined) return ctx.reject([...methods]);
          return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
            if (answers[0] !== u.password) return ctx.reject([...methods]);
            const otp = otps.get(u.name);
            if (otp === undefined) {
              user = u;
              return ctx.accept();
            }
            // a second round, as PAM modules like google-authenticator ask it (issue 4)
            ctx.prompt(
              [{ prompt: 'Verification code: ', echo: true }],
              'Two-factor authentication',
              'Enter the 6-digit code from your authenticator app.',
              (codes) => {
                if (codes[0] === otp) {
                  user = u;
                  ctx.accept();
                } else ctx.reject([...methods]);
              },
            );
          });
        case 'publickey': {
          const key = authorized.find((k) => ctx.key.data.equals(k.getPublicSSH()));
          if (!key) return ctx.reject([...methods]);
          if (!ctx.signature || !ctx.blob) return ctx.accept(); // key probe: PK_OK
          if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject([...methods]);
          user = u;
          return ctx.accept();
        }
        default:
          return ctx.reject([...methods]);
      }
    });
    client.on('ready', () => {
      const u = user ?? ROOT_USER;
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let tty: Tty | null = null;
        const env: Record<string, string> = {};
        let current: AbortController | null = null;
        session.on('pty', (accept, _reject, info) => {
          tty = new Tty(info.rows || 24, info.cols || 80, info.term || 'vt100');
          accept?.();
        });
        session.on('window-change', (accept, _reject, info) => {
          tty?.resize(info.rows, info.cols);
          accept?.();
        });
        session.on('env', (accept, _reject, info) => {
          env[info.key] = info.val;
          accept?.();
        });
        session.on('signal', (accept, _reject, info) => {
          current?.abort(String(info.name).replace(/^SIG/, ''));
          accept?.();
        });
        session.on('exec', (accept, _reject, info) => {
          const ch = accept();
          const ac = new AbortController();
          current = ac;
          running.add(ac);
          void serveExec(ch, info.command, u, tty, ac).finally(() => running.delete(ac));
        });
        session.on('shell', (accept) => {
          const ch = accept();
          const ac = new AbortController();
          current = ac;
          running.add(ac);
          void serveShell(ch, u, tty, ac).finally(() => running.delete(ac));
        });
        session.on('sftp', (accept) => {
          const sftp = accept();
          serveSftp(sftp, host.fs, u.home);
        });
        session.on('subsystem', (_accept, reject) => reject?.());
      });
      // without a 'tcpip' listener ssh2 answers "administratively prohibited", as OpenSSH does
      if (opts.allowTcpForwarding !== false)
        client.on('tcpip', (accept, reject, info) => {
          const local = ['127.0.0.1', 'localhost', '::1'].includes(info.destIP);
          if (opts.jumpHost && local) {
            // ProxyJump: a plain TCP connection from the "jump host" (issue 4)
            const sock = net.connect(info.destPort, '127.0.0.1');
            sock.once('error', () => reject?.());
            sock.once('connect', () => {
              const ch = accept();
              sock.removeAllListeners('error');
              sock.on('error', () => ch.destroy());
              ch.on('error', () => sock.destroy());
              ch.pipe(sock).pipe(ch);
              ch.on('close', () => sock.destroy());
              sock.on('close', () => ch.destroy());
            });
            return;
          }
          if (!local || !host.vncDomain(info.destPort)) return reject();
          const ch = accept();
          if (!connectVnc(host, info.destPort, ch)) ch.destroy();
        });
      client.on('request', (_accept, reject) => reject?.());
    });
  };

  async function serveExec(
    ch: ServerChannel,
    command: string,
    u: SimUser,
    tty: Tty | null,
    ac: AbortController,
  ): Promise<void> {
    const stdout = new ChannelOutput(ch as unknown as NodeJS.WritableStream, ch, tty);
    const stderr = tty ? stdout : new ChannelOutput(ch.stderr as unknown as NodeJS.WritableStream, ch, null);
    const input = new ChannelInput(
      ch,
      tty,
      (s) => void stdout.write(s).catch(() => undefined),
      (sig) => ac.abort(sig),
    );
    ch.on('close', () => ac.abort('HUP'));
    let code = 0;
    let signal: string | undefined;
    try {
      code = await runCommandLine(host, command, u, {
        stdin: input,
        stdout,
        stderr,
        tty,
        signal: ac.signal,
        kill: (sig) => ac.abort(sig),
      });
    } catch (e) {
      if (e instanceof Interrupted) signal = e.signal;
      else if (e instanceof SigPipe) code = 141;
      else {
        code = 1;
        await stderr.write(`sh: internal error: ${(e as Error).message}\n`).catch(() => undefined);
      }
    }
    finishChannel(ch, code, signal);
  }

  function finishChannel(ch: ServerChannel, code: number, signal?: string): void {
    const c = ch as unknown as { destroyed?: boolean; writableEnded?: boolean };
    if (c.destroyed || c.writableEnded) return;
    try {
      if (signal) ch.exit(signal, false, '');
      else ch.exit(code);
      ch.end();
    } catch {
      /* the client already went away */
    }
  }

  /** `ssh host` without a command: a prompt, one command line at a time. */
  async function serveShell(
    ch: ServerChannel,
    u: SimUser,
    tty: Tty | null,
    ac: AbortController,
  ): Promise<void> {
    const t = tty ?? new Tty(24, 80, 'dumb');
    const out = new ChannelOutput(ch as unknown as NodeJS.WritableStream, ch, t);
    let cmdAbort: AbortController | null = null;
    const input = new ChannelInput(
      ch,
      t,
      (s) => void out.write(s).catch(() => undefined),
      (sig) => cmdAbort?.abort(sig),
    );
    ch.on('close', () => {
      ac.abort('HUP');
      cmdAbort?.abort('HUP');
    });
    const prompt = (): string => `${u.name}@xendom0:~${u.root ? '#' : '$'} `;
    await out
      .write(
        `Linux xendom0 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16) x86_64\n\nXenDesk simulated dom0 (Xen 4.17.7). Try: xl list, xl console pvdisk (Ctrl+] to leave)\n`,
      )
      .catch(() => undefined);
    let status = 0;
    const lineReader = {
      buf: '',
      async next(): Promise<string | null> {
        for (;;) {
          const i = this.buf.indexOf('\n');
          if (i >= 0) {
            const l = this.buf.slice(0, i);
            this.buf = this.buf.slice(i + 1);
            return l;
          }
          const c = await input.read();
          if (c === null) return null;
          this.buf += c.toString('latin1');
        }
      },
    };
    for (;;) {
      if (ac.signal.aborted) break;
      await out.write(prompt()).catch(() => undefined);
      const line = await lineReader.next();
      if (line === null) break;
      if (/^\s*(exit|logout)\s*$/.test(line)) break;
      if (!line.trim()) continue;
      const ca = new AbortController();
      cmdAbort = ca;
      try {
        status = await runCommandLine(host, line, u, {
          stdin: input,
          stdout: out,
          stderr: out,
          tty: t,
          signal: ca.signal,
          kill: (sig) => ca.abort(sig),
        });
      } catch (e) {
        if (!(e instanceof Interrupted))
          await out.write(`sh: ${(e as Error).message}\n`).catch(() => undefined);
        status = 130;
      }
      cmdAbort = null;
    }
    await out.write('logout\n').catch(() => undefined);
    finishChannel(ch, status);
  }

  const makeSshServer = (key: string): Server =>
    new Server({ hostKeys: [key], ident: 'OpenSSH_9.2p1 Debian-2+deb12u7' }, (client) => onClient(client));
  let sshServer = makeSshServer(hostKey);

  const tcp = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    sshServer.injectSocket(sock);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(opts.port ?? 0, '127.0.0.1', () => {
      tcp.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    host.stop();
    if (tmpRoot) nodeFs.rmSync(tmpRoot, { recursive: true, force: true });
    throw e;
  });
  const port = (tcp.address() as net.AddressInfo).port;

  const sim: SimDom0 = {
    port,
    host: '127.0.0.1',
    get hostKeyFingerprint() {
      return fingerprint;
    },
    model: host,
    fs: host.fs,
    get connections() {
      return sockets.size;
    },
    execLog,
    dropAllConnections() {
      for (const s of sockets) s.destroy();
    },
    async stop() {
      for (const ac of running) ac.abort('HUP');
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
      disposeAllRfb(host);
      host.stop();
      if (tmpRoot) nodeFs.rmSync(tmpRoot, { recursive: true, force: true });
    },
    exec(cmdline, o = {}) {
      const u = o.user ? users.get(o.user) : ROOT_USER;
      if (!u) return Promise.reject(new Error(`no such user ${o.user}`));
      return simExec(host, cmdline, { user: u, stdin: o.stdin });
    },
    domain: (q) => host.domain(q),
    pauseDomain(name) {
      const d = host.domain(name);
      if (!d) throw new Error(`no domain ${name}`);
      host.pause(d);
    },
    setHostKey(pem) {
      hostKey = pem ?? generateEd25519().private;
      fingerprint = fingerprintOf(hostKey);
      sshServer = makeSshServer(hostKey);
      return fingerprint;
    },
    setSudo(name, mode) {
      const u = users.get(name);
      if (!u) throw new Error(`no such user ${name}`);
      u.sudo = mode;
    },
  };
  return sim;
}

export type { ConsoleDevice };
