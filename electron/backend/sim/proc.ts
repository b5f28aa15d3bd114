// What a simulated command gets when it runs: its argv, stdio, user, cwd, terminal,
// abort signal (ssh 'signal' request, channel closed, ^C) and the simulated host.
import type { Reader, Tty, Writer } from './io';
import type { SimHost } from './model';

export interface SimUser {
  name: string;
  uid: number;
  home: string;
  /** may use xl & co. without sudo */
  root: boolean;
  /** how `sudo` treats this user ('tools': NOPASSWD for xl, xm, xentop and xenstore-read only) */
  sudo: 'nopasswd' | 'tools' | 'password' | 'none';
  password?: string;
}

export const ROOT_USER: SimUser = { name: 'root', uid: 0, home: '/root', root: true, sudo: 'nopasswd' };

export interface Proc {
  stdin: Reader;
  stdout: Writer;
  stderr: Writer;
  /** effective user (root after sudo) */
  user: SimUser;
  /** the user who logged in over ssh */
  loginUser: SimUser;
  /** virtual working directory */
  cwd: string;
  /** exported environment */
  env: Record<string, string>;
  /** the pty of the exec, when one was requested */
  tty: Tty | null;
  signal: AbortSignal;
  host: SimHost;
  /** run an argv with command lookup (sudo, timeout, env, xargs …) */
  run(argv: string[], overrides?: Partial<Proc>): Promise<number>;
  /** run a shell script (sh -c) */
  runScript(
    script: string,
    opts?: { argv0?: string; args?: string[]; overrides?: Partial<Proc> },
  ): Promise<number>;
}

export type CommandFn = (argv: string[], p: Proc) => Promise<number>;

export type CommandTable = Record<string, CommandFn>;

/** Where `command -v` says a command lives. */
export const COMMAND_PATHS: Record<string, string> = {
  xl: '/usr/sbin/xl',
  xentop: '/usr/sbin/xentop',
  xm: '/usr/sbin/xm', // xend hosts (issue 4)
  'xenstore-read': '/usr/bin/xenstore-read',
  'xenstore-ls': '/usr/bin/xenstore-ls',
  'xenstore-list': '/usr/bin/xenstore-list',
  'xenstore-exists': '/usr/bin/xenstore-exists',
  'xenstore-write': '/usr/bin/xenstore-write',
  brctl: '/usr/sbin/brctl',
  ip: '/usr/sbin/ip',
  ss: '/usr/bin/ss',
  nc: '/usr/bin/nc',
  sudo: '/usr/bin/sudo',
  sh: '/usr/bin/sh',
  dash: '/usr/bin/dash',
  bash: '/usr/bin/bash',
  'qemu-img': '/usr/bin/qemu-img',
  vgs: '/usr/sbin/vgs',
  lvs: '/usr/sbin/lvs',
  lvcreate: '/usr/sbin/lvcreate',
  lvremove: '/usr/sbin/lvremove',
};

export function commandPath(name: string): string {
  return COMMAND_PATHS[name] ?? `/usr/bin/${name}`;
}

/** Write one line to stderr. */
export async function warn(p: Proc, text: string): Promise<void> {
  await p.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

export async function out(p: Proc, text: string): Promise<void> {
  await p.stdout.write(text);
}
