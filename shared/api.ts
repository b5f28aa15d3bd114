// The ONE typed contract between the UI (renderer, CLI, tests) and the backend.
// Served by the same backend over an Electron MessagePort (desktop) and a WebSocket
// (web mode). Every method takes ONE params object, validated by these schemas in the
// backend before the handler runs: the renderer is never trusted.
import { z } from 'zod';
import type { DomainRow, HostInfo, HostSnapshot } from './types';
import type { XlDomainConfig } from './xen/xlListLong';
import type { XlCfgSemantic } from './xen/xlcfgTypes';
import type {
  AuthPrompt,
  AuthPromptClosed,
  HostDmesg,
  HostOverview,
  SshConfigHost,
  ToolstackKind,
} from './hostTypes'; // issue 4
import {
  createApiSchemas,
  type CreateOptions,
  type CreatePreview,
  type CreateResult,
  type HostDirListing,
  type UploadStarted,
} from './create/spec'; // issue 6
import { PreferencesPatchSchema, type Preferences } from './preferences'; // issue 9
import type { AppCommand } from './commands'; // issue 9
export type * from './hostTypes';
export * from './schemas';
import {
  BridgeSchema,
  DomainNameSchema,
  HostIdSchema,
  HostPathSchema,
  MacSchema,
  TaskIdSchema,
  VdevSchema,
} from './schemas';

const HostAddressSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*|\[?[0-9A-Fa-f:.]+\]?)$/,
    {
      message: 'not a host name or IP address',
    },
  );

export const AuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent') }),
  z.object({ kind: z.literal('key'), keyPath: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('password') }),
  /** the server's own prompts (PAM, 2FA codes), forwarded to the UI as authPrompt events (issue 4) */
  z.object({ kind: z.literal('keyboard-interactive') }),
]);
export type HostAuth = z.infer<typeof AuthSchema>;

const UserNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'not a valid user name');

/** One ProxyJump hop (issue 4): reached through the previous hop's direct-tcpip channel. */
export const JumpHopSchema = z.object({
  address: HostAddressSchema,
  port: z.number().int().min(1).max(65535),
  username: UserNameSchema,
  auth: AuthSchema,
});
export type JumpHop = z.infer<typeof JumpHopSchema>;

export const HostInputSchema = z.object({
  label: z.string().trim().min(1).max(100),
  address: HostAddressSchema,
  port: z.number().int().min(1).max(65535),
  username: UserNameSchema,
  auth: AuthSchema,
  /** ProxyJump hops, first = the one XenDesk connects to directly (issue 4) */
  jump: z.array(JumpHopSchema).max(8).optional(),
  /** the ~/.ssh/config Host alias the fields were taken from (informative) */
  sshAlias: z
    .string()
    .max(255)
    .regex(/^[^\s\p{Cc}]+$/u)
    .optional(),
});
export type HostInput = z.infer<typeof HostInputSchema>;

export type ConnState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export interface HostSummary extends HostInput {
  id: string;
  demo: boolean;
  state: ConnState;
  /** last error, worded for the user */
  error?: string;
  /** SHA256:… of the key the host presented (once seen) */
  fingerprint?: string;
  info?: HostInfo;
  /** the last poll failed: the domain list shows the snapshot of its `at` time */
  pollError?: string;
  /** which toolstack the host runs, once connected ('none' = neither xl nor xm) (issue 4) */
  toolstack?: ToolstackKind | 'none';
  /** a password/passphrase for this host is remembered in the SecretStore (issue 4) */
  secretRemembered?: boolean;
}

export type ConnectResult =
  | { status: 'connected'; fingerprint: string }
  | { status: 'unknown-key'; fingerprint: string; keyType: string; hop?: string }
  | { status: 'key-changed'; expected: string; actual: string; keyType: string; hop?: string };
// `hop` (issue 4): set when a ProxyJump hop presented the key, e.g. "jump@bastion:22".

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'web';
  platform: string;
  versions: Record<string, string>;
  /** where remembered secrets go: the OS keychain (desktop) or memory only (web mode) (issue 4) */
  secretStore?: 'keychain' | 'memory';
}

