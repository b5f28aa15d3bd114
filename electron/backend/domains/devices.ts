// Hot-plug: disks and NICs (xl block-/network-attach/-detach, persisted in the config when
// asked), CD insert/eject for HVM. A stopped domain's devices are changed in its config only.
import { ApiError, type ActionResult, type DiskInput, type NicInput } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { addDisk, addVif, removeDisk, removeVif } from '../../../shared/xen/cfgEdits';
import { formatDiskSpec, formatVifSpec } from '../../../shared/xen/xlcfgRead';
import type { HostAccess } from './hostAccess';
import { editConfig, findDomain, isRunning, outputOf, rowIn, runOrFail } from './remote';
import { randomXenMac } from '../../../shared/xen/cfgEdits';

async function done(h: HostAccess, name: string, out: string[]): Promise<ActionResult> {
  const snap = await h.refresh();
  return { ok: true, output: out.filter(Boolean).join('\n'), domain: rowIn(snap, name) };
}

function needConfig(row: DomainRow, persist: boolean): string | null {
  if (!isRunning(row) && !row.cfgPath) throw new ApiError('invalid-state', `${row.name} has no config file.`);
  return persist || !isRunning(row) ? row.cfgPath : null;
}

export function diskSpec(d: DiskInput): string {
  const cdrom = d.cdrom ?? false;
  return formatDiskSpec({
    target: d.target,
    format: d.format ?? (cdrom && !d.target ? undefined : 'raw'),
    vdev: d.vdev,
    access: cdrom ? 'ro' : (d.access ?? 'rw'),
    devtype: cdrom ? 'cdrom' : undefined,
  });
}

export async function attachDisk(
  h: HostAccess,
  name: string,
  disk: DiskInput,
  persist: boolean,
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const spec = diskSpec(disk);
  const out: string[] = [];
  if (isRunning(row)) {
    if (row.type === 'hvm' && !(disk.cdrom ?? false) && !disk.vdev.startsWith('xvd'))
      throw new ApiError('invalid-params', 'Disks hot-plugged into HVM guests must be PV disks (xvdX).');
    out.push(outputOf(await runOrFail(h, ['xl', 'block-attach', name, spec], name)));
  }
  const cfg = needConfig(row, persist);
  if (cfg && (await editConfig(h, cfg, (t) => addDisk(t, spec)))) out.push(`${cfg} updated`);
  return done(h, name, out);
}

export async function detachDisk(
  h: HostAccess,
  name: string,
  vdev: string,
  persist: boolean,
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const out: string[] = [];
  if (isRunning(row)) out.push(outputOf(await runOrFail(h, ['xl', 'block-detach', name, vdev], name)));
  const cfg = needConfig(row, persist);
  if (cfg && (await editConfig(h, cfg, (t) => removeDisk(t, vdev)))) out.push(`${cfg} updated`);
  return done(h, name, out);
}

export async function attachNic(
  h: HostAccess,
  name: string,
  nic: NicInput,
  persist: boolean,
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  // the MAC is chosen here so that the running NIC and the config's agree
  const spec = formatVifSpec({
    mac: nic.mac ?? randomXenMac(),
    bridge: nic.bridge ?? 'xenbr0',
    model: nic.model,
  });
  const out: string[] = [];
  if (isRunning(row))
    out.push(outputOf(await runOrFail(h, ['xl', 'network-attach', name, ...spec.split(',')], name)));
  const cfg = needConfig(row, persist);
  if (cfg && (await editConfig(h, cfg, (t) => addVif(t, spec)))) out.push(`${cfg} updated`);
  return done(h, name, out);
}

export async function detachNic(
  h: HostAccess,
  name: string,
  nic: string | number,
  persist: boolean,
): Promise<ActionResult> {
  const row = await findDomain(h, name);
  const out: string[] = [];
  if (isRunning(row))
    out.push(outputOf(await runOrFail(h, ['xl', 'network-detach', name, String(nic)], name)));
  const cfg = needConfig(row, persist);
  if (cfg && (await editConfig(h, cfg, (t) => removeVif(t, nic)))) out.push(`${cfg} updated`);
  return done(h, name, out);
}

async function hvmRunning(h: HostAccess, name: string): Promise<DomainRow> {
  const row = await findDomain(h, name);
  if (!isRunning(row)) throw new ApiError('invalid-state', `${name} is not running.`);
  if (row.type !== 'hvm') throw new ApiError('invalid-state', 'CD insert/eject works for HVM guests only.');
  return row;
}

export async function cdInsert(
  h: HostAccess,
  name: string,
  vdev: string,
  file: string,
): Promise<ActionResult> {
  await hvmRunning(h, name);
  const r = await runOrFail(h, ['xl', 'cd-insert', name, vdev, file], name);
  return done(h, name, [outputOf(r)]);
}

export async function cdEject(h: HostAccess, name: string, vdev: string): Promise<ActionResult> {
  await hvmRunning(h, name);
  const r = await runOrFail(h, ['xl', 'cd-eject', name, vdev], name);
  return done(h, name, [outputOf(r)]);
}
