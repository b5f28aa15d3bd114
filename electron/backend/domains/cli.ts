// The CLI's domain commands (issue 5), on the same code as the UI:
//   xendesk cfg check FILE | cfg fmt FILE
//   xendesk start|shutdown|reboot|destroy|pause|unpause|save|restore|mem-set|vcpu-set
//           --host [user@]host[:port] [--identity FILE] [--known-hosts FILE] [--accept-new]
//           DOMAIN [ARGS]
// A lifecycle verb exits 0 only when the host confirms the new state; otherwise non-zero with
// xl's own error line (and the hints XenDesk recognises).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ApiError,
  DomainNameSchema,
  HostPathSchema,
  type DomainAction,
  type XlFailureDetails,
} from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { checkXlSyntax, printXlCfg, tryParseXlCfg } from '../../../shared/xen/xlcfg';
import { readXlCfg } from '../../../shared/xen/xlcfgRead';
import type { XlCfgSemantic } from '../../../shared/xen/xlcfgTypes';
import type { HostConnection } from '../ssh/hostConnection';
import { connectionHost, type HostAccess } from './hostAccess';
import { domainAction, reached, setMemory, setVcpus, waitForDomain } from './lifecycle';
import { rowIn } from './remote';
import { restoreDomain, saveDomain } from './transfer';

export class DomainCliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

// ----------------------------------------------------------------------------------- cfg

/** The JSON `cfg check` prints: the issue's keys, absent ones omitted. */
export function cfgCheckJson(sem: XlCfgSemantic): Record<string, unknown> {
  const pick = <T extends object>(o: T, keys: (keyof T)[]): Partial<T> => {
    const out: Partial<T> = {};
    for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
    return out;
  };
  const out: Record<string, unknown> = pick(sem, [
    'name',
    'type',
    'memory',
    'maxmem',
    'vcpus',
    'maxvcpus',
    'uuid',
    'kernel',
    'ramdisk',
    'cmdline',
    'root',
    'extra',
    'bootloader',
    'boot',
    'serial',
  ]);
  if (sem.disks) out.disks = sem.disks.map((d) => pick(d, ['target', 'format', 'vdev', 'access', 'devtype']));
  if (sem.vifs) out.vifs = sem.vifs.map((v) => pick(v, ['mac', 'bridge', 'model']));
  if (sem.vnc) out.vnc = pick(sem.vnc, ['enable', 'listen', 'display', 'passwd']);
  Object.assign(out, pick(sem, ['on_poweroff', 'on_reboot', 'on_crash']));
  return out;
}

/** `FILE:LINE:COL: message` for every syntax error xl would report (xl's own wording). */
export function cfgSyntaxErrors(file: string, text: string): string[] {
  const xl = checkXlSyntax(text);
  if (xl.length) return xl.map((e) => `${file}:${e.line}:${e.col}: ${e.message}`);
  const r = tryParseXlCfg(text);
  return r.ok ? [] : [`${file}:${r.error.line}:${r.error.col}: ${r.error.message}`];
}

export function cfgCommand(args: string[], out: (s: string) => void): number {
  const [sub, file, ...extra] = args;
  if ((sub !== 'check' && sub !== 'fmt') || !file || extra.length)
    throw new DomainCliError('usage: xendesk cfg check FILE | xendesk cfg fmt FILE', 2);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DomainCliError(
      `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`,
      1,
    );
  }
  const errors = cfgSyntaxErrors(file, text);
  if (errors.length) throw new DomainCliError(errors.join('\n'), 1);
  const r = tryParseXlCfg(text);
  if (!r.ok) throw new DomainCliError(`${file}:${r.error.line}:${r.error.col}: ${r.error.message}`, 1);
  if (sub === 'fmt') out(printXlCfg(r.doc));
  else out(JSON.stringify(cfgCheckJson(readXlCfg(r.doc)), null, 2) + '\n');
  return 0;
}

// ----------------------------------------------------------------------------- lifecycle

export const LIFECYCLE_VERBS = [
  'start',
  'shutdown',
  'reboot',
  'destroy',
  'pause',
  'unpause',
  'save',
  'restore',
  'mem-set',
  'vcpu-set',
] as const;
export type LifecycleVerb = (typeof LIFECYCLE_VERBS)[number];

export const LIFECYCLE_USAGE = `usage: xendesk start|shutdown|reboot|destroy|pause|unpause DOMAIN
       xendesk save DOMAIN [FILE] | restore FILE | mem-set DOMAIN MEM | vcpu-set DOMAIN N
  with --host [user@]host[:port] [--identity FILE] [--known-hosts FILE] [--accept-new]
       [--wait SECONDS] [--force (shutdown/reboot: ACPI, -F)] [--persist (mem-set/vcpu-set)]
  MEM is MiB unless suffixed: 512, 512m, 2g (xl's bare number is MiB too)`;

/** `512` / `512m` / `2g` / `1048576k` → MiB. */
export function parseMemMiB(s: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(s.trim());
  if (!m) throw new DomainCliError(`bad memory size ${JSON.stringify(s)}: use MiB (512), or 512m / 2g`, 2);
  const n = Number(m[1]);
  const unit = (m[2] || 'm').toLowerCase();
  const mib = unit === 'g' ? n * 1024 : unit === 'k' ? n / 1024 : n;
  if (!Number.isInteger(mib) || mib < 16)
    throw new DomainCliError(`memory ${s} is not a whole number of MiB ≥ 16`, 2);
  return mib;
}

