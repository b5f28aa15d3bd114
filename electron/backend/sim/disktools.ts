// Disk tools of the simulated dom0: `qemu-img create/info` (qcow2 files get a real qcow2 v3
// header, raw ones are sparse) and LVM2's `vgs`, `lvs`, `lvcreate`, `lvremove` (Debian 12's
// LVM 2.03 wording). Volume groups are their metadata backups in /etc/lvm/backup/VG (as on a
// real host); a logical volume is /dev/VG/LV -> ../dm-N, where /dev/dm-N is a sparse file the
// sim presents as a block device (SimFs.BLOCK_DEVICE_RE) — nothing is ever allocated in memory.
import nodeFs from 'node:fs';
import { FsError, normalizeVirtual } from './fs';
import type { SimHost } from './model';
import { warn, type CommandTable, type Proc } from './proc';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const BACKUP_DIR = '/etc/lvm/backup';

// ------------------------------------------------------------------------------- qemu-img

/** qemu's size syntax: bytes, or k/K M G T suffixes (binary); "10G", "512M", "1.5G". */
export function parseQemuSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([kKMGTPE]?)$/.exec(s);
  if (!m) return null;
  const pow: Record<string, number> = { '': 0, k: 1, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
  const n = Number(m[1]) * 1024 ** pow[m[2]!]!;
  return Number.isFinite(n) ? Math.round(n) : null;
}

const CLUSTER = 65536;

/** The first clusters of a fresh qcow2 v3 image (header, refcount table + block, L1 table). */
export function qcow2Image(size: number): Buffer {
  const l2Entries = CLUSTER / 8;
  const l1Size = Math.max(1, Math.ceil(size / (l2Entries * CLUSTER)));
  const l1Offset = 3 * CLUSTER;
  const buf = Buffer.alloc(l1Offset + l1Size * 8);
  buf.write('QFI\xfb', 0, 'latin1');
  buf.writeUInt32BE(3, 4); // version
  buf.writeBigUInt64BE(0n, 8); // backing file offset
  buf.writeUInt32BE(0, 16); // backing file size
  buf.writeUInt32BE(16, 20); // cluster_bits
  buf.writeBigUInt64BE(BigInt(size), 24);
  buf.writeUInt32BE(0, 32); // crypt method
  buf.writeUInt32BE(l1Size, 36);
  buf.writeBigUInt64BE(BigInt(l1Offset), 40);
  buf.writeBigUInt64BE(BigInt(CLUSTER), 48); // refcount table offset
  buf.writeUInt32BE(1, 56); // refcount table clusters
  buf.writeUInt32BE(0, 60); // snapshots
  buf.writeBigUInt64BE(0n, 64);
  buf.writeBigUInt64BE(0n, 72); // incompatible features
  buf.writeBigUInt64BE(0n, 80); // compatible features
  buf.writeBigUInt64BE(0n, 88); // autoclear features
  buf.writeUInt32BE(4, 96); // refcount_order (16-bit refcounts)
  buf.writeUInt32BE(112, 100); // header length
  buf.writeBigUInt64BE(BigInt(2 * CLUSTER), CLUSTER); // refcount table → refcount block
  for (let c = 0; c < 4; c++) buf.writeUInt16BE(1, 2 * CLUSTER + c * 2); // clusters 0-3 in use
  return buf;
}

function humanQemu(n: number): string {
  const u = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return `${n} bytes`;
  return `${Number.isInteger(v) ? v : v.toFixed(3).replace(/\.?0+$/, '')} ${u[i]}`;
}

