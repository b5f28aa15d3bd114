// Lifecycle of one domain: start/shutdown/reboot/destroy/pause/unpause, memory, vCPUs,
// scheduler, rename, autostart, delete. Each returns the state as re-read from the host.
import { ApiError, type ActionResult, type DeleteDomainResult, type DomainAction } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { renameConfig, setNumbers, type NumericKey } from '../../../shared/xen/cfgEdits';
import { resolveAutoTarget } from '../../../shared/xen/inventory';
import type { HostAccess } from './hostAccess';
import {
  AUTO_DIR,
  XEN_DIR,
  editConfig,
  exists,
  findDomain,
  isRunning,
  outputOf,
  readHostFile,
  rowIn,
  runOrFail,
  sha256,
  stamp,
  writeConfig,
} from './remote';

async function result(h: HostAccess, name: string, output: string): Promise<ActionResult> {
  const snap = await h.refresh();
  return { ok: true, output, domain: rowIn(snap, name) };
}

/** The config a start uses: the one the inventory joined, else /etc/xen/NAME.cfg. */
export function startConfigPath(row: DomainRow | null, name: string): string {
  return row?.cfgPath ?? `${XEN_DIR}/${name}.cfg`;
}

export async function domainAction(
  h: HostAccess,
  name: string,
  action: DomainAction,
  force = false,
): Promise<ActionResult> {
  if (name === 'Domain-0')
    throw new ApiError(
      'invalid-params',
      'Domain-0 cannot be started, paused, shut down or destroyed from here.',
    );
  const row = await findDomain(h, name).catch((e: unknown) => {
    if (action === 'start' && e instanceof ApiError && e.code === 'not-found') return null;
    throw e;
  });
  let argv: string[];
  switch (action) {
    case 'start': {
      if (row && isRunning(row)) throw new ApiError('invalid-state', `${name} is already running.`);
      const cfg = startConfigPath(row, name);
      argv = ['xl', 'create', cfg];
      break;
    }
    case 'shutdown':
    case 'reboot':
      argv = ['xl', action, ...(force ? ['-F'] : []), name];
      break;
    default:
      argv = ['xl', action, name];
  }
  // other actions on a stopped domain: xl says so itself ("NAME is an invalid domain identifier")
  const r = await runOrFail(h, argv, name, { timeoutMs: action === 'start' ? 300000 : 120000 });
  return result(h, name, outputOf(r));
}

/** Poll until `pred` holds for the domain's row (null = gone), or the time is up. */
export async function waitForDomain(
  h: HostAccess,
  name: string,
  pred: (row: DomainRow | null) => boolean,
  timeoutMs: number,
  everyMs = 1000,
): Promise<DomainRow | null | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const row = rowIn(await h.refresh(), name);
    if (pred(row)) return row;
    if (Date.now() >= end) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Whether the host shows the domain in the state an action aims for. */
export function reached(action: DomainAction, row: DomainRow | null): boolean {
  switch (action) {
    case 'start':
    case 'unpause':
      return !!row && isRunning(row) && row.state !== 'paused';
    case 'pause':
      return row?.state === 'paused';
    case 'shutdown':
    case 'destroy':
      return !row || !isRunning(row);
    case 'reboot':
      return !!row && isRunning(row);
  }
}

async function persistNumbers(
  h: HostAccess,
  row: DomainRow,
  values: Partial<Record<NumericKey, number>>,
): Promise<boolean> {
  if (!row.cfgPath) return false;
  return editConfig(h, row.cfgPath, (t) => setNumbers(t, values));
}

export async function setMemory(
  h: HostAccess,
  name: string,
  p: { targetMiB?: number; maxMiB?: number; persist: boolean },
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const out: string[] = [];
  if (p.targetMiB !== undefined && p.maxMiB !== undefined && p.targetMiB > p.maxMiB)
    throw new ApiError(
      'invalid-params',
      `The memory target (${p.targetMiB} MiB) exceeds the maximum (${p.maxMiB} MiB).`,
    );
  if (isRunning(row)) {
    // raise the maximum before the target, lower the target before the maximum
    const cmds: string[][] = [];
    const maxFirst = p.maxMiB !== undefined && p.maxMiB >= (row.maxMemoryMiB ?? 0);
    const setMax = p.maxMiB !== undefined ? ['xl', 'mem-max', name, `${p.maxMiB}m`] : null;
    const setTarget = p.targetMiB !== undefined ? ['xl', 'mem-set', name, `${p.targetMiB}m`] : null;
    if (maxFirst) cmds.push(...[setMax, setTarget].filter((c): c is string[] => !!c));
    else cmds.push(...[setTarget, setMax].filter((c): c is string[] => !!c));
    for (const c of cmds) out.push(outputOf(await runOrFail(h, c, name)));
  }
  if (p.persist || !isRunning(row)) {
    if (!row.cfgPath && !isRunning(row)) throw new ApiError('invalid-state', `${name} has no config file.`);
    const values: Partial<Record<NumericKey, number>> = {};
    if (p.targetMiB !== undefined) values.memory = p.targetMiB;
    if (p.maxMiB !== undefined) values.maxmem = p.maxMiB;
    if (await persistNumbers(h, row, values)) out.push(`${row.cfgPath} updated`);
  }
  return result(h, name, out.filter(Boolean).join('\n'));
}

