// The ONE typed contract between the UI (renderer, CLI, tests) and the backend.
// Served by the same backend over an Electron MessagePort (desktop) and a WebSocket
// (web mode). Every method takes ONE params object, validated by these schemas in the
// backend before the handler runs: the renderer is never trusted.
import { z } from 'zod';
import type { DomainRow, HostInfo, HostSnapshot } from './types';

// Xen domain names: libxl accepts almost anything, but names reach shells, file names
// (/etc/xen/NAME.cfg) and URLs, so XenDesk accepts the conservative set xl users use.
export const DOMAIN_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DomainNameSchema = z
  .string()
  .regex(
    DOMAIN_NAME_RE,
    'domain names use letters, digits, "_", "." and "-", and start with a letter or digit',
  );
/** An existing domain may be addressed by name; Domain-0 included. */
export const DomainRefSchema = z.union([DomainNameSchema, z.literal('Domain-0')]);

export const HostIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

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
]);
export type HostAuth = z.infer<typeof AuthSchema>;

export const HostInputSchema = z.object({
  label: z.string().trim().min(1).max(100),
  address: HostAddressSchema,
  port: z.number().int().min(1).max(65535),
  username: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'not a valid user name'),
  auth: AuthSchema,
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
}

export type ConnectResult =
  | { status: 'connected'; fingerprint: string }
  | { status: 'unknown-key'; fingerprint: string; keyType: string }
  | { status: 'key-changed'; expected: string; actual: string; keyType: string };

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'web';
  platform: string;
  versions: Record<string, string>;
}

export const DOMAIN_ACTIONS = ['pause', 'unpause', 'shutdown', 'reboot', 'destroy'] as const;
export type DomainAction = (typeof DOMAIN_ACTIONS)[number];

export interface ActionResult {
  ok: boolean;
  /** xl's own words (stderr) */
  output: string;
  /** the domain as re-read after the action (null when gone) */
  domain: DomainRow | null;
}

const hostParam = z.object({ hostId: HostIdSchema });

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
  }),
  trustHostKey: z.object({
    hostId: HostIdSchema,
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  }),
  disconnectHost: hostParam,
  getSnapshot: hostParam,
  refreshHost: hostParam,
  domainAction: z.object({ hostId: HostIdSchema, domain: DomainNameSchema, action: z.enum(DOMAIN_ACTIONS) }),
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
}

export type XenDeskApi = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResults[M]> };

/** Events pushed by the backend (subscribe with client.on(name, cb)). */
export interface ApiEvents {
  hostChanged: HostSummary;
  hostRemoved: { hostId: string };
  snapshot: HostSnapshot;
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