const qemuImg = async (argv: string[], p: Proc): Promise<number> => {
  const sub = argv[1];
  const args = argv.slice(2);
  const opts = new Map<string, string>();
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      ops.push(...args.slice(i + 1));
      break;
    }
    if (a === '-f' || a === '-o' || a === '-F' || a === '-b') opts.set(a, args[++i] ?? '');
    else if (a.startsWith('--output=')) opts.set('--output', a.slice(9));
    else if (a.startsWith('-')) opts.set(a, '');
    else ops.push(a);
  }
  const fsx = p.host.fs;
  if (sub === 'create') {
    const fmt = opts.get('-f') ?? 'raw';
    const [file, sizeArg] = ops;
    if (!file) {
      await warn(p, 'qemu-img: Expecting image file name');
      return 1;
    }
    const size = sizeArg === undefined ? null : parseQemuSize(sizeArg);
    if (size === null) {
      await warn(
        p,
        sizeArg === undefined
          ? `qemu-img: ${file}: Image creation needs a size parameter`
          : 'qemu-img: Invalid image size specified. You may use k, M, G, T, P or E suffixes for\nqemu-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.',
      );
      return 1;
    }
    if (fmt !== 'raw' && fmt !== 'qcow2') {
      await warn(p, `qemu-img: ${file}: Unknown file format '${fmt}'`);
      return 1;
    }
    try {
      // qemu-img truncates an existing file (callers must check first)
      if (fmt === 'qcow2') fsx.writeFile(file, qcow2Image(size), { cwd: p.cwd });
      else {
        fsx.writeFile(file, '', { cwd: p.cwd });
        fsx.truncate(file, size, p.cwd);
      }
    } catch (e) {
      const why = e instanceof FsError ? e.reason : (e as Error).message;
      await warn(p, `qemu-img: ${file}: Could not create '${file}': ${why}`);
      return 1;
    }
    if (!opts.has('-q'))
      await p.stdout.write(
        fmt === 'qcow2'
          ? `Formatting '${file}', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=${size} lazy_refcounts=off refcount_bits=16\n`
          : `Formatting '${file}', fmt=raw size=${size}\n`,
      );
    return 0;
  }
  if (sub === 'info') {
    const file = ops[0];
    if (!file) {
      await warn(p, 'qemu-img: Expecting one image file name');
      return 1;
    }
    let head: Buffer;
    let st;
    try {
      st = fsx.stat(file, p.cwd);
      const fd = fsx.open(file, 'r', 0o644, p.cwd);
      try {
        head = Buffer.alloc(104);
        nodeFs.readSync(fd, head, 0, 104, 0);
      } finally {
        nodeFs.closeSync(fd);
      }
    } catch (e) {
      const why = e instanceof FsError ? e.reason : (e as Error).message;
      await warn(p, `qemu-img: Could not open '${file}': Could not open '${file}': ${why}`);
      return 1;
    }
    const qcow = head.subarray(0, 4).toString('latin1') === 'QFI\xfb';
    const virtual = qcow
      ? Number(head.readBigUInt64BE(24))
      : st.isBlockDevice
        ? fsx.deviceSize(file, p.cwd)
        : st.size;
    const disk = st.blocks * 512;
    let out = `image: ${file}\nfile format: ${qcow ? 'qcow2' : 'raw'}\nvirtual size: ${humanQemu(virtual)} (${virtual} bytes)\ndisk size: ${humanQemu(disk).replace(' bytes', ' B')}\n`;
    if (qcow)
      out +=
        'cluster_size: 65536\nFormat specific information:\n    compat: 1.1\n    compression type: zlib\n    lazy refcounts: false\n    refcount bits: 16\n    corrupt: false\n    extended l2: false\n';
    if (opts.get('--output') === 'json')
      out =
        JSON.stringify(
          {
            'virtual-size': virtual,
            filename: file,
            ...(qcow ? { 'cluster-size': 65536 } : {}),
            format: qcow ? 'qcow2' : 'raw',
            'actual-size': disk,
            'dirty-flag': false,
          },
          null,
          4,
        ) + '\n';
    await p.stdout.write(out);
    return 0;
  }
  await warn(
    p,
    sub
      ? `qemu-img: Command not found: ${sub}`
      : "qemu-img: Not enough arguments\nTry 'qemu-img --help' for more information",
  );
  return 1;
};

// ------------------------------------------------------------------------------------ LVM

export interface SimVg {
  name: string;
  extentBytes: number;
  extents: number;
  pv: string;
}

