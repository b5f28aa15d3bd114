// Host-side building blocks of the domain operations: xl with diagnostics, file reads, the
// atomic config write, progress sampling. Every command is an argv array; the few shell
// scripts are CONSTANT text that receives its data as positional parameters.
import { createHash } from 'node:crypto';
import { ApiError, type ConfigConflictDetails, type XlFailureDetails } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { summarizeXlError } from '../../../shared/xen/xlErrors';
import { matchXlHints } from '../../../shared/xen/xlHints';
import type { ExecResult } from '../ssh/hostConnection';
import type { HostAccess } from './hostAccess';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const SAVE_DIR = '/var/lib/xen/save';
export const XEN_DIR = '/etc/xen';
export const AUTO_DIR = '/etc/xen/auto';
export const LOG_DIR = '/var/log/xen';

export function outputOf(r: ExecResult): string {
  return `${r.stderr}${r.stdout}`.trim();
}

/** The row of `name` in a snapshot (Domain-0 excluded). */
export function rowIn(snap: { domains: DomainRow[] } | null, name: string): DomainRow | null {
  return snap?.domains.find((d) => d.name === name) ?? null;
}

/** How old a poll may be for a read-only look-up (details, config text). */
export const FRESH_MS = 3000;

/**
 * Find a domain. Actions decide on the state as it is NOW (a fresh poll); read-only look-ups
 * (`cached`) may use a poll younger than FRESH_MS.
 */
export async function findDomain(
  h: HostAccess,
  name: string,
  opts: { cached?: boolean } = {},
): Promise<DomainRow> {
  const last = opts.cached ? h.lastSnapshot() : null;
  const recent = last && Date.now() - last.at < FRESH_MS ? rowIn(last, name) : null;
  if (recent) return recent;
  const snap = await h.refresh();
  const row = rowIn(snap, name);
  if (!row) throw new ApiError('not-found', `${h.label} has no domain named ${name}.`);
  return row;
}

export const isRunning = (r: DomainRow): boolean => r.id !== null;

/** Tails of the domain's xl and qemu logs (missing files omitted). */
export async function logTails(h: HostAccess, name: string, lines = 25): Promise<XlFailureDetails['logs']> {
  const files = [`${LOG_DIR}/xl-${name}.log`, `${LOG_DIR}/qemu-dm-${name}.log`];
  try {
    const out = await h.runSections(
      files.map((f, i) => ({ key: `log${i}`, argv: ['tail', '-n', String(lines), '--', f] })),
      { timeoutMs: 15000 },
    );
    const logs: XlFailureDetails['logs'] = [];
    files.forEach((path, i) => {
      const s = out.get(`log${i}`);
      if (s && s.rc === 0 && s.output.trim()) logs.push({ path, tail: s.output.replace(/\n$/, '') });
    });
    return logs;
  } catch {
    return [];
  }
}

/** The ApiError for a failed xl command: xl's own words, the state re-read, logs and hints. */
export async function xlFailure(
  h: HostAccess,
  domain: string | null,
  output: string,
  rc: number,
  prefix = '',
): Promise<ApiError> {
  const snap = await h.refresh().catch(() => null);
  const logs = domain ? await logTails(h, domain) : [];
  const hints = matchXlHints([output, ...logs.map((l) => l.tail)].join('\n'));
  const details: XlFailureDetails = { output, domain: domain ? rowIn(snap, domain) : null, logs, hints };
  const msg = summarizeXlError(output, rc).message || `failed with exit code ${rc}`;
  return new ApiError('xl-failed', prefix + msg, details);
}

/** Run a privileged command; throw the diagnosed failure when it exits non-zero. */
export async function runOrFail(
  h: HostAccess,
  argv: readonly string[],
  domain: string | null,
  opts: { timeoutMs?: number; stdin?: string; prefix?: string } = {},
): Promise<ExecResult> {
  const r = await h.run(argv, opts);
  if (r.code !== 0) throw await xlFailure(h, domain, outputOf(r), r.code ?? -1, opts.prefix);
  return r;
}

