// The add-host form's values, their validation (the contract's own zod schema, with
// friendlier words for the generic cases) and the mapping of backend errors to fields.
import type { z } from 'zod';
import { HostInputSchema, type HostInput } from '../../shared/api';
import { fieldErrors } from './apiErrors';
import { t } from './strings';

/** The ways to log in this form offers (keyboard-interactive needs the authPrompt flow first). */
export type AuthKind = Extract<HostInput['auth']['kind'], 'agent' | 'key' | 'password'>;

export interface HostFormValues {
  label: string;
  address: string;
  port: string;
  username: string;
  authKind: AuthKind;
  keyPath: string;
}

export type HostFormField = 'label' | 'address' | 'port' | 'username' | 'keyPath';
/** '' holds errors that belong to no field */
export type HostFormErrors = Partial<Record<HostFormField | '', string>>;

export const emptyHostForm: HostFormValues = {
  label: '',
  address: '',
  port: '22',
  username: 'root',
  authKind: 'agent',
  keyPath: '',
};

export function toHostInput(v: HostFormValues): HostInput {
  const auth: HostInput['auth'] =
    v.authKind === 'key' ? { kind: 'key', keyPath: v.keyPath.trim() } : { kind: v.authKind };
  const port = /^\s*\d+\s*$/.test(v.port) ? Number(v.port) : Number.NaN;
  return { label: v.label.trim(), address: v.address.trim(), port, username: v.username.trim(), auth };
}

/** `auth.keyPath` → keyPath, `label` → label, … */
export function fieldOfPath(path: string): HostFormField | undefined {
  const last = path.split('.').pop() ?? '';
  const fields: HostFormField[] = ['label', 'address', 'port', 'username', 'keyPath'];
  return fields.find((f) => f === last);
}

function friendly(field: HostFormField, issue: z.core.$ZodIssue, value: unknown): string {
  if (field === 'port') return t('addHost.error.port');
  if (typeof value === 'string' && value.trim() === '') return t('addHost.error.required');
  if (issue.code === 'too_small' && issue.origin === 'string') return t('addHost.error.required');
  return issue.message;
}

export function validateHostForm(v: HostFormValues): { input: HostInput; errors: HostFormErrors } {
  const input = toHostInput(v);
  const errors: HostFormErrors = {};
  const r = HostInputSchema.safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const field = fieldOfPath(issue.path.join('.'));
      if (!field) {
        errors[''] ??= issue.message;
        continue;
      }
      const value = field === 'keyPath' ? v.keyPath : field === 'port' ? input.port : input[field];
      errors[field] ??= friendly(field, issue, value);
    }
  }
  return { input, errors };
}

/** An 'invalid-params' message from the backend, by field. */
export function backendFormErrors(message: string): HostFormErrors {
  return fieldErrors(message, fieldOfPath) as HostFormErrors;
}
