// The real-Xen lab from a test's point of view: boot it (e2e/lab/lab.sh), read its connection facts,
// and talk to dom0 over plain OpenSSH, a path independent of XenDesk's own ssh2 client, to check what
// the host REALLY did after the UI acted.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { shQuote } from '../../shared/quote';

export const LAB_SH = path.join(__dirname, 'lab.sh');

/** What `lab.sh boot` records in its facts file (lab.sh env --json). */
export interface LabFacts {
  /** 'qemu': the real Xen lab (lab.sh); 'sim': the simulated dom0 playing it (XENDESK_LAB_TARGET=sim) */
  kind?: 'qemu' | 'sim';
  address: string;
  port: number;
  user: 'root';
  keyPath: string;
  hostKeyFingerprint: string;
  pid: number;
  bootSeconds: number;
  cacheDir: string;
  runDir: string;
  serialLog: string;
  guestDir: string;
  /** lab.sh's OpenSSH master connection: commands multiplex over it instead of logging in each time */
  controlPath?: string;
}

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface LabHost extends LabFacts {
  /** Run argv on dom0 as root (quoted with shQuote); never rejects on a non-zero exit. */
  ssh(cmd: string[], opts?: { timeoutMs?: number }): Promise<SshResult>;
  stop(): Promise<void>;
}

function run(
  file: string,
  args: string[],
  opts: { timeoutMs?: number; echo?: boolean } = {},
): Promise<SshResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.echo) process.stderr.write(d);
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[killed after ${opts.timeoutMs} ms]`;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : null;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) });
    });
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout, stderr: stderr + String(err), code: 127 });
    });
  });
}

/** `lab.sh CMD…`, echoing its progress to this process's output. */
export async function labSh(args: string[], opts: { echo?: boolean } = { echo: true }): Promise<SshResult> {
  const r = await run('bash', [LAB_SH, ...args], { echo: opts.echo });
  if (r.code !== 0) throw new Error(`lab.sh ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}`);
  return r;
}

/** Facts of the lab that is running now (from its facts file), or null. */
export async function runningLabFacts(): Promise<LabFacts | null> {
  const factsFile = process.env.XENDESK_LAB_FACTS;
  if (factsFile && fs.existsSync(factsFile))
    return JSON.parse(fs.readFileSync(factsFile, 'utf8')) as LabFacts;
  const r = await run('bash', [LAB_SH, 'env', '--json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as LabFacts) : null;
}

/** Plain OpenSSH's options for the lab: its key and port, no known_hosts, slow logins allowed. */
export function sshOptions(facts: Pick<LabFacts, 'keyPath' | 'port'>): string[] {
  return [
    '-i',
    facts.keyPath,
    '-p',
    String(facts.port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=120', // a busy TCG dom0 can take a minute to answer a fresh login
  ];
}

/** An OpenSSH command into dom0 with the lab key: `ssh … root@127.0.0.1 'quoted argv'`. */
export function sshArgs(facts: LabFacts, remote: string): string[] {
  return [
    ...sshOptions(facts),
    // use the master if it is up, else log in; never start a master from here
    ...(facts.controlPath ? ['-o', 'ControlMaster=no', '-o', `ControlPath=${facts.controlPath}`] : []),
    `${facts.user}@${facts.address}`,
    remote,
  ];
}

/** A handle on an already running lab (the one globalSetup booted). stop() stops it. */
export function attachLab(facts: LabFacts): LabHost {
  return {
    ...facts,
    ssh: (cmd, opts) => run('ssh', sshArgs(facts, shQuote(cmd)), { timeoutMs: opts?.timeoutMs ?? 300_000 }),
    stop: () => stopLab(),
  };
}

let stopping: Promise<void> | null = null;
let cleanupRegistered = false;

/** Stop the lab (graceful poweroff, then SIGTERM/SIGKILL by PID). Idempotent. */
export function stopLab(): Promise<void> {
  stopping ??= labSh(['stop']).then(
    () => undefined,
    (err: unknown) => {
      console.error(String(err));
    },
  );
  return stopping;
}

/** Synchronous last resort for process exit: no graceful poweroff, just the PID. */
function stopLabNow(): void {
  if (stopping) return;
  try {
    execFileSync('bash', [LAB_SH, 'stop'], {
      stdio: 'inherit',
      env: { ...process.env, GRACEFUL: 'false' },
    });
  } catch {
    /* already reported by lab.sh */
  }
}

function registerCleanup(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.once('exit', stopLabNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the Xen lab`);
      void stopLab().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

/**
 * Build (cached) and boot the lab, then return its handle. The lab is stopped on process exit,
 * SIGINT and SIGTERM (unless keepRunning), as well as by stop().
 */
export async function startLab(opts: { keepRunning?: boolean } = {}): Promise<LabHost> {
  if (!opts.keepRunning) registerCleanup();
  await labSh(['build']);
  await labSh(['boot']);
  const facts = await runningLabFacts();
  if (!facts) throw new Error('lab.sh boot succeeded but left no facts (lab.sh env --json)');
  return attachLab(facts);
}