export interface SimLv {
  vg: string;
  name: string;
  sizeBytes: number;
  /** /dev/dm-N */
  dev: string;
}

/** LVM2 text metadata, as vgcfgbackup writes it (the fields the sim reads back). */
function vgMetadata(vg: SimVg, lvs: SimLv[], seqno: number): string {
  const ext = vg.extentBytes / 512;
  let s = `# Generated by LVM2 version 2.03.16(2) (2022-05-18)\n\ncontents = "Text Format Volume Group"\nversion = 1\n\n${vg.name} {\n\tseqno = ${seqno}\n\tformat = "lvm2"\n\tstatus = ["RESIZEABLE", "READ", "WRITE"]\n\textent_size = ${ext}\n\tmax_lv = 0\n\tmax_pv = 0\n\n\tphysical_volumes {\n\n\t\tpv0 {\n\t\t\tdevice = "${vg.pv}"\n\t\t\tstatus = ["ALLOCATABLE"]\n\t\t\tdev_size = ${(vg.extents + 1) * ext}\n\t\t\tpe_start = 2048\n\t\t\tpe_count = ${vg.extents}\n\t\t}\n\t}\n`;
  if (lvs.length) {
    s += '\n\tlogical_volumes {\n';
    let start = 0;
    for (const lv of lvs) {
      const n = Math.ceil(lv.sizeBytes / vg.extentBytes);
      s += `\n\t\t${lv.name} {\n\t\t\tstatus = ["READ", "WRITE", "VISIBLE"]\n\t\t\tsegment_count = 1\n\n\t\t\tsegment1 {\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = ${n}\n\t\t\t\ttype = "striped"\n\t\t\t\tstripe_count = 1\n\t\t\t\tstripes = [\n\t\t\t\t\t"pv0", ${start}\n\t\t\t\t]\n\t\t\t}\n\t\t}\n`;
      start += n;
    }
    s += '\t}\n';
  }
  return s + '}\n';
}

export function listVgs(host: SimHost): SimVg[] {
  const fsx = host.fs;
  if (!fsx.tryStat(BACKUP_DIR)?.isDirectory) return [];
  const out: SimVg[] = [];
  for (const f of fsx.readdir(BACKUP_DIR)) {
    const text = fsx.readText(`${BACKUP_DIR}/${f}`);
    const name = /^(\S+) \{/m.exec(text)?.[1];
    const ext = Number(/extent_size = (\d+)/.exec(text)?.[1]);
    const count = Number(/pe_count = (\d+)/.exec(text)?.[1]);
    const pv = /device = "([^"]+)"/.exec(text)?.[1] ?? '/dev/xvdb';
    if (name && ext > 0 && count > 0) out.push({ name, extentBytes: ext * 512, extents: count, pv });
  }
  return out;
}

export function listLvs(host: SimHost, vgName?: string): SimLv[] {
  const fsx = host.fs;
  const out: SimLv[] = [];
  for (const vg of listVgs(host)) {
    if (vgName !== undefined && vg.name !== vgName) continue;
    const dir = `/dev/${vg.name}`;
    if (!fsx.tryStat(dir)?.isDirectory) continue;
    for (const name of fsx.readdir(dir)) {
      const link = `${dir}/${name}`;
      if (!fsx.tryLstat(link)?.isSymlink) continue;
      const dev = normalizeVirtual(fsx.readlink(link), dir);
      const st = fsx.tryStat(dev);
      if (!st?.isBlockDevice) continue;
      out.push({ vg: vg.name, name, sizeBytes: fsx.deviceSize(dev), dev });
    }
  }
  return out;
}

function usedExtents(vg: SimVg, lvs: SimLv[]): number {
  return lvs.filter((l) => l.vg === vg.name).reduce((s, l) => s + Math.ceil(l.sizeBytes / vg.extentBytes), 0);
}

function writeBackup(host: SimHost, vg: SimVg): void {
  const file = `${BACKUP_DIR}/${vg.name}`;
  const seq = Number(/seqno = (\d+)/.exec(host.fs.tryStat(file) ? host.fs.readText(file) : '')?.[1] ?? 0) + 1;
  host.fs.writeFile(file, vgMetadata(vg, listLvs(host, vg.name), seq));
}