export const DOMAIN_ACTIONS = ['pause', 'unpause', 'shutdown', 'reboot', 'destroy', 'start'] as const;
export type DomainAction = (typeof DOMAIN_ACTIONS)[number];

export interface ActionResult {
  ok: boolean;
  /** xl's own words (stderr) */
  output: string;
  /** the domain as re-read after the action (null when gone) */
  domain: DomainRow | null;
}

const hostParam = z.object({ hostId: HostIdSchema });

/** Serial console: `xl console -t pv` (hvc0) or `-t serial` (HVM's emulated UART). */
export const ConsoleKindSchema = z.enum(['pv', 'serial']);
export type ConsoleKind = z.infer<typeof ConsoleKindSchema>;

export interface ConsoleOpened {
  /** the RPC stream: data = terminal output; write = keystrokes; control = {cols, rows} */
  streamId: number;
  /** shared by every window showing this domain's console (xenconsole allows one client) */
  sessionId: string;
}

export type ConsoleStatus = 'attaching' | 'attached' | 'reattaching' | 'detached' | 'failed';

export interface ConsoleState {
  sessionId: string;
  hostId: string;
  domain: string;
  status: ConsoleStatus;
  /** the domain id the console is attached to (changes across a guest reboot) */
  domid?: number;
  message?: string;
}

export interface VncOpened {
  /** ws://127.0.0.1:PORT/vnc/ONE-TIME-TOKEN — valid for one connection, bound to this host and domain */
  url: string;
  /** how dom0's VNC port is reached: ssh direct-tcpip, or `nc` on the host when forwarding is refused */
  via: 'forward' | 'nc';
  /** dom0-side address and port (from xenstore) */
  target: { host: string; port: number };
}

// ---------------------------------------------------------------------------------------------
// Domains (issue 5): inventory, details, lifecycle, devices, config editing.

/** A long-running action's progress (save, restore, clone, migrate). */
export interface TaskProgress {
  taskId: string;
  hostId: string;
  /** e.g. "Saving web1 to /var/lib/xen/save/web1.save" */
  label: string;
  /** 0…1, or null when the total is unknown (indeterminate bar) */
  fraction: number | null;
  /** e.g. "312 MiB of 1.0 GiB" or the current step */
  detail?: string;
  done: boolean;
  /** set on the final event of a failed task */
  error?: string;
}

/** A known cause recognised in xl's error text or the domain's logs (see shared/xen/xlHints.ts). */
export interface XlHint {
  id:
    | 'hotplug'
    | 'loop-devices'
    | 'restart-loop'
    | 'missing-path'
    | 'not-root'
    | 'no-memory'
    | 'unknown-domain'
    /** HVM guest without PV drivers: retry shutdown/reboot with force (-F, ACPI event) */
    | 'acpi-needed';
  /** one sentence for the user: the likely cause and what to do */
  message: string;
  /** the line that matched */
  evidence: string;
}

/** ApiError details for a failed xl action (code 'xl-failed'). */
export interface XlFailureDetails {
  /** xl's own output (stderr + stdout) */
  output: string;
  /** the domain as re-read after the failure (null when absent) */
  domain: DomainRow | null;
  /** tails of /var/log/xen/xl-NAME.log and qemu-dm-NAME.log (missing files omitted) */
  logs: { path: string; tail: string }[];
  hints: XlHint[];
}

/** ApiError details for saveDomainConfig refused with code 'conflict'. */
export interface ConfigConflictDetails {
  /** the file as it is on the host now */
  hostText: string;
  hostVersion: string;
}

export interface DomainVcpu {
  vcpu: number;
  /** physical CPU it runs on (null when offline) */
  cpu: number | null;
  /** `xl vcpu-list` state, e.g. "-b-", "r--", "--p" (offline = not yet onlined by the guest) */
  state: string;
  online: boolean;
  cpuSeconds: number | null;
  /** hard affinity, e.g. "all" or "0-3" */
  affinity: string;
}

export interface DomainSchedParams {
  /** xl info's xen_scheduler: credit2, credit, rtds … */
  scheduler: string;
  weight?: number;
  /** percent of one CPU; 0 = no cap */
  cap?: number;
}