/** Size in bytes of a file on the host (null when it does not exist). */
export async function fileSize(h: HostAccess, path: string): Promise<number | null> {
  const r = await h.run(['stat', '-L', '-c', '%s', '--', path], { timeoutMs: 15000 });
  if (r.code !== 0) return null;
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : null;
}

export async function exists(h: HostAccess, path: string): Promise<boolean> {
  const r = await h.run(['test', '-e', path], { timeoutMs: 15000 });
  return r.code === 0;
}

/** The text of a host file (null when absent). */
export async function readHostFile(h: HostAccess, path: string): Promise<string | null> {
  const r = await h.run(['cat', '--', path], { timeoutMs: 30000 });
  if (r.code !== 0) {
    if (/No such file/.test(r.stderr)) return null;
    throw new ApiError('xl-failed', `Cannot read ${path}: ${r.stderr.trim() || `exit ${r.code}`}`);
  }
  return r.stdout;
}

/** `YYYYmmdd-HHMMSS` (local time) for backup names. */
export function stamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** stdin → a new temp file next to `$1`'s directory; prints its path. */
const WRITE_TEMP =
  't=$(mktemp -p "$1" .xendesk-XXXXXXXX) || exit 1\ncat > "$t" || { rm -f -- "$t"; exit 1; }\necho "$t"';

/**
 * Move the temp file `$2` over `$1` if `$1` is still at version `$4` (a sha256, 'any', or
 * 'absent' = must not exist); back the old file up to `$3` first (when `$3` is not empty).
 * Exit 9 + XENDESK-CONFLICT when the version does not match.
 */
const COMMIT = [
  'p=$1 t=$2 b=$3 v=$4 ok=1',
  'if [ -e "$p" ]; then',
  '  [ "$v" = absent ] && ok=0',
  '  if [ "$v" != absent ] && [ "$v" != any ]; then h=$(sha256sum < "$p") || exit 1; h=${h%% *}; [ "$h" = "$v" ] || ok=0; fi',
  'elif [ "$v" != absent ] && [ "$v" != any ]; then ok=0',
  'fi',
  'if [ $ok = 0 ]; then rm -f -- "$t"; echo XENDESK-CONFLICT; exit 9; fi',
  'if [ -n "$b" ] && [ -e "$p" ]; then cp -p -- "$p" "$b" || { rm -f -- "$t"; exit 1; }; fi',
  'chmod 644 "$t" && mv -f -- "$t" "$p"',
].join('\n');

export interface WriteConfigOptions {
  /** sha256 of the content the edit is based on, 'any', or 'absent' (a new file) */
  expect: string;
  /** keep the previous version as PATH.YYYYmmdd-HHMMSS.bak (default: yes, every write backs up) */
  backup?: boolean;
  /** validate with `xl create -n` before replacing the file */
  check?: boolean;
}

export interface WriteConfigResult {
  backupPath: string | null;
  checkOutput: string;
}

/**
 * Write a config atomically on dom0: temp file in the same directory, `xl create -n` on it,
 * then (re-checking the version) backup + rename. The host file is never left half-written and
 * never replaced when it changed since `expect`.
 */