/** Seed a volume group (scenarios). */
export function seedVg(host: SimHost, name: string, sizeBytes: number, pv: string): void {
  const fsx = host.fs;
  if (fsx.tryStat(`${BACKUP_DIR}/${name}`)) return;
  fsx.mkdir(BACKUP_DIR, { recursive: true });
  const vg = { name, extentBytes: 4 * MiB, extents: Math.floor(sizeBytes / (4 * MiB)) - 1, pv };
  fsx.writeFile(`${BACKUP_DIR}/${name}`, vgMetadata(vg, [], 1));
}

/** Make an LV: /dev/dm-N (sparse) + /dev/VG/LV and /dev/mapper/VG-LV links. */
export function makeLv(host: SimHost, vg: string, name: string, sizeBytes: number): SimLv {
  const fsx = host.fs;
  fsx.mkdir('/dev/mapper', { recursive: true });
  fsx.mkdir(`/dev/${vg}`, { recursive: true });
  let n = 0;
  while (fsx.tryLstat(`/dev/dm-${n}`)) n++;
  const dev = `/dev/dm-${n}`;
  fsx.truncate(dev, sizeBytes);
  fsx.chmod(dev, 0o660);
  fsx.symlink(`../dm-${n}`, `/dev/${vg}/${name}`);
  // device-mapper doubles the dashes inside VG and LV names
  fsx.symlink(`../dm-${n}`, `/dev/mapper/${vg.replace(/-/g, '--')}-${name.replace(/-/g, '--')}`);
  return { vg, name, sizeBytes, dev };
}

function removeLv(host: SimHost, lv: SimLv): void {
  const fsx = host.fs;
  for (const p of [
    `/dev/${lv.vg}/${lv.name}`,
    `/dev/mapper/${lv.vg.replace(/-/g, '--')}-${lv.name.replace(/-/g, '--')}`,
    lv.dev,
  ])
    if (fsx.tryLstat(p)) fsx.unlink(p);
  if (fsx.tryStat(`/dev/${lv.vg}`)?.isDirectory && fsx.readdir(`/dev/${lv.vg}`).length === 0)
    fsx.rmdir(`/dev/${lv.vg}`);
}

/** LVM's short sizes: "4.00g", "<60.00g" when rounded down. */
function lvmSize(bytes: number, units = 'h', suffix = true): string {
  if (units === 'b') return suffix ? `${bytes}B` : String(bytes);
  const table: [string, number][] = [
    ['t', 1024 ** 4],
    ['g', GiB],
    ['m', MiB],
    ['k', 1024],
  ];
  const [u, div] =
    units === 'h'
      ? (table.find(([, d]) => bytes >= d) ?? ['k', 1024])
      : (table.find(([x]) => x === units.toLowerCase()) ?? ['g', GiB]);
  const v = bytes / div;
  const fixed = v.toFixed(2);
  // LVM marks a rounded-up figure: "<64.00g" = a little less than 64 GiB
  return `${Number(fixed) > v + 1e-9 ? '<' : ''}${fixed}${suffix ? u : ''}`;
}

async function notRoot(p: Proc): Promise<number> {
  await warn(
    p,
    '  WARNING: Running as a non-root user. Functionality may be unavailable.\n  /run/lock/lvm/P_global:aux: open failed: Permission denied',
  );
  return 5;
}

interface ReportArgs {
  noheadings: boolean;
  units: string;
  nosuffix: boolean;
  fields: string[] | null;
  separator: string | null;
  ops: string[];
}