export interface DomainDetails {
  row: DomainRow;
  /** parsed `xl list -l` config (running domains; null when stopped or unreadable) */
  config: XlDomainConfig | null;
  /** semantic read of the config file (null when the domain has none, or it does not parse) */
  cfg: XlCfgSemantic | null;
  /** the config file's syntax problems as `LINE:COL: message` (empty when it parses) */
  cfgErrors: string[];
  /** `xl vcpu-list` (running only; empty otherwise) */
  vcpuList: DomainVcpu[];
  /** vCPUs online in the guest (from vcpu-list) vs marked available by `xl vcpu-set` (null when stopped) */
  onlineVcpus: number | null;
  /** scheduler parameters (running only) */
  sched: DomainSchedParams | null;
  /** the host's free memory right now (MiB), for the memory dialog's bounds */
  hostFreeMemoryMiB: number | null;
}

export interface DomainConfigText {
  path: string;
  text: string;
  /** content hash: pass back as saveDomainConfig's baseVersion */
  version: string;
}

export interface SaveConfigResult {
  path: string;
  version: string;
  /** NAME.cfg.YYYYmmdd-HHMMSS.bak (null when the file did not exist before) */
  backupPath: string | null;
  /** what `xl create -n` printed on stderr (warnings) */
  checkOutput: string;
}

export interface SaveDomainResult {
  file: string;
  sizeBytes: number;
  /** the domain as re-read after the save (normally shut off / gone) */
  domain: DomainRow | null;
}

export interface SaveFileInfo {
  path: string;
  sizeBytes: number;
  /** ms since epoch */
  mtime: number;
}

export interface CloneDomainResult {
  name: string;
  cfgPath: string;
  /** source disk → new disk */
  disks: { from: string; to: string }[];
  domain: DomainRow | null;
}

export interface DeleteDomainResult {
  /** every file removed (config, autostart link, disk images) */
  removed: string[];
  domain: null;
}

export interface MigrateResult {
  targetHostId: string;
  /** the domain as re-read on the target host */
  domain: DomainRow | null;
  output: string;
}

export const DiskInputSchema = z.object({
  /** image file or block device on dom0; absent = empty CD drive */
  target: HostPathSchema.optional(),
  vdev: VdevSchema,
  format: z.enum(['raw', 'qcow', 'qcow2', 'vhd', 'qed']).optional(),
  access: z.enum(['rw', 'ro']).default('rw'),
  cdrom: z.boolean().default(false),
});
export type DiskInput = z.input<typeof DiskInputSchema>;

export const NicInputSchema = z.object({
  bridge: BridgeSchema.optional(),
  mac: MacSchema.optional(),
  model: z.enum(['e1000', 'rtl8139', 'virtio-net', 'ne2k_pci', 'pcnet']).optional(),
});
export type NicInput = z.input<typeof NicInputSchema>;

const domainParam = z.object({ hostId: HostIdSchema, domain: DomainNameSchema });
/** live (running domain) changes may also be written to the config file */
const persistFlag = z.boolean().default(true);

