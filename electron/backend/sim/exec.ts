// Running a command line on the simulated dom0, the way sshd does for an exec request: a login
// environment for the user, then the shell interpreter with every command of the host.
import { COREUTILS } from './coreutils';
import { DISKTOOLS } from './disktools';
import { FETCHTOOLS } from './fetch';
import {
  BufferWriter,
  EMPTY_READER,
  Interrupted,
  bufferReader,
  type Reader,
  type Tty,
  type Writer,
} from './io';
import type { SimHost } from './model';
import { NETUTILS } from './net';
import { ROOT_USER, type CommandFn, type CommandTable, type Proc, type SimUser } from './proc';
import { Shell } from './shell';
import { xenstoreCommand } from './xenstore';
import { xentopCommand } from './xentop';
import { xlCommand } from './xl';
import { xmCommand } from './xm';

/** xl or xm exist only on a host that has that toolstack (SimHost.toolstack, issue 4). */
function installed(name: 'xl' | 'xm', fn: CommandFn): CommandFn {
  return async (argv, p) => {
    if (p.host.toolstack === name) return fn(argv, p);
    if (p.env.SUDO_USER !== undefined) await p.stderr.write(`sudo: ${name}: command not found\n`);
    else await p.stderr.write(`sh: 1: ${name}: not found\n`);
    return p.env.SUDO_USER !== undefined ? 1 : 127;
  };
}

export function commandTable(): CommandTable {
  return {
    ...COREUTILS,
    ...NETUTILS,
    ...DISKTOOLS, // qemu-img, LVM (issue 6)
    ...FETCHTOOLS, // curl, wget (issue 6)
    xl: installed('xl', xlCommand),
    xm: installed('xm', xmCommand),
    xentop: xentopCommand,
    'xenstore-read': xenstoreCommand,
    'xenstore-ls': xenstoreCommand,
    'xenstore-list': xenstoreCommand,
    'xenstore-exists': xenstoreCommand,
    'xenstore-write': xenstoreCommand,
    'xenstore-rm': xenstoreCommand,
  };
}

export interface ExecIo {
  stdin: Reader;
  stdout: Writer;
  stderr: Writer;
  tty: Tty | null;
  signal: AbortSignal;
  /** how `kill` reaches this exec (its abort controller) */
  kill?: (signal: string) => void;
}

export function loginEnv(user: SimUser, tty: Tty | null): Record<string, string> {
  const env: Record<string, string> = {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    SHELL: '/bin/bash',
    PATH: user.root
      ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
      : '/usr/local/bin:/usr/bin:/bin:/usr/games',
    LANG: 'C.UTF-8',
    PWD: user.home,
  };
  if (tty) env.TERM = tty.term;
  return env;
}

/** A Proc for `user` whose run/runScript go through `shell`. */
export function makeProc(host: SimHost, shell: Shell, user: SimUser, io: ExecIo): Proc {
  const proc: Proc = {
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    user,
    loginUser: user,
    cwd: host.fs.tryStat(user.home)?.isDirectory ? user.home : '/',
    env: loginEnv(user, io.tty),
    tty: io.tty,
    signal: io.signal,
    host,
    run(argv, overrides) {
      return shell.runArgv(argv, derive(this, overrides));
    },
    runScript(script, opts) {
      return shell.runScript(script, derive(this, opts?.overrides), { argv0: opts?.argv0, args: opts?.args });
    },
  };
  return proc;
}

function derive(p: Proc, overrides?: Partial<Proc>): Proc {
  if (!overrides) return p;
  const child: Proc = { ...p, ...overrides };
  // run/runScript must see the child's fields
  child.run = (argv, o) => p.run.call(child, argv, o);
  child.runScript = (s, o) => p.runScript.call(child, s, o);
  return child;
}

let sharedShell: Shell | null = null;
export function defaultShell(): Shell {
  return (sharedShell ??= new Shell(commandTable()));
}

/** Run a command line like sshd's `sh -c CMD`. Rejects with Interrupted when signalled. */
export function runCommandLine(host: SimHost, cmdline: string, user: SimUser, io: ExecIo): Promise<number> {
  const shell = defaultShell();
  const proc = makeProc(host, shell, user, io);
  host.emit('exec', { user: user.name, command: cmdline, pty: io.tty !== null });
  const p = host.spawn(user.name, cmdline, io.tty !== null, io.kill ?? (() => undefined));
  return shell.runScript(cmdline, proc, { argv0: 'sh' }).finally(p.exit);
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
  signal?: string;
}

/** Run a command line without ssh (tests, the control API). */
export async function simExec(
  host: SimHost,
  cmdline: string,
  opts: { user?: SimUser; stdin?: string | Buffer; signal?: AbortSignal } = {},
): Promise<ExecResult> {
  const out = new BufferWriter();
  const err = new BufferWriter();
  const ac = new AbortController();
  opts.signal?.addEventListener('abort', () => ac.abort(opts.signal?.reason), { once: true });
  try {
    const code = await runCommandLine(host, cmdline, opts.user ?? ROOT_USER, {
      stdin: opts.stdin !== undefined ? bufferReader(opts.stdin) : EMPTY_READER,
      stdout: out,
      stderr: err,
      tty: null,
      signal: ac.signal,
      kill: (sig) => ac.abort(sig),
    });
    return { stdout: out.text(), stderr: err.text(), code };
  } catch (e) {
    if (e instanceof Interrupted)
      return { stdout: out.text(), stderr: err.text(), code: 128 + 15, signal: e.signal };
    throw e;
  }
}
