// What the domain operations need from ONE host, so the UI's backend (HostManager) and the CLI
// (its own HostConnection) run the very same operation code.
import { ApiError, type TaskProgress } from '../../../shared/api';
import { FULL_SUDO_NOTE, sudoRefusal } from '../../../shared/xen/toolstack';
import type { HostInfo, HostSnapshot } from '../../../shared/types';
import type { DefinedConfig } from '../../../shared/xen/inventory';
import { parsePoll, pollSections, type ConfigCache } from '../../../shared/xen/poll';
import { parseXlInfo } from '../../../shared/xen/xlInfo';
import type { HostManager } from '../hostManager';
import type { ExecResult, HostConnection } from '../ssh/hostConnection';

export interface RunOptions {
  timeoutMs?: number;
  stdin?: string | Buffer;
}

export interface HostAccess {
  readonly hostId: string;
  /** for messages: the host's label or address */
  readonly label: string;
  /** privileged command (root, or through `sudo -n`) */
  run(argv: readonly string[], opts?: RunOptions): Promise<ExecResult>;
  /** several privileged argvs in ONE exec; outputs by key */
  runSections(
    sections: readonly { key: string; argv: readonly string[] }[],
    opts?: RunOptions,
  ): Promise<Map<string, { output: string; rc: number }>>;
  /** a fresh poll (the state re-read after an action) */
  refresh(): Promise<HostSnapshot>;
  /** the last poll's snapshot (null before the first) */
  lastSnapshot(): HostSnapshot | null;
  /** the config files of /etc/xen as the last poll saw them */
  configs(): DefinedConfig[];
  info(): Promise<HostInfo | undefined>;
  progress(p: Omit<TaskProgress, 'hostId'>): void;
}

/** sudo said no (not the command): say exactly that, and what would allow it. */
async function checkSudo(
  prefix: readonly string[],
  user: string,
  argv: readonly string[],
  r: Promise<ExecResult>,
) {
  const res = await r;
  if (prefix.length && res.code === 1 && sudoRefusal(res.stderr))
    throw new ApiError(
      'auth-failed',
      `sudo refused \`${argv[0]}\` for ${user}: ${res.stderr.trim().split('\n')[0]}. ${FULL_SUDO_NOTE(user)}`,
    );
  return res;
}

/** A connected host of the HostManager (the UI's backend). */
export function managedHost(
  hosts: HostManager,
  hostId: string,
  emitProgress: (p: TaskProgress) => void,
): HostAccess {
  const prefix = (): string[] => hosts.privilegePrefix(hostId);
  return {
    hostId,
    get label() {
      return hosts.summary(hostId).label;
    },
    run: (argv, opts = {}) => {
      const p = prefix();
      return checkSudo(
        p,
        hosts.summary(hostId).username,
        argv,
        hosts
          .connection(hostId)
          .exec([...p, ...argv], { timeoutMs: opts.timeoutMs ?? 120000, stdin: opts.stdin }),
      );
    },
    runSections: async (sections, opts = {}) => {
      const p = prefix();
      const { sections: out } = await hosts.connection(hostId).execScript(
        sections.map((s) => ({ key: s.key, argv: [...p, ...s.argv] })),
        { timeoutMs: opts.timeoutMs ?? 60000 },
      );
      return out;
    },
    refresh: () => hosts.refresh(hostId),
    lastSnapshot: () => hosts.snapshot(hostId),
    configs: () => hosts.configs(hostId),
    info: async () => hosts.summary(hostId).info,
    progress: (p) => emitProgress({ ...p, hostId }),
  };
}

/** A host reached by the CLI's own connection. */
export function connectionHost(
  conn: HostConnection,
  opts: { hostId?: string; onProgress?: (p: TaskProgress) => void } = {},
): HostAccess {
  const prefix = conn.target.username === 'root' ? [] : ['sudo', '-n'];
  const cache: ConfigCache = new Map();
  let configs: DefinedConfig[] = [];
  let info: HostInfo | undefined;
  let last: HostSnapshot | null = null;
  const hostId = opts.hostId ?? 'cli';
  return {
    hostId,
    label: conn.target.address,
    run: (argv, o = {}) =>
      checkSudo(
        prefix,
        conn.target.username,
        argv,
        conn.exec([...prefix, ...argv], { timeoutMs: o.timeoutMs ?? 120000, stdin: o.stdin }),
      ),
    runSections: async (sections, o = {}) => {
      const { sections: out } = await conn.execScript(
        sections.map((s) => ({ key: s.key, argv: [...prefix, ...s.argv] })),
        { timeoutMs: o.timeoutMs ?? 60000 },
      );
      return out;
    },
    refresh: async () => {
      const { raw } = await conn.execScript(pollSections(prefix, cache.keys()), { timeoutMs: 60000 });
      const r = parsePoll(raw.stdout, cache);
      if (r.listing) configs = r.configs;
      last = { hostId, at: Date.now(), ...r.snapshot };
      return last;
    },
    lastSnapshot: () => last,
    configs: () => configs,
    info: async () => {
      if (!info) {
        const r = await conn.exec([...prefix, 'xl', 'info'], { timeoutMs: 30000 });
        if (r.code === 0) info = parseXlInfo(r.stdout);
      }
      return info;
    },
    progress: (p) => opts.onProgress?.({ ...p, hostId }),
  };
}
