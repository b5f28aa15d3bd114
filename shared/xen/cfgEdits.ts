// Config edits behind the lifecycle actions (persisting memory/vCPU/scheduler changes, hot-plugged
// devices, rename, clone). Each one changes only the text it touches (setSetting keeps comments,
// order, quoting and list layout), so a user's hand-written file stays theirs.

import {
  parseXlCfg,
  printXlCfg,
  resolveSetting,
  setSetting,
  type XlCfgDocument,
  type XlCfgPlain,
} from './xlcfg';
import { parseDiskSpec, parseVifSpec } from './xlcfgRead';

function listOf(doc: XlCfgDocument, key: string): string[] | undefined {
  const r = resolveSetting(doc, key);
  if (!r || !Array.isArray(r.value)) return undefined;
  return (r.value as XlCfgPlain[]).filter((v): v is string => typeof v === 'string');
}

export type NumericKey = 'memory' | 'maxmem' | 'vcpus' | 'maxvcpus' | 'cpu_weight' | 'cap';

/** Set numeric keys (memory in MiB as xl.cfg has it). */
export function setNumbers(text: string, values: Partial<Record<NumericKey, number>>): string {
  let doc = parseXlCfg(text);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0) throw new Error(`invalid ${k}: ${v}`);
    doc = setSetting(doc, k, v);
  }
  return printXlCfg(doc);
}

/** The vdev a disk spec names (xl: the `:cdrom` suffix of legacy specs is not part of it). */
export function diskVdev(spec: string): string | undefined {
  return parseDiskSpec(spec).vdev?.replace(/:.*$/, '');
}

export function addDisk(text: string, spec: string): string {
  const doc = parseXlCfg(text);
  const disks = listOf(doc, 'disk') ?? [];
  const vdev = diskVdev(spec);
  if (vdev && disks.some((d) => diskVdev(d) === vdev))
    throw new Error(`the config already has a disk ${vdev}`);
  return printXlCfg(setSetting(doc, 'disk', [...disks, spec]));
}

/** Remove the disk with that vdev; unchanged text when there is none. */
export function removeDisk(text: string, vdev: string): string {
  const doc = parseXlCfg(text);
  const disks = listOf(doc, 'disk');
  if (!disks) return text;
  const kept = disks.filter((d) => diskVdev(d) !== vdev);
  return kept.length === disks.length ? text : printXlCfg(setSetting(doc, 'disk', kept));
}

export function addVif(text: string, spec: string): string {
  const doc = parseXlCfg(text);
  return printXlCfg(setSetting(doc, 'vif', [...(listOf(doc, 'vif') ?? []), spec]));
}

/** Remove the vif with that MAC (case-insensitive) or, for a number, the devid-th vif. */
export function removeVif(text: string, nic: string | number): string {
  const doc = parseXlCfg(text);
  const vifs = listOf(doc, 'vif');
  if (!vifs) return text;
  const kept =
    typeof nic === 'number'
      ? vifs.filter((_, i) => i !== nic)
      : vifs.filter((v) => parseVifSpec(v).mac?.toLowerCase() !== nic.toLowerCase());
  return kept.length === vifs.length ? text : printXlCfg(setSetting(doc, 'vif', kept));
}

export function renameConfig(text: string, newName: string): string {
  return printXlCfg(setSetting(parseXlCfg(text), 'name', newName));
}

export interface CloneEdit {
  name: string;
  /** set when the source has a uuid (absent: xl makes one at create) */
  uuid: string;
  /** a fresh MAC for each vif that names one */
  newMac: () => string;
  /** source disk target → copy */
  disks: Map<string, string>;
}

/** The copied config: new name, uuid, MACs and disk paths; everything else as written. */
export function cloneConfig(text: string, edit: CloneEdit): string {
  let doc = parseXlCfg(text);
  doc = setSetting(doc, 'name', edit.name);
  if (resolveSetting(doc, 'uuid')) doc = setSetting(doc, 'uuid', edit.uuid);
  const disks = listOf(doc, 'disk');
  if (disks) {
    const next = disks.map((raw) => {
      const t = parseDiskSpec(raw).target;
      const to = t !== undefined ? edit.disks.get(t) : undefined;
      if (to === undefined || t === undefined) return raw;
      const at = raw.lastIndexOf(t);
      return raw.slice(0, at) + to + raw.slice(at + t.length);
    });
    if (next.some((d, i) => d !== disks[i])) doc = setSetting(doc, 'disk', next);
  }
  const vifs = listOf(doc, 'vif');
  if (vifs) {
    const next = vifs.map((raw) =>
      raw.replace(
        /(^|,)(\s*)mac\s*=\s*[0-9A-Fa-f:]+/,
        (_m, sep: string, ws: string) => `${sep}${ws}mac=${edit.newMac()}`,
      ),
    );
    if (next.some((v, i) => v !== vifs[i])) doc = setSetting(doc, 'vif', next);
  }
  return printXlCfg(doc);
}

/**
 * Where a clone's copy of a disk goes: the source's directory, the domain name in the file name
 * replaced (webserver.img → web2.img), else NEW-VDEV.EXT.
 */
export function cloneDiskPath(source: string, oldName: string, newName: string, vdev: string): string {
  const slash = source.lastIndexOf('/');
  const dir = source.slice(0, slash + 1);
  const base = source.slice(slash + 1);
  if (oldName && base.includes(oldName)) return dir + base.split(oldName).join(newName);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot) : '.img';
  return `${dir}${newName}-${vdev}${ext}`;
}

/** A random MAC in Xen's OUI 00:16:3e (locally unique enough; xl does the same). */
export function randomXenMac(rand: () => number = Math.random): string {
  const b = () =>
    Math.floor(rand() * 256)
      .toString(16)
      .padStart(2, '0');
  return `00:16:3e:${(Math.floor(rand() * 128) & 0x7f).toString(16).padStart(2, '0')}:${b()}:${b()}`;
}
