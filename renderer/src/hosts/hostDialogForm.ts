// The add/edit host form (issue 4): the foundation's fields and checks (../hostForm.ts) plus an
// alias from ~/.ssh/config and ProxyJump hops. Pure: unit-tested without a DOM.
import type { HostAuth, HostInput, HostSummary, JumpHop, SshConfigHost } from '../../../shared/api';
import {
  emptyHostForm,
  validateHostForm,
  type AuthKind,
  type HostFormErrors,
  type HostFormValues,
} from '../hostForm';
import { th } from './hostStrings';

/** every kind the contract knows, keyboard-interactive included */
export type DialogAuthKind = HostAuth['kind'];

export interface HostDialogValues extends Omit<HostFormValues, 'authKind'> {
  authKind: DialogAuthKind;
  /** the ~/.ssh/config alias the fields came from ('' = typed by hand) */
  alias: string;
  /** ProxyJump as the user reads/edits it: "user@host:port, user@host2" */
  jumpText: string;
  /** hops as resolved from ~/.ssh/config (kept while jumpText is unchanged: they carry each hop's auth) */
  resolvedJump: JumpHop[];
}

export type HostDialogErrors = HostFormErrors & { jump?: string };

export const emptyHostDialog: HostDialogValues = {
  ...emptyHostForm,
  alias: '',
  jumpText: '',
  resolvedJump: [],
};

export function jumpToText(hops: readonly JumpHop[]): string {
  return hops.map((h) => `${h.username}@${h.address}${h.port === 22 ? '' : `:${h.port}`}`).join(', ');
}

/** How a hop typed by hand logs in: like the host, except that secrets go through prompts. */
function hopAuth(auth: HostAuth): HostAuth {
  return auth.kind === 'password' ? { kind: 'keyboard-interactive' } : auth;
}

/** "user@host[:port], …" → hops; null when a part is not in that form. */
export function parseJumpText(text: string, hostAuth: HostAuth, fallbackUser: string): JumpHop[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const hops: JumpHop[] = [];
  for (const p of parts) {
    const m =
      /^(?:([A-Za-z_][A-Za-z0-9_.-]{0,31})@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(p);
    if (!m) return null;
    const port = m[3] ? Number(m[3]) : 22;
    if (port < 1 || port > 65535) return null;
    hops.push({
      address: m[2]!.replace(/^\[|\]$/g, ''),
      port,
      username: m[1] ?? fallbackUser,
      auth: hopAuth(hostAuth),
    });
  }
  return hops;
}

export function valuesFromSshConfig(h: SshConfigHost, prev: HostDialogValues): HostDialogValues {
  return {
    ...prev,
    alias: h.alias,
    label: prev.label && prev.alias === '' ? prev.label : h.alias,
    address: h.address,
    port: String(h.port),
    username: h.username,
    authKind: h.auth.kind,
    keyPath: h.auth.kind === 'key' ? h.auth.keyPath : '',
    jumpText: jumpToText(h.jump),
    resolvedJump: h.jump,
  };
}

export function valuesFromHost(h: HostSummary): HostDialogValues {
  return {
    label: h.label,
    address: h.address,
    port: String(h.port),
    username: h.username,
    authKind: h.auth.kind,
    keyPath: h.auth.kind === 'key' ? h.auth.keyPath : '',
    alias: h.sshAlias ?? '',
    jumpText: jumpToText(h.jump ?? []),
    resolvedJump: h.jump ?? [],
  };
}

export function validateHostDialog(v: HostDialogValues): { input: HostInput; errors: HostDialogErrors } {
  // the foundation's checks; its form knows three kinds, the contract's schema checks the fourth
  const { input, errors } = validateHostForm({ ...v, authKind: v.authKind as AuthKind });
  const out: HostDialogErrors = { ...errors };
  let jump: JumpHop[] | null;
  if (v.jumpText.trim() === jumpToText(v.resolvedJump) && v.resolvedJump.length) jump = v.resolvedJump;
  else jump = parseJumpText(v.jumpText, input.auth, input.username || 'root');
  if (jump === null) out.jump = th('hostDialog.jump.invalid');
  const full: HostInput = { ...input };
  if (jump && jump.length) full.jump = jump;
  if (v.alias) full.sshAlias = v.alias;
  return { input: full, errors: out };
}