function domainArg(v: string | undefined): string {
  const r = DomainNameSchema.safeParse(v);
  if (!r.success)
    throw new DomainCliError(
      `bad or missing DOMAIN ${v === undefined ? '' : JSON.stringify(v)}\n${LIFECYCLE_USAGE}`,
      2,
    );
  return r.data;
}

function pathArg(v: string | undefined, what: string): string {
  const r = HostPathSchema.safeParse(v);
  if (!r.success)
    throw new DomainCliError(
      `bad or missing ${what} ${v === undefined ? '' : JSON.stringify(v)}: ${r.error.issues[0]?.message}`,
      2,
    );
  return r.data;
}

/** xl's error line, then the known causes. */
export function failureText(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const d = e.details as Partial<XlFailureDetails> | undefined;
  const hints = (d?.hints ?? []).map((h) => `hint: ${h.message}`);
  return [e.message, ...hints].join('\n');
}

const describe = (r: DomainRow | null): string =>
  r ? `${r.state}${r.id !== null ? ` (id ${r.id})` : ''}` : 'absent';

async function confirm(
  h: HostAccess,
  name: string,
  what: string,
  pred: (r: DomainRow | null) => boolean,
  waitS: number,
): Promise<DomainRow | null> {
  const row = await waitForDomain(h, name, pred, waitS * 1000, 500);
  if (row === undefined) {
    const now = rowIn(await h.refresh(), name);
    throw new DomainCliError(
      `${name}: the host does not confirm ${what} after ${waitS} s (now ${describe(now)})`,
      1,
    );
  }
  return row;
}

export interface LifecycleIo {
  out: (s: string) => void;
  connect: (values: Record<string, string | boolean | undefined>) => Promise<HostConnection>;
}

export async function lifecycleCommand(
  verb: LifecycleVerb,
  args: string[],
  io: LifecycleIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      identity: { type: 'string', short: 'i' },
      'known-hosts': { type: 'string' },
      'accept-new': { type: 'boolean', default: false },
      wait: { type: 'string' },
      force: { type: 'boolean', default: false },
      persist: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
    },
  });
  const defaultWait = verb === 'shutdown' ? 120 : verb === 'reboot' ? 180 : 60;
  const waitS = values.wait !== undefined ? Number(values.wait) : defaultWait;
  if (!Number.isFinite(waitS) || waitS < 0) throw new DomainCliError(`bad --wait ${values.wait}`, 2);
  // validate everything before connecting
  const name = verb === 'restore' ? '' : domainArg(positionals[0]);
  const file =
    verb === 'restore'
      ? pathArg(positionals[0], 'FILE')
      : verb === 'save' && positionals[1] !== undefined
        ? pathArg(positionals[1], 'FILE')
        : undefined;
  const memMiB = verb === 'mem-set' ? parseMemMiB(positionals[1] ?? '') : undefined;
  const vcpus = verb === 'vcpu-set' ? Number(positionals[1]) : undefined;
  if (vcpus !== undefined && (!Number.isInteger(vcpus) || vcpus < 1))
    throw new DomainCliError(`bad vCPU count ${JSON.stringify(positionals[1] ?? '')}`, 2);

  const conn = await io.connect(values);
  const say = (s: string) => {
    if (!values.quiet) io.out(s);
  };
  const h = connectionHost(conn, {
    onProgress: (p) => {
      if (!p.done && p.fraction !== null && !values.quiet)
        io.out(`${p.label}: ${Math.round(p.fraction * 100)}%\n`);
    },
  });
  try {
    switch (verb) {
      case 'save': {
        const r = await saveDomain(h, name, { file });
        await confirm(h, name, 'the save (the domain still runs)', (row) => !row || row.id === null, waitS);
        say(`${name} saved to ${r.file} (${r.sizeBytes} bytes)\n`);
        return 0;
      }
      case 'restore': {
        const r = await restoreDomain(h, { file: file! });
        if (!r.domain)
          throw new DomainCliError(`the host shows no restored domain after xl restore ${file}`, 1);
        const row = await confirm(
          h,
          r.domain.name,
          'the restored domain running',
          (x) => !!x && x.id !== null,
          waitS,
        );
        say(`${row!.name} restored from ${file} (id ${row!.id})\n`);
        return 0;
      }
      case 'mem-set': {
        await setMemory(h, name, { targetMiB: memMiB, persist: values.persist === true });
        await confirm(
          h,
          name,
          `memory ${memMiB} MiB`,
          (row) => !!row && Math.abs(row.memoryMiB - memMiB!) <= 1,
          waitS,
        );
        say(`${name}: memory ${memMiB} MiB\n`);
        return 0;
      }
      case 'vcpu-set': {
        await setVcpus(h, name, { count: vcpus!, persist: values.persist === true });
        await confirm(
          h,
          name,
          `${vcpus} vCPUs online (the guest onlines them itself)`,
          (row) => row?.vcpus === vcpus,
          waitS,
        );
        say(`${name}: ${vcpus} vCPUs\n`);
        return 0;
      }
      default: {
        const action: DomainAction = verb;
        const before = rowIn(await h.refresh(), name);
        await domainAction(h, name, action, values.force === true);
        const pred =
          action === 'reboot'
            ? (row: DomainRow | null) =>
                !!row && row.id !== null && row.id !== before?.id && row.state !== 'shutdown'
            : (row: DomainRow | null) => reached(action, row);
        const row = await confirm(h, name, `${action === 'unpause' ? 'resumed' : action} state`, pred, waitS);
        say(`${name}: ${describe(row ?? null)}\n`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof DomainCliError) throw e;
    throw new DomainCliError(failureText(e), e instanceof ApiError && e.code === 'invalid-params' ? 2 : 1);
  } finally {
    conn.close();
  }
}
