// A REAL OpenSSH sshd for the e2e tests (issue 4), started as root on 127.0.0.1 with its own
// config, host key and authorized_keys in a temp dir (UsePAM no by default), whose users'
// commands reach the simulated dom0:
//   ForceCommand /usr/bin/node relay.cjs SOCKET   (e2e/sshd/relay.cjs)
// relay.cjs sends $SSH_ORIGINAL_COMMAND + stdin to a unix socket served by this process, which
// runs it on the simulator (as the same user name: the simulator's own users decide root/sudo)
// and sends back stdout/stderr/exit code. Design: OpenSSH does every SSH thing for real (keys,
// passwords, keyboard-interactive through PAM, the agent, ProxyJump's direct-tcpip) and no Xen
// binary is installed; the sim stays the one source of truth for Xen's behaviour.
// Test users are created with useradd (idempotent) and get passwords with chpasswd.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SimDom0 } from '../../electron/backend/sim/server';

export interface SshdUser {
  name: string;
  /** set with chpasswd (password / keyboard-interactive logins) */
  password?: string;
  /** OpenSSH public key lines accepted for this user */
  authorizedKeys?: string[];
}

export interface SshdOptions {
  users: SshdUser[];
  /** PAM for keyboard-interactive: the sshd runs under this PAM service name (/etc/pam.d/NAME) */
  pamService?: string;
  /** extra sshd_config lines */
  extra?: string[];
}

export interface Sshd {
  port: number;
  dir: string;
  hostKeyFingerprint: string;
  /** sshd's log (LogLevel DEBUG1: direct-tcpip requests show the ProxyJump hop at work) */
  log(): string;
  stop(): Promise<void>;
  /** stop the listening sshd (open sessions are separate processes and stay), keeping the port for restart() */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export function canRunSshd(): string | null {
  if (process.getuid?.() !== 0) return 'the real-sshd tests run as root (they start sshd and add test users)';
  if (!fs.existsSync('/usr/sbin/sshd'))
    return 'openssh-server is not installed (apt-get install openssh-server)';
  return null;
}

/** Test users are named xdtest-*; existing accounts (root) are never modified. */
export function ensureUser(name: string, password?: string): void {
  let exists = true;
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
  } catch {
    exists = false;
  }
  if (exists && !name.startsWith('xdtest')) return;
  if (!exists) {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', name], { stdio: 'ignore' });
    execFileSync('usermod', ['-p', '*', name], { stdio: 'ignore' }); // no password, not locked: keys work
  }
  if (password !== undefined) execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('data', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The unix socket the relay talks to: runs each command on the simulator. */
export async function startSimRelay(
  sim: SimDom0,
  dir: string,
): Promise<{ socket: string; close(): Promise<void> }> {
  const socket = path.join(dir, 'sim.sock');
  // allowHalfOpen: the relay ends its side after the request and waits for the answer
  const server = net.createServer({ allowHalfOpen: true }, (c) => {
    let buf = '';
    c.on('data', (d) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const req = JSON.parse(buf.slice(0, nl)) as { user: string; command: string; stdin: string };
      buf = '';
      sim
        .exec(req.command, { user: req.user, stdin: Buffer.from(req.stdin, 'base64') })
        .then(
          (r) => ({
            stdout: Buffer.from(r.stdout).toString('base64'),
            stderr: Buffer.from(r.stderr).toString('base64'),
            code: r.code,
          }),
          (e: Error) => ({
            stdout: '',
            stderr: Buffer.from(`relay: ${e.message}\n`).toString('base64'),
            code: 1,
          }),
        )
        .then((r) => c.end(JSON.stringify(r)));
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(socket, r));
  fs.chmodSync(socket, 0o777); // the relay runs as the login user
  return { socket, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function startSshd(sim: SimDom0, opts: SshdOptions): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-sshd-'));
  fs.chmodSync(dir, 0o755);
  const relay = await startSimRelay(sim, dir);
  fs.copyFileSync(path.join(__dirname, 'relay.cjs'), path.join(dir, 'relay.cjs'));
  fs.chmodSync(path.join(dir, 'relay.cjs'), 0o755);
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const fp = execFileSync('ssh-keygen', ['-lf', hostKey + '.pub'])
    .toString()
    .split(' ')[1]!;
  const akDir = path.join(dir, 'authorized_keys');
  fs.mkdirSync(akDir, { mode: 0o755 });
  for (const u of opts.users) {
    ensureUser(u.name, u.password);
    fs.writeFileSync(path.join(akDir, u.name), (u.authorizedKeys ?? []).join('\n') + '\n', { mode: 0o644 });
  }
  const port = await freePort();
  const pam = !!opts.pamService;
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${akDir}/%u`,
    'StrictModes no',
    `UsePAM ${pam ? 'yes' : 'no'}`,
    'PermitRootLogin yes',
    'PasswordAuthentication yes',
    `KbdInteractiveAuthentication ${pam ? 'yes' : 'no'}`,
    'PubkeyAuthentication yes',
    'AllowTcpForwarding yes',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'LogLevel DEBUG1',
    'MaxStartups 100',
    `ForceCommand ${process.execPath} ${path.join(dir, 'relay.cjs')} ${relay.socket}`,
    ...(opts.extra ?? []),
  ].join('\n');
  const cfgFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(cfgFile, config + '\n');
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir
  // the PAM service name is the program name: run sshd through a symlink named after the service
  let bin = '/usr/sbin/sshd';
  if (opts.pamService) {
    bin = path.join(dir, opts.pamService);
    fs.symlinkSync('/usr/sbin/sshd', bin);
  }
  const logFile = path.join(dir, 'sshd.log');
  let proc: ChildProcess | null = null;
  const start = async () => {
    execFileSync(bin, ['-t', '-f', cfgFile]);
    proc = spawn(bin, ['-D', '-f', cfgFile, '-E', logFile], { stdio: 'ignore' });
    await waitForPort(port);
  };
  await start();
  const kill = async () => {
    const p = proc;
    proc = null;
    if (p && p.exitCode === null) {
      await new Promise<void>((r) => {
        p.once('exit', () => r());
        p.kill('SIGTERM');
      });
    }
  };
  return {
    port,
    dir,
    hostKeyFingerprint: fp,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    kill,
    restart: start,
    async stop() {
      await kill();
      await relay.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
