// Operations that move a domain's bytes: save/restore (progress = the save file growing),
// clone (copy each file-backed disk with progress), migrate (xl migrate, dom0 → dom0 over ssh).
import { randomUUID } from 'node:crypto';
import {
  ApiError,
  type ActionResult,
  type CloneDomainResult,
  type MigrateResult,
  type SaveDomainResult,
  type SaveFileInfo,
} from '../../../shared/api';
import { cloneConfig, cloneDiskPath, randomXenMac } from '../../../shared/xen/cfgEdits';
import { readConfigText } from '../../../shared/xen/inventory';
import type { HostAccess } from './hostAccess';
import {
  SAVE_DIR,
  XEN_DIR,
  exists,
  fileSize,
  findDomain,
  humanBytes,
  isRunning,
  outputOf,
  readHostFile,
  rowIn,
  runOrFail,
  stamp,
  withProgress,
  writeConfig,
} from './remote';

const MiB = 1024 * 1024;
let taskSeq = 0;
const newTaskId = (kind: string) => `${kind}-${Date.now().toString(36)}-${++taskSeq}`;

export async function saveDomain(
  h: HostAccess,
  name: string,
  p: { file?: string; taskId?: string },
): Promise<SaveDomainResult> {
  const row = await findDomain(h, name);
  if (!isRunning(row))
    throw new ApiError('invalid-state', `${name} is not running: there is nothing to save.`);
  let file = p.file;
  if (!file) {
    file = `${SAVE_DIR}/${name}.save`;
    if (await exists(h, file)) file = `${SAVE_DIR}/${name}-${stamp()}.save`;
  } else if (await exists(h, file)) {
    throw new ApiError('invalid-params', `${file} already exists on ${h.label}: choose another file.`);
  }
  const dir = file.slice(0, file.lastIndexOf('/')) || '/';
  await runOrFail(h, ['mkdir', '-p', '--', dir], null);
  // the image holds the guest's memory (plus a small header): its size tells the progress
  const expected = Math.max(1, row.memoryMiB * MiB);
  const target = file;
  await withProgress(
    h,
    { taskId: p.taskId ?? newTaskId('save'), label: `Saving ${name} to ${target}` },
    () => runOrFail(h, ['xl', 'save', name, target], name, { timeoutMs: 3600_000 }),
    async () => {
      const size = await fileSize(h, target);
      if (size === null) return null;
      return {
        fraction: Math.min(0.99, size / expected),
        detail: `${humanBytes(size)} of about ${humanBytes(expected)}`,
      };
    },
    250,
  );
  const sizeBytes = (await fileSize(h, target)) ?? 0;
  const snap = await h.refresh();
  return { file: target, sizeBytes, domain: rowIn(snap, name) };
}

export async function restoreDomain(
  h: HostAccess,
  p: { file: string; taskId?: string },
): Promise<ActionResult> {
  const size = await fileSize(h, p.file);
  if (size === null) throw new ApiError('not-found', `${p.file} does not exist on ${h.label}.`);
  const before = new Set((await h.refresh()).domains.filter((d) => d.id !== null).map((d) => d.id));
  const r = await withProgress(
    h,
    { taskId: p.taskId ?? newTaskId('restore'), label: `Restoring ${p.file}` },
    () => runOrFail(h, ['xl', 'restore', p.file], null, { timeoutMs: 3600_000 }),
    async () => ({ fraction: null, detail: `reading ${humanBytes(size)}` }),
  );
  const snap = await h.refresh();
  const restored = snap.domains.find((d) => d.id !== null && !before.has(d.id)) ?? null;
  return { ok: true, output: outputOf(r), domain: restored };
}

const LIST_FILES = 'for f in "$1"/*; do [ -f "$f" ] && stat -c "%s %Y %n" -- "$f"; done; exit 0';

export async function listSaveFiles(h: HostAccess, dir = SAVE_DIR): Promise<SaveFileInfo[]> {
  const r = await h.run(['sh', '-c', LIST_FILES, 'sh', dir], { timeoutMs: 30000 });
  const out: SaveFileInfo[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+) (\d+) (\/.+)$/.exec(line);
    if (m) out.push({ sizeBytes: Number(m[1]), mtime: Number(m[2]) * 1000, path: m[3]! });
  }
  return out.sort((a, b) => b.mtime - a.mtime);
}