/** Params schemas: the runtime half of the contract. */
export const apiSchemas = {
  getAppInfo: z.object({}),
  listHosts: z.object({}),
  addHost: HostInputSchema,
  updateHost: z.object({ hostId: HostIdSchema, input: HostInputSchema }),
  removeHost: hostParam,
  addDemoHost: z.object({}),
  connectHost: z.object({
    hostId: HostIdSchema,
    password: z.string().max(1024).optional(),
    passphrase: z.string().max(1024).optional(),
    /** keep the password/passphrase in the SecretStore after a successful login (issue 4) */
    remember: z.boolean().optional(),
  }),
  trustHostKey: z.object({
    hostId: HostIdSchema,
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  }),
  disconnectHost: hostParam,
  getSnapshot: hostParam,
  refreshHost: hostParam,
  domainAction: z.object({
    hostId: HostIdSchema,
    domain: DomainNameSchema,
    action: z.enum(DOMAIN_ACTIONS),
    /** shutdown/reboot: -F (ACPI power event for HVM guests without PV drivers) */
    force: z.boolean().optional(),
  }),
  // --- issue 5: domains -------------------------------------------------------------------
  getDomainDetails: domainParam,
  /** target = balloon target (mem-set), max = mem-max; MiB (xl's bare number); at least one */
  setDomainMemory: domainParam
    .extend({
      targetMiB: z
        .number()
        .int()
        .min(16)
        .max(16 * 1024 * 1024)
        .optional(),
      maxMiB: z
        .number()
        .int()
        .min(16)
        .max(16 * 1024 * 1024)
        .optional(),
      persist: persistFlag,
    })
    .refine((p) => p.targetMiB !== undefined || p.maxMiB !== undefined, 'give targetMiB and/or maxMiB'),
  /** vcpu-set (≤ maxvcpus) when running; `vcpus` in the config when persisting or stopped */
  setDomainVcpus: domainParam.extend({ count: z.number().int().min(1).max(512), persist: persistFlag }),
  setDomainSched: domainParam
    .extend({
      weight: z.number().int().min(1).max(65535).optional(),
      cap: z.number().int().min(0).max(51200).optional(),
      persist: persistFlag,
    })
    .refine((p) => p.weight !== undefined || p.cap !== undefined, 'give weight and/or cap'),
  /** xl rename (running) + the config file, its name= and the autostart link */
  renameDomain: domainParam.extend({ newName: DomainNameSchema }),
  setAutostart: domainParam.extend({ enabled: z.boolean() }),
  /** default file: /var/lib/xen/save/NAME.save; progress as taskProgress events */
  saveDomain: domainParam.extend({ file: HostPathSchema.optional(), taskId: TaskIdSchema.optional() }),
  restoreDomain: z.object({ hostId: HostIdSchema, file: HostPathSchema, taskId: TaskIdSchema.optional() }),
  /** save files in a directory (default /var/lib/xen/save) */
  listSaveFiles: z.object({ hostId: HostIdSchema, dir: HostPathSchema.optional() }),
  /** `xl migrate DOM TARGET-ADDRESS`: dom0 sshes to the target dom0; disks must exist there */
  migrateDomain: domainParam.extend({ targetHostId: HostIdSchema, taskId: TaskIdSchema.optional() }),
  /** copy the config with a new name, uuid and MACs, and each file-backed disk (domain must be shut off) */
  cloneDomain: domainParam.extend({ newName: DomainNameSchema, taskId: TaskIdSchema.optional() }),
  /** remove the config (+ autostart link) and the listed disk images; a running domain is destroyed first */
  deleteDomain: domainParam.extend({ deleteDisks: z.array(HostPathSchema).max(64).default([]) }),
  attachDisk: domainParam.extend({ disk: DiskInputSchema, persist: persistFlag }),
  detachDisk: domainParam.extend({ vdev: VdevSchema, persist: persistFlag }),
  attachNic: domainParam.extend({ nic: NicInputSchema, persist: persistFlag }),
  /** by MAC (preferred) or devid */
  detachNic: domainParam.extend({
    nic: z.union([MacSchema, z.number().int().min(0).max(255)]),
    persist: persistFlag,
  }),
  cdInsert: domainParam.extend({ vdev: VdevSchema, file: HostPathSchema }),
  cdEject: domainParam.extend({ vdev: VdevSchema }),
  getDomainConfig: domainParam,
  /** validated with `xl create -n` first; refused with 'conflict' when the host file changed since baseVersion */
  saveDomainConfig: domainParam.extend({
    text: z.string().max(1024 * 1024),
    baseVersion: z.string().max(128),
  }),
  setDomainTags: domainParam.extend({
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(40)
          .refine((tag) => [...tag].every((c) => c.charCodeAt(0) >= 0x20), 'no control characters'),
      )
      .max(32),
  }),
  openConsole: z.object({
    hostId: HostIdSchema,
    domain: DomainNameSchema,
    kind: ConsoleKindSchema.default('pv'),
    cols: z.number().int().min(10).max(1000),
    rows: z.number().int().min(2).max(500),
  }),
  openVnc: z.object({ hostId: HostIdSchema, domain: DomainNameSchema }),
  // --- issue 4: hosts ---------------------------------------------------------------------
  /** the Host aliases of ~/.ssh/config, resolved (HostName, User, Port, IdentityFile, ProxyJump) */
  listSshConfigHosts: z.object({}),
  /** answer (or cancel with null) a keyboard-interactive prompt sent as an authPrompt event */
  answerAuthPrompt: z.object({
    promptId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    answers: z.array(z.string().max(1024)).max(16).nullable(),
  }),
  forgetSecrets: hostParam,
  getHostOverview: hostParam,
  getHostDmesg: hostParam,
  // --- issue 6: create wizard (schemas in ./create/spec.ts) ----------------------------------
  ...createApiSchemas,
  // --- issue 9: preferences (schema and bounds in ./preferences.ts) --------------------------
  getPreferences: z.object({}),
  /** any subset; the result is the whole merged object (also sent to every window as preferencesChanged) */
  setPreferences: PreferencesPatchSchema,
} as const;