export async function setVcpus(
  h: HostAccess,
  name: string,
  p: { count: number; persist: boolean },
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const out: string[] = [];
  if (isRunning(row)) {
    if (row.maxVcpus !== null && p.count > row.maxVcpus)
      throw new ApiError(
        'invalid-params',
        `${name} has at most ${row.maxVcpus} vCPUs (maxvcpus): raise maxvcpus in the config and restart it first.`,
      );
    out.push(outputOf(await runOrFail(h, ['xl', 'vcpu-set', name, String(p.count)], name)));
  }
  if (p.persist || !isRunning(row)) {
    if (!row.cfgPath && !isRunning(row)) throw new ApiError('invalid-state', `${name} has no config file.`);
    const values: Partial<Record<NumericKey, number>> = { vcpus: p.count };
    // a stopped domain may get more vCPUs than its old maximum: raise maxvcpus with it
    if (!isRunning(row) && row.maxVcpus !== null && p.count > row.maxVcpus) values.maxvcpus = p.count;
    if (await persistNumbers(h, row, values)) out.push(`${row.cfgPath} updated`);
  }
  return result(h, name, out.filter(Boolean).join('\n'));
}

/** `sched-credit2` or `sched-credit`, per `xl info`'s xen_scheduler. */
export async function schedulerCommand(h: HostAccess): Promise<{ scheduler: string; cmd: string | null }> {
  const scheduler = (await h.info())?.scheduler || 'credit2';
  const cmd = scheduler === 'credit2' ? 'sched-credit2' : scheduler === 'credit' ? 'sched-credit' : null;
  return { scheduler, cmd };
}

export async function setSched(
  h: HostAccess,
  name: string,
  p: { weight?: number; cap?: number; persist: boolean },
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const out: string[] = [];
  if (isRunning(row)) {
    const { scheduler, cmd } = await schedulerCommand(h);
    if (!cmd)
      throw new ApiError(
        'invalid-state',
        `The host runs the ${scheduler} scheduler: weight and cap apply to credit/credit2 only.`,
      );
    const argv = ['xl', cmd, '-d', name];
    if (p.weight !== undefined) argv.push('-w', String(p.weight));
    if (p.cap !== undefined) argv.push('-c', String(p.cap));
    out.push(outputOf(await runOrFail(h, argv, name)));
  }
  if (p.persist || !isRunning(row)) {
    if (!row.cfgPath && !isRunning(row)) throw new ApiError('invalid-state', `${name} has no config file.`);
    const values: Partial<Record<NumericKey, number>> = {};
    if (p.weight !== undefined) values.cpu_weight = p.weight;
    if (p.cap !== undefined) values.cap = p.cap;
    if (await persistNumbers(h, row, values)) out.push(`${row.cfgPath} updated`);
  }
  return result(h, name, out.filter(Boolean).join('\n'));
}

/** Autostart links of a config (from the last poll's listing: the snapshot row says whether any). */
async function autostartLinks(h: HostAccess, cfgPath: string): Promise<string[]> {
  const r = await h.run(
    [
      'sh',
      '-c',
      'cd "$1" 2>/dev/null || exit 0; for l in *; do [ -L "$l" ] && printf "%s\\t%s\\n" "$l" "$(readlink -- "$l")"; done',
      'sh',
      AUTO_DIR,
    ],
    { timeoutMs: 15000 },
  );
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const link = line.slice(0, tab);
    if (resolveAutoTarget(link, line.slice(tab + 1)) === cfgPath) out.push(`${AUTO_DIR}/${link}`);
  }
  // a plain file in auto/ with the config's name counts too
  const base = cfgPath.slice(cfgPath.lastIndexOf('/') + 1);
  if (cfgPath.startsWith(`${AUTO_DIR}/`)) out.push(cfgPath);
  else if (
    !out.includes(`${AUTO_DIR}/${base}`) &&
    (await h.run(['test', '-f', `${AUTO_DIR}/${base}`])).code === 0
  ) {
    const t = await h.run(['test', '-L', `${AUTO_DIR}/${base}`]);
    if (t.code !== 0) out.push(`${AUTO_DIR}/${base}`);
  }
  return out;
}

