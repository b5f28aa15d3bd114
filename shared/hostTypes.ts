// Types of the hosts part of the contract (issue 4): ~/.ssh/config aliases, keyboard-interactive
// prompts, the host overview. Re-exported by shared/api.ts; the schemas live there.
import type { HostAuth, JumpHop } from './api';
import type { HostInfo } from './types';

/** The toolstack a dom0 speaks: xl (libxl, Xen ≥ 4.1) or xm (xend, Xen 3.x–4.4). */
export type ToolstackKind = 'xl' | 'xm';

/** One `Host` alias of ~/.ssh/config, resolved the way `ssh -G ALIAS` would (minus Match exec). */
export interface SshConfigHost {
  alias: string;
  /** HostName (or the alias itself) */
  address: string;
  port: number;
  /** User, or the local user name when the config sets none */
  username: string;
  /** IdentityFile entries, `~` and %-tokens expanded; only those that exist */
  identityFiles: string[];
  /** the ProxyJump value as written ('' when none) */
  proxyJump: string;
  /** ProxyJump resolved into hops (each hop's own alias resolved too), first = outermost */
  jump: JumpHop[];
  /** how XenDesk would log in: the first existing IdentityFile, else the agent, else a password */
  auth: HostAuth;
  /** settings XenDesk does not follow, worded for the user (e.g. ProxyCommand) */
  warnings: string[];
  /** the file the alias was read from */
  file: string;
}

export interface AuthPromptItem {
  prompt: string;
  echo: boolean;
}

/** A keyboard-interactive round, as the SSH server words it (RFC 4256 INFO_REQUEST). */
export interface AuthPrompt {
  hostId: string;
  promptId: string;
  /** who asks: "user@host:port" (a ProxyJump hop or the host itself) */
  target: string;
  name: string;
  instructions: string;
  prompts: AuthPromptItem[];
  /** ms since epoch after which the prompt is cancelled (2 minutes) */
  expiresAt: number;
}

export interface AuthPromptClosed {
  hostId: string;
  promptId: string;
  reason: 'answered' | 'cancelled' | 'timeout' | 'closed';
}

export interface HostBridge {
  name: string;
  /** ports of the bridge (vifN.M, physical NICs) */
  interfaces: string[];
}

export interface HostOverview {
  hostId: string;
  toolstack: ToolstackKind;
  info: HostInfo;
  /** Domain-0's memory and vCPUs as the toolstack lists them */
  dom0: { memoryMiB: number; vcpus: number } | null;
  /** dom0_mem= from the Xen command line (xen_commandline), when set */
  dom0MemArg: string | null;
  bridges: HostBridge[];
  /** how the bridges were read ('brctl' | 'ip'), or why not */
  bridgesSource: string;
  /** ms since epoch */
  at: number;
}

export interface HostDmesg {
  text: string;
  /** the output was cut to its last lines */
  truncated: boolean;
}