export type ApiMethod = keyof typeof apiSchemas;
export type ApiParams<M extends ApiMethod> = z.input<(typeof apiSchemas)[M]>;

/** Result types: the compile-time half. */
export interface ApiResults {
  getAppInfo: AppInfo;
  listHosts: HostSummary[];
  addHost: HostSummary;
  updateHost: HostSummary;
  removeHost: void;
  addDemoHost: HostSummary;
  connectHost: ConnectResult;
  trustHostKey: void;
  disconnectHost: void;
  getSnapshot: HostSnapshot | null;
  refreshHost: HostSnapshot;
  domainAction: ActionResult;
  getDomainDetails: DomainDetails;
  setDomainMemory: ActionResult;
  setDomainVcpus: ActionResult;
  setDomainSched: ActionResult;
  renameDomain: ActionResult;
  setAutostart: ActionResult;
  saveDomain: SaveDomainResult;
  restoreDomain: ActionResult;
  listSaveFiles: SaveFileInfo[];
  migrateDomain: MigrateResult;
  cloneDomain: CloneDomainResult;
  deleteDomain: DeleteDomainResult;
  attachDisk: ActionResult;
  detachDisk: ActionResult;
  attachNic: ActionResult;
  detachNic: ActionResult;
  cdInsert: ActionResult;
  cdEject: ActionResult;
  getDomainConfig: DomainConfigText;
  saveDomainConfig: SaveConfigResult;
  setDomainTags: string[];
  openConsole: ConsoleOpened;
  openVnc: VncOpened;
  listSshConfigHosts: SshConfigHost[];
  answerAuthPrompt: void;
  forgetSecrets: void;
  getHostOverview: HostOverview;
  getHostDmesg: HostDmesg;
  getCreateOptions: CreateOptions;
  previewCreate: CreatePreview;
  createDomain: CreateResult;
  listHostDir: HostDirListing;
  uploadToHost: UploadStarted;
  getPreferences: Preferences; // issue 9
  setPreferences: Preferences; // issue 9
}

export type XenDeskApi = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResults[M]> };

/** Events pushed by the backend (subscribe with client.on(name, cb)). */
export interface ApiEvents {
  hostChanged: HostSummary;
  hostRemoved: { hostId: string };
  snapshot: HostSnapshot;
  consoleState: ConsoleState;
  /** progress of save/restore/clone/migrate (issue 5) */
  taskProgress: TaskProgress;
  /** keyboard-interactive: the server asks (2FA); answer with answerAuthPrompt within 2 minutes (issue 4) */
  authPrompt: AuthPrompt;
  /** the prompt is gone (answered, timed out, connection closed): close its dialog */
  authPromptClosed: AuthPromptClosed;
  /** the preferences changed (any window, or another web client): apply them (issue 9) */
  preferencesChanged: Preferences;
  /** the application menu (Electron) picked a command for the focused window (issue 9) */
  menuCommand: { command: AppCommand };
}
export type ApiEventName = keyof ApiEvents;

/** Errors cross the wire as {code, message}: message is for the user. */
export type ApiErrorCode =
  | 'invalid-params'
  | 'not-found'
  | 'not-connected'
  | 'auth-failed'
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'unreachable'
  | 'connection-lost'
  | 'xl-failed'
  /** the host's file changed since it was loaded (details: ConfigConflictDetails) */
  | 'conflict'
  /** the domain is not in a state that allows this (e.g. clone while running) */
  | 'invalid-state'
  | 'internal';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