export async function writeConfig(
  h: HostAccess,
  path: string,
  text: string,
  opts: WriteConfigOptions,
): Promise<WriteConfigResult> {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  // a file changed meanwhile is reported before anything else (and checked again at the rename)
  if (opts.expect !== 'any') {
    const now = await readHostFile(h, path);
    const stale = opts.expect === 'absent' ? now !== null : now === null || sha256(now) !== opts.expect;
    if (stale) throw conflictError(h, path, opts.expect, now ?? '');
  }
  const w = await h.run(['sh', '-c', WRITE_TEMP, 'sh', dir], { stdin: text, timeoutMs: 30000 });
  const tmp = w.stdout.trim();
  if (w.code !== 0 || !tmp.startsWith(`${dir}/.xendesk-`))
    throw new ApiError(
      'xl-failed',
      `Cannot write a temporary file in ${dir}: ${outputOf(w) || `exit ${w.code}`}`,
    );
  let checkOutput = '';
  try {
    if (opts.check) {
      const c = await h.run(['xl', 'create', '-n', tmp], { timeoutMs: 60000 });
      checkOutput = c.stderr.split(tmp).join(path).trim();
      if (c.code !== 0) {
        const out = outputOf(c).split(tmp).join(path);
        throw new ApiError(
          'xl-failed',
          `xl rejected the config: ${summarizeXlError(out, c.code ?? -1).message}`,
          { output: out, domain: null, logs: [], hints: matchXlHints(out) } satisfies XlFailureDetails,
        );
      }
    }
  } catch (e) {
    await h.run(['rm', '-f', '--', tmp]).catch(() => undefined);
    throw e;
  }
  const backupPath = (opts.backup ?? true) ? `${path}.${stamp()}.bak` : '';
  const m = await h.run(['sh', '-c', COMMIT, 'sh', path, tmp, backupPath, opts.expect], { timeoutMs: 30000 });
  if (m.code === 9 && m.stdout.includes('XENDESK-CONFLICT'))
    throw conflictError(h, path, opts.expect, (await readHostFile(h, path)) ?? '');
  if (m.code !== 0) {
    await h.run(['rm', '-f', '--', tmp]).catch(() => undefined);
    throw new ApiError('xl-failed', `Cannot replace ${path}: ${outputOf(m) || `exit ${m.code}`}`);
  }
  return { backupPath: backupPath || null, checkOutput };
}

function conflictError(h: HostAccess, path: string, expect: string, hostText: string): ApiError {
  return new ApiError(
    'conflict',
    expect === 'absent'
      ? `${path} already exists on ${h.label}.`
      : `${path} changed on ${h.label} since it was loaded: nothing was written.`,
    { hostText, hostVersion: sha256(hostText) } satisfies ConfigConflictDetails,
  );
}

/** Read a config, apply a pure edit, write it back if unchanged meanwhile. */
export async function editConfig(
  h: HostAccess,
  path: string,
  edit: (text: string) => string,
  opts: { check?: boolean } = {},
): Promise<boolean> {
  const text = await readHostFile(h, path);
  if (text === null) throw new ApiError('not-found', `${path} does not exist on ${h.label}.`);
  let next: string;
  try {
    next = edit(text);
  } catch (e) {
    throw new ApiError('invalid-params', `Cannot edit ${path}: ${(e as Error).message}`);
  }
  if (next === text) return false;
  await writeConfig(h, path, next, { expect: sha256(text), check: opts.check });
  return true;
}

/**
 * Run `work` while sampling progress every `everyMs` (e.g. the size of a growing file).
 * Emits taskProgress events under `taskId` and a final done event (with the error, if any).
 */
export async function withProgress<T>(
  h: HostAccess,
  task: { taskId: string; label: string },
  work: () => Promise<T>,
  sample?: () => Promise<{ fraction: number | null; detail?: string } | null>,
  everyMs = 500,
): Promise<T> {
  const emit = (fraction: number | null, detail?: string, done = false, error?: string) =>
    h.progress({ taskId: task.taskId, label: task.label, fraction, detail, done, error });
  emit(sample ? 0 : null);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (stopped || !sample) return;
    const s = await sample().catch(() => null);
    if (!stopped && s) emit(s.fraction === null ? null : Math.max(0, Math.min(1, s.fraction)), s.detail);
    if (!stopped) timer = setTimeout(() => void tick(), everyMs);
  };
  if (sample) timer = setTimeout(() => void tick(), everyMs);
  try {
    const r = await work();
    stopped = true;
    emit(1, undefined, true);
    return r;
  } catch (e) {
    stopped = true;
    emit(null, undefined, true, (e as Error).message);
    throw e;
  } finally {
    stopped = true;
    if (timer) clearTimeout(timer);
  }
}

export function humanBytes(n: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${u[i]}`;
}