export async function cloneDomain(
  h: HostAccess,
  name: string,
  p: { newName: string; taskId?: string },
): Promise<CloneDomainResult> {
  const row = await findDomain(h, name);
  if (isRunning(row))
    throw new ApiError(
      'invalid-state',
      `${name} is running: shut it down first so its disks are consistent.`,
    );
  if (!row.cfgPath) throw new ApiError('invalid-state', `${name} has no config file to clone.`);
  if (rowIn(h.lastSnapshot(), p.newName))
    throw new ApiError('invalid-params', `${h.label} already has a domain named ${p.newName}.`);
  const newCfg = `${XEN_DIR}/${p.newName}.cfg`;
  if (await exists(h, newCfg)) throw new ApiError('invalid-params', `${newCfg} already exists.`);
  const text = await readHostFile(h, row.cfgPath);
  if (text === null) throw new ApiError('not-found', `${row.cfgPath} vanished.`);
  const cfg = readConfigText(text);
  if (!cfg) throw new ApiError('invalid-state', `${row.cfgPath} does not parse: fix it before cloning.`);

  // writable file-backed disks are copied; CD-ROMs, read-only images and block devices are shared
  const plan: { from: string; to: string; size: number }[] = [];
  for (const d of cfg.disks ?? []) {
    if (!d.target || d.devtype === 'cdrom' || d.access === 'ro') continue;
    if ((await h.run(['test', '-f', d.target])).code !== 0) continue;
    const to = cloneDiskPath(d.target, name, p.newName, d.vdev ?? 'xvda');
    if (plan.some((x) => x.to === to) || (await exists(h, to)))
      throw new ApiError('invalid-params', `${to} already exists: not overwritten.`);
    plan.push({ from: d.target, to, size: (await fileSize(h, d.target)) ?? 0 });
  }
  const total = plan.reduce((s, x) => s + x.size, 0) || 1;
  let done = 0;
  let current: { to: string; size: number } | null = null;
  const copied: { from: string; to: string }[] = [];
  try {
    await withProgress(
      h,
      { taskId: p.taskId ?? newTaskId('clone'), label: `Cloning ${name} as ${p.newName}` },
      async () => {
        for (const x of plan) {
          current = x;
          await runOrFail(h, ['cp', '--sparse=always', '--', x.from, x.to], null, {
            timeoutMs: 6 * 3600_000,
          });
          copied.push({ from: x.from, to: x.to });
          done += x.size;
        }
        current = null;
        const next = cloneConfig(text, {
          name: p.newName,
          uuid: randomUUID(),
          newMac: () => randomXenMac(),
          disks: new Map(plan.map((x) => [x.from, x.to])),
        });
        await writeConfig(h, newCfg, next, { expect: 'absent', check: true });
      },
      async () => {
        const c = current as { to: string; size: number } | null;
        const now = c ? ((await fileSize(h, c.to)) ?? 0) : 0;
        return {
          fraction: (done + Math.min(now, c?.size ?? 0)) / total,
          detail: c ? `copying ${c.to}` : 'writing the config',
        };
      },
    );
  } catch (e) {
    // leave nothing half-made behind: the copies of a failed clone are removed
    for (const x of [...copied, ...(current ? [current as { to: string }] : [])])
      await h.run(['rm', '-f', '--', x.to]).catch(() => undefined);
    throw e;
  }
  const after = await h.refresh();
  return { name: p.newName, cfgPath: newCfg, disks: copied, domain: rowIn(after, p.newName) };
}

/**
 * `xl migrate [-s 'ssh -p PORT'] DOM ADDRESS`: xl on the source dom0 runs
 * `ssh ADDRESS xl migrate-receive` itself, so dom0 must reach the target dom0 by ssh as root
 * without a password, and the disks must exist at the same paths there. The -s text is built
 * from the validated port number only.
 */
export function migrateArgv(name: string, target: { address: string; port: number }): string[] {
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) throw new Error('bad port');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(target.address) || target.address.startsWith('-'))
    throw new Error('bad address');
  const ssh = target.port === 22 ? [] : ['-s', `ssh -p ${target.port}`];
  return ['xl', 'migrate', ...ssh, name, target.address.replace(/^\[|\]$/g, '')];
}

export async function migrateDomain(
  src: HostAccess,
  dst: HostAccess,
  name: string,
  target: { address: string; port: number },
  taskId?: string,
): Promise<MigrateResult> {
  const row = await findDomain(src, name);
  if (!isRunning(row))
    throw new ApiError('invalid-state', `${name} is not running: only running domains migrate.`);
  if (rowIn(await dst.refresh(), name)?.id != null)
    throw new ApiError('invalid-state', `${dst.label} already runs a domain named ${name}.`);
  const r = await withProgress(
    src,
    { taskId: taskId ?? newTaskId('migrate'), label: `Migrating ${name} to ${dst.label}` },
    () =>
      runOrFail(src, migrateArgv(name, target), name, {
        timeoutMs: 3600_000,
        prefix: `Migration to ${dst.label} failed: `,
      }),
    async () => ({ fraction: null, detail: `sending memory to ${target.address}` }),
  );
  await src.refresh();
  const snap = await dst.refresh();
  return { targetHostId: dst.hostId, domain: rowIn(snap, name), output: outputOf(r) };
}