export async function setAutostart(h: HostAccess, name: string, enabled: boolean): Promise<ActionResult> {
  const row = await findDomain(h, name);
  if (!row.cfgPath)
    throw new ApiError(
      'invalid-state',
      `${name} has no config file in ${XEN_DIR}: autostart starts configs linked from ${AUTO_DIR}.`,
    );
  const cfgPath = row.cfgPath;
  const out: string[] = [];
  if (enabled) {
    const base = cfgPath.slice(cfgPath.lastIndexOf('/') + 1);
    const link = `${AUTO_DIR}/${base.endsWith('.cfg') ? base : `${base}.cfg`}`;
    const target =
      cfgPath.startsWith(`${XEN_DIR}/`) && !cfgPath.slice(XEN_DIR.length + 1).includes('/')
        ? `../${base}`
        : cfgPath;
    await runOrFail(h, ['mkdir', '-p', '--', AUTO_DIR], null);
    if (await exists(h, link)) {
      const cur = await h.run(['readlink', '--', link]);
      if (cur.code !== 0 || resolveAutoTarget(link.slice(AUTO_DIR.length + 1), cur.stdout.trim()) !== cfgPath)
        throw new ApiError('invalid-state', `${link} already exists and is not a link to ${cfgPath}.`);
    } else {
      await runOrFail(h, ['ln', '-s', '--', target, link], null);
      out.push(`${link} -> ${target}`);
    }
  } else {
    for (const l of await autostartLinks(h, cfgPath)) {
      await runOrFail(h, ['rm', '-f', '--', l], null);
      out.push(`removed ${l}`);
    }
  }
  return result(h, name, out.join('\n'));
}

export async function renameDomain(h: HostAccess, name: string, newName: string): Promise<ActionResult> {
  if (name === newName) throw new ApiError('invalid-params', 'The new name is the current name.');
  const row = await findDomain(h, name);
  if (rowIn(h.lastSnapshot(), newName))
    throw new ApiError('invalid-params', `${h.label} already has a domain named ${newName}.`);
  const out: string[] = [];
  if (isRunning(row)) out.push(outputOf(await runOrFail(h, ['xl', 'rename', name, newName], name)));
  if (row.cfgPath) {
    const oldPath = row.cfgPath;
    const base = oldPath.slice(oldPath.lastIndexOf('/') + 1);
    const dir = oldPath.slice(0, oldPath.lastIndexOf('/'));
    // NAME.cfg follows the name; a file named otherwise keeps its name (only name= changes)
    const newPath = base === `${name}.cfg` ? `${dir}/${newName}.cfg` : oldPath;
    const text = await readHostFile(h, oldPath);
    if (text === null) throw new ApiError('not-found', `${oldPath} vanished.`);
    const next = renameConfig(text, newName);
    if (newPath === oldPath) {
      await writeConfig(h, oldPath, next, { expect: sha256(text) });
    } else {
      const links = row.autostart ? await autostartLinks(h, oldPath) : [];
      await writeConfig(h, newPath, next, { expect: 'absent' });
      // the old file is kept as a backup, like every other config write
      await runOrFail(h, ['mv', '-f', '--', oldPath, `${oldPath}.${stamp()}.bak`], null);
      for (const l of links) {
        await runOrFail(h, ['rm', '-f', '--', l], null);
        await runOrFail(h, ['ln', '-s', '--', `../${newName}.cfg`, `${AUTO_DIR}/${newName}.cfg`], null);
      }
      out.push(`${oldPath} -> ${newPath}`);
    }
  }
  return result(h, newName, out.filter(Boolean).join('\n'));
}

export async function deleteDomain(
  h: HostAccess,
  name: string,
  deleteDisks: string[],
  diskTargets: (row: DomainRow) => Promise<string[]>,
  sharedElsewhere: (path: string, row: DomainRow) => string | null,
): Promise<DeleteDomainResult> {
  const row = await findDomain(h, name);
  const allowed = new Set(await diskTargets(row));
  for (const d of deleteDisks) {
    if (!allowed.has(d))
      throw new ApiError(
        'invalid-params',
        `${d} is not a disk of ${name}: XenDesk only deletes the domain's own images.`,
      );
    const other = sharedElsewhere(d, row);
    if (other) throw new ApiError('invalid-params', `${d} is also used by ${other}: not deleted.`);
  }
  const removed: string[] = [];
  if (isRunning(row)) await runOrFail(h, ['xl', 'destroy', name], name);
  if (row.cfgPath) {
    for (const l of row.autostart ? await autostartLinks(h, row.cfgPath) : []) {
      await runOrFail(h, ['rm', '-f', '--', l], null);
      removed.push(l);
    }
    await runOrFail(h, ['rm', '-f', '--', row.cfgPath], null);
    removed.push(row.cfgPath);
  }
  for (const d of deleteDisks) {
    // only regular files: a block device (phy:) is never "deleted" by rm
    const t = await h.run(['test', '-f', d]);
    if (t.code !== 0) continue;
    await runOrFail(h, ['rm', '-f', '--', d], null);
    removed.push(d);
  }
  await h.refresh();
  return { removed, domain: null };
}
