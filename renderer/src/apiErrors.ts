// Turning errors from the backend into words and form-field messages.
import { ApiError } from '../../shared/api';

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof ApiError ? err.code : undefined;
}

/**
 * The backend words zod failures as `path: text; path2: text2` (shared/rpc.ts toWireError).
 * Returns them by their first path segment mapped through `fieldOf` (e.g. `auth.keyPath` → keyPath);
 * messages without a known field land under `''`.
 */
export function fieldErrors(
  message: string,
  fieldOf: (path: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const m = /^([\w.]+): (.*)$/s.exec(part);
    const field = m ? fieldOf(m[1]!) : undefined;
    const key = field ?? '';
    const text = m && field !== undefined ? m[2]! : part;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}