function reportArgs(args: string[]): ReportArgs | string {
  const r: ReportArgs = {
    noheadings: false,
    units: 'h',
    nosuffix: false,
    fields: null,
    separator: null,
    ops: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string => {
      const eq = a.indexOf('=');
      return eq > 0 ? a.slice(eq + 1) : (args[++i] ?? '');
    };
    if (a === '--noheadings') r.noheadings = true;
    else if (a === '--nosuffix') r.nosuffix = true;
    else if (a === '--units' || a.startsWith('--units=')) r.units = val();
    else if (a === '-o' || a === '--options' || a.startsWith('--options='))
      r.fields = val().split(',').filter(Boolean);
    else if (a.startsWith('-o') && a.length > 2) r.fields = a.slice(2).split(',').filter(Boolean);
    else if (a === '--separator' || a.startsWith('--separator=')) r.separator = val();
    else if (a.startsWith('-')) return `Unrecognised option ${a}`;
    else r.ops.push(a);
  }
  return r;
}

function table(rows: string[][], headers: string[], r: ReportArgs, rightAlign: Set<number>): string {
  const all = r.noheadings ? rows : [headers, ...rows];
  if (r.separator !== null)
    return all.map((row) => `  ${row.join(r.separator!)}`).join('\n') + (all.length ? '\n' : '');
  const w = headers.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return (
    all
      .map((row, n) =>
        // headings are left-aligned; numbers right-aligned below them
        `  ${row.map((c, i) => (rightAlign.has(i) && (r.noheadings || n > 0) ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join(' ')}`.trimEnd(),
      )
      .join('\n') + (all.length ? '\n' : '')
  );
}

const vgs = async (argv: string[], p: Proc): Promise<number> => {
  if (!p.user.root) return notRoot(p);
  const r = reportArgs(argv.slice(1));
  if (typeof r === 'string') {
    await warn(p, `vgs: ${r}`);
    return 3;
  }
  const all = listVgs(p.host);
  const lvs = listLvs(p.host);
  for (const n of r.ops)
    if (!all.some((v) => v.name === n)) {
      await warn(p, `  Volume group "${n}" not found\n  Cannot process volume group ${n}`);
      return 5;
    }
  const chosen = r.ops.length ? all.filter((v) => r.ops.includes(v.name)) : all;
  const fields = r.fields ?? [
    'vg_name',
    'pv_count',
    'lv_count',
    'snap_count',
    'vg_attr',
    'vg_size',
    'vg_free',
  ];
  const heads: Record<string, string> = {
    vg_name: 'VG',
    pv_count: '#PV',
    lv_count: '#LV',
    snap_count: '#SN',
    vg_attr: 'Attr',
    vg_size: 'VSize',
    vg_free: 'VFree',
    vg_extent_size: 'Ext',
  };
  const rows = chosen.map((vg) => {
    const used = usedExtents(vg, lvs);
    const val: Record<string, string> = {
      vg_name: vg.name,
      pv_count: '1',
      lv_count: String(lvs.filter((l) => l.vg === vg.name).length),
      snap_count: '0',
      vg_attr: 'wz--n-',
      vg_size: lvmSize(vg.extents * vg.extentBytes, r.units, !r.nosuffix),
      vg_free: lvmSize((vg.extents - used) * vg.extentBytes, r.units, !r.nosuffix),
      vg_extent_size: lvmSize(vg.extentBytes, r.units, !r.nosuffix),
    };
    return fields.map((f) => val[f] ?? '');
  });
  for (const f of fields)
    if (!(f in heads)) {
      await warn(p, `  Unrecognised field: ${f}`);
      return 3;
    }
  const right = new Set(
    fields.map((f, i) => (['vg_name', 'vg_attr'].includes(f) ? -1 : i)).filter((i) => i >= 0),
  );
  await p.stdout.write(
    table(
      rows,
      fields.map((f) => heads[f]!),
      r,
      right,
    ),
  );
  return 0;
};

const lvs = async (argv: string[], p: Proc): Promise<number> => {
  if (!p.user.root) return notRoot(p);
  const r = reportArgs(argv.slice(1));
  if (typeof r === 'string') {
    await warn(p, `lvs: ${r}`);
    return 3;
  }
  const vgNames = listVgs(p.host).map((v) => v.name);
  let all = listLvs(p.host);
  if (r.ops.length) {
    const picked: typeof all = [];
    for (const o of r.ops) {
      const [vg, lv] = o.replace(/^\/dev\//, '').split('/');
      if (!vg || !vgNames.includes(vg)) {
        await warn(p, `  Volume group "${vg}" not found\n  Cannot process volume group ${vg}`);
        return 5;
      }
      const hit = all.filter((l) => l.vg === vg && (lv === undefined || l.name === lv));
      if (lv !== undefined && hit.length === 0) {
        await warn(p, `  Failed to find logical volume "${vg}/${lv}"`);
        return 5;
      }
      picked.push(...hit);
    }
    all = picked;
  }
  const fields = r.fields ?? [
    'lv_name',
    'vg_name',
    'lv_attr',
    'lv_size',
    'pool_lv',
    'origin',
    'data_percent',
    'metadata_percent',
    'move_pv',
    'mirror_log',
    'copy_percent',
    'convert_lv',
  ];
  const heads: Record<string, string> = {
    lv_name: 'LV',
    vg_name: 'VG',
    lv_attr: 'Attr',
    lv_size: 'LSize',
    lv_path: 'Path',
    lv_dm_path: 'DMPath',
    pool_lv: 'Pool',
    origin: 'Origin',
    data_percent: 'Data%',
    metadata_percent: 'Meta%',
    move_pv: 'Move',
    mirror_log: 'Log',
    copy_percent: 'Cpy%Sync',
    convert_lv: 'Convert',
  };
  for (const f of fields)
    if (!(f in heads)) {
      await warn(p, `  Unrecognised field: ${f}`);
      return 3;
    }
  const open = openDevices(p.host);
  const rows = all.map((l) => {
    const val: Record<string, string> = {
      lv_name: l.name,
      vg_name: l.vg,
      lv_attr: open.has(l.dev) ? '-wi-ao----' : '-wi-a-----',
      lv_size: lvmSize(l.sizeBytes, r.units, !r.nosuffix),
      lv_path: `/dev/${l.vg}/${l.name}`,
      lv_dm_path: `/dev/mapper/${l.vg.replace(/-/g, '--')}-${l.name.replace(/-/g, '--')}`,
    };
    return fields.map((f) => val[f] ?? '');
  });
  const right = new Set(fields.map((f, i) => (f === 'lv_size' ? i : -1)).filter((i) => i >= 0));
  await p.stdout.write(
    table(
      rows,
      fields.map((f) => heads[f]!),
      r,
      right,
    ),
  );
  return 0;
};

/** /dev/dm-N devices a running domain has open (its phy: disks). */
function openDevices(host: SimHost): Set<string> {
  const out = new Set<string>();
  for (const d of host.list()) {
    for (const k of d.config.disks) {
      if (!k.pdevPath) continue;
      try {
        out.add(host.fs.realpath(k.pdevPath));
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

/** lvcreate's size: number with an optional unit (default MiB); b s k m g t p e, either case. */
function parseLvmSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([bBsSkKmMgGtTpPeE]?)$/.exec(s);
  if (!m) return null;
  const unit = (m[2] || 'm').toLowerCase();
  const mult: Record<string, number> = {
    b: 1,
    s: 512,
    k: 1024,
    m: MiB,
    g: GiB,
    t: 1024 ** 4,
    p: 1024 ** 5,
    e: 1024 ** 6,
  };
  return Math.round(Number(m[1]) * mult[unit]!);
}

const lvcreate = async (argv: string[], p: Proc): Promise<number> => {
  if (!p.user.root) return notRoot(p);
  const args = argv.slice(1);
  let size: string | undefined;
  let name: string | undefined;
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-L' || a === '--size') size = args[++i];
    else if (a.startsWith('--size=')) size = a.slice(7);
    else if (/^-L.+/.test(a)) size = a.slice(2);
    else if (a === '-n' || a === '--name') name = args[++i];
    else if (a.startsWith('--name=')) name = a.slice(7);
    else if (/^-n.+/.test(a)) name = a.slice(2);
    else if (a === '-y' || a === '--yes' || a === '-q' || a === '--quiet') continue;
    else if (a === '-W' || a === '--wipesignatures' || a === '-Z' || a === '--zero') i++;
    else if (a.startsWith('-')) {
      await warn(p, `lvcreate: unrecognized option '${a}'\n  Error during parsing of command line.`);
      return 3;
    } else ops.push(a);
  }
  const vgName = ops[0]?.split('/')[0];
  if (!vgName) {
    await warn(p, "  Please specify a logical volume path.\n  Run `lvcreate --help' for more information.");
    return 3;
  }
  if (size === undefined) {
    await warn(
      p,
      "  Please specify either size or extents (not both).\n  Run `lvcreate --help' for more information.",
    );
    return 3;
  }
  const bytes = parseLvmSize(size);
  if (bytes === null || bytes <= 0) {
    await warn(p, `  Invalid argument for --size: ${size}\n  Error during parsing of command line.`);
    return 3;
  }
  const vg = listVgs(p.host).find((v) => v.name === vgName);
  if (!vg) {
    await warn(p, `  Volume group "${vgName}" not found\n  Cannot process volume group ${vgName}`);
    return 5;
  }
  const lvsNow = listLvs(p.host);
  const lvName = name ?? `lvol${lvsNow.filter((l) => l.vg === vg.name).length}`;
  if (!/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/.test(lvName) || lvName === '.' || lvName === '..') {
    await warn(
      p,
      `  Logical volume name "${lvName}" is invalid.\n  Run \`lvcreate --help' for more information.`,
    );
    return 3;
  }
  if (lvsNow.some((l) => l.vg === vg.name && l.name === lvName)) {
    await warn(p, `  Logical Volume "${lvName}" already exists in volume group "${vg.name}"`);
    return 5;
  }
  const extents = Math.ceil(bytes / vg.extentBytes);
  const free = vg.extents - usedExtents(vg, lvsNow);
  if (extents > free) {
    await warn(
      p,
      `  Volume group "${vg.name}" has insufficient free space (${free} extents): ${extents} required.`,
    );
    return 5;
  }
  if (extents * vg.extentBytes !== bytes)
    await warn(
      p,
      `  Rounding up size to full physical extent ${lvmSize(extents * vg.extentBytes, 'h').replace(/([a-z])$/, (u) => ` ${u.toUpperCase()}iB`)}`,
    );
  makeLv(p.host, vg.name, lvName, extents * vg.extentBytes);
  writeBackup(p.host, vg);
  await p.stdout.write(`  Logical volume "${lvName}" created.\n`);
  return 0;
};

const lvremove = async (argv: string[], p: Proc): Promise<number> => {
  if (!p.user.root) return notRoot(p);
  const args = argv.slice(1).filter((a) => !['-f', '--force', '-y', '--yes', '-q'].includes(a));
  if (args.length === 0) {
    await warn(
      p,
      "  Please enter one or more logical volume paths.\n  Run `lvremove --help' for more information.",
    );
    return 3;
  }
  const vgsNow = listVgs(p.host);
  const open = openDevices(p.host);
  let status = 0;
  for (const a of args) {
    const rel = a.replace(/^\/dev\/(?:mapper\/)?/, '');
    const [vgName, lvName] = rel.split('/');
    const vg = vgsNow.find((v) => v.name === vgName);
    if (!vg) {
      await warn(p, `  Volume group "${vgName}" not found\n  Cannot process volume group ${vgName}`);
      status = 5;
      continue;
    }
    const lv = listLvs(p.host, vg.name).find((l) => l.name === lvName);
    if (!lv) {
      await warn(p, `  Failed to find logical volume "${vgName}/${lvName ?? ''}"`);
      status = 5;
      continue;
    }
    if (open.has(lv.dev)) {
      await warn(p, `  Logical volume ${vg.name}/${lv.name} in use.`);
      status = 5;
      continue;
    }
    removeLv(p.host, lv);
    writeBackup(p.host, vg);
    await p.stdout.write(`  Logical volume "${lv.name}" successfully removed.\n`);
  }
  return status;
};

export const DISKTOOLS: CommandTable = { 'qemu-img': qemuImg, vgs, lvs, lvcreate, lvremove };
