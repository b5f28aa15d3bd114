// Host-aware validation of a create-wizard spec: every problem as a message for ONE field
// (paths like "name", "memoryMiB", "disks.0.sizeGiB", "nics.1.bridge", "source.iso"). Pure, so
// the wizard shows messages as the user types; the backend runs it again (plus the checks only
// the host can answer: does a file exist) before anything is created.
//
// Allowed directories (why: the backend runs as root on dom0, so a path is checked before it
// reaches truncate, qemu-img or xl):
// - new images: below one of CreateOptions.storageDirs (what getCreateOptions found with df);
// - ISOs, kernels, initrds and existing images: below SOURCE_DIRS (the usual places for them on
//   a Debian/Xen host) or a storage directory; existing disks may also be block devices in /dev.
import type { ZodIssue } from 'zod';
import { MAC_RE } from '../schemas';
import { CreateSpecSchema, type CreateFieldError, type CreateOptions, type CreateSpec } from './spec';
import { BOOT_DIR, diskTarget, networkBootPaths } from './xlcfgGen';

export const SOURCE_DIRS = [
  '/var/lib/xen',
  '/var/lib/libvirt/images',
  '/var/lib/libvirt/boot',
  '/srv',
  '/data',
  '/home',
  '/root',
  '/opt',
  '/mnt',
  '/media',
  '/tmp',
  '/var/tmp',
  '/boot',
];
/** Block devices a guest may get: LVM, device-mapper, whole disks and partitions, md, drbd. */
export const DEVICE_DIR = '/dev';
/** /dev nodes that are never a guest's disk */
const NOT_DISKS =
  /^\/dev\/(?:null|zero|full|u?random|tty\S*|console|ptmx|pts|shm|mem|kmem|port|stdin|stdout|stderr|fd|xen)(?:\/|$)/;

export const VNC_PASSWORD_MAX = 8;
const GiB = 1024 ** 3;

/** `p` lies strictly below directory `dir`. */
export function isBelow(p: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : `${dir}/`;
  return p.startsWith(d) && p.length > d.length;
}

const fmtGiB = (bytes: number): string => `${(bytes / GiB).toFixed(bytes < 10 * GiB ? 1 : 0)} GiB`;

function sourceDirOk(p: string, options: CreateOptions): boolean {
  return [...SOURCE_DIRS, ...options.storageDirs.map((s) => s.path)].some((d) => isBelow(p, d));
}

const sourceDirsText = (options: CreateOptions): string =>
  [...new Set([...options.storageDirs.map((s) => s.path), ...SOURCE_DIRS])].join(', ');

/** Host-aware checks of a schema-valid spec. */
export function validateSpec(spec: CreateSpec, options: CreateOptions): CreateFieldError[] {
  const errs: CreateFieldError[] = [];
  const add = (path: string, message: string) => {
    if (!errs.some((e) => e.path === path)) errs.push({ path, message });
  };
  const hvm = spec.type === 'hvm';
  const typeName = spec.type.toUpperCase();

  // --- name
  if (options.usedNames.some((n) => n === spec.name))
    add('name', `A domain named ${spec.name} already exists on this host (running or defined in /etc/xen).`);
  else if (/^\d+$/.test(spec.name))
    add('name', 'A name of digits only would be taken for a domain id by xl: add a letter.');
  else if (spec.name === 'Domain-0') add('name', 'Domain-0 is the host itself.');

  // --- type
  if (hvm && !options.hvm)
    add(
      'type',
      "This host cannot run HVM guests (xl info's virt_caps has no hvm: VT-x/AMD-V is off or missing).",
    );
  if (spec.type === 'pvh' && !options.pvh)
    add('type', 'This host cannot run PVH guests (they need hardware virtualisation: virt_caps has no hvm).');

  // --- memory and vCPUs
  if (spec.memoryMiB > options.freeMemoryMiB)
    add(
      'memoryMiB',
      `Only ${options.freeMemoryMiB} MiB of memory are free on this host (xl info free_memory).`,
    );
  if (spec.maxmemMiB !== undefined) {
    if (spec.maxmemMiB < spec.memoryMiB)
      add('maxmemMiB', `The maximum memory must be at least the memory (${spec.memoryMiB} MiB).`);
    else if (options.totalMemoryMiB > 0 && spec.maxmemMiB > options.totalMemoryMiB)
      add('maxmemMiB', `The host has ${options.totalMemoryMiB} MiB of memory in all.`);
  }
  if (spec.vcpus > options.cpus)
    add(
      'vcpus',
      `The host has ${options.cpus} physical CPU${options.cpus === 1 ? '' : 's'}: give at most ${options.cpus} vCPUs.`,
    );
  if (spec.maxvcpus !== undefined && spec.maxvcpus < spec.vcpus)
    add('maxvcpus', `The maximum vCPUs must be at least the vCPUs (${spec.vcpus}).`);

  // --- install source
  const src = spec.source;
  switch (src.kind) {
    case 'cdrom':
      if (!hvm)
        add(
          'source.iso',
          `${typeName} guests cannot boot an ISO image (no emulated CD-ROM or BIOS): choose HVM, or a network install from the distribution's tree.`,
        );
      else if (!sourceDirOk(src.iso, options))
        add('source.iso', `Choose an ISO below one of ${sourceDirsText(options)}.`);
      break;
    case 'kernel':
      if (!sourceDirOk(src.kernel, options))
        add('source.kernel', `Choose a kernel below one of ${sourceDirsText(options)}.`);
      if (src.ramdisk !== undefined && !sourceDirOk(src.ramdisk, options))
        add('source.ramdisk', `Choose an initrd below one of ${sourceDirsText(options)}.`);
      break;
    case 'network':
      if (spec.nics.length === 0) add('nics', 'A network install needs a network interface.');
      if (options.fetchTool === null)
        add(
          'source.url',
          'Neither curl nor wget is installed on the host: install one to fetch the installer.',
        );
      break;
    case 'pxe':
      if (spec.nics.length === 0) add('nics', 'Network boot (PXE) needs a network interface.');
      if (spec.type === 'pvh')
        add('source', 'PVH guests cannot boot from the network: choose HVM (or PV with pypxeboot).');
      else if (spec.type === 'pv' && !options.pypxeboot)
        add(
          'source',
          'PV network boot needs pypxeboot, which is not installed on this host: choose HVM for PXE.',
        );
      break;
    case 'import': {
      const first = spec.disks[0];
      if (!first)
        add('disks', 'An imported guest boots from its first disk: add the existing image or device.');
      else if (first.kind !== 'existing')
        add(
          'disks.0',
          'An imported guest boots from its first disk: make it the existing image or device with the OS.',
        );
      if (!hvm && !options.pygrub)
        add(
          'source',
          `${typeName} guests boot an imported disk with pygrub, which is not installed on this host.`,
        );
      break;
    }
  }

  // --- disks
  const targets = new Map<string, number>();
  const lvUse = new Map<string, number>();
  spec.disks.forEach((d, i) => {
    const at = `disks.${i}`;
    const target = diskTarget(d);
    const prev = targets.get(target);
    if (prev !== undefined)
      add(d.kind === 'lvm' ? `${at}.lv` : `${at}.path`, `Disk ${prev + 1} uses ${target} already.`);
    targets.set(target, i);
    if (src.kind === 'cdrom' && target === src.iso) add(`${at}.path`, 'This is the install ISO.');
    switch (d.kind) {
      case 'file': {
        const dir = options.storageDirs.find((s) => isBelow(d.path, s.path));
        if (!dir)
          add(
            `${at}.path`,
            options.storageDirs.length
              ? `New images go below one of ${options.storageDirs.map((s) => s.path).join(', ')}.`
              : 'The host has no storage directory for new images (e.g. /var/lib/xen/images).',
          );
        // no space check: raw images are sparse and qcow2 grows, both as the guest writes
        else if (isBelow(d.path, BOOT_DIR))
          add(`${at}.path`, `${BOOT_DIR} holds installer kernels, not disk images.`);
        break;
      }
      case 'lvm': {
        const vg = options.volumeGroups.find((v) => v.name === d.vg);
        if (!vg) {
          add(
            `${at}.vg`,
            options.volumeGroups.length
              ? `No volume group ${d.vg} on this host (there are ${options.volumeGroups.map((v) => v.name).join(', ')}).`
              : 'This host has no LVM volume group.',
          );
          break;
        }
        if (vg.lvs?.includes(d.lv)) add(`${at}.lv`, `${d.vg} already has a logical volume named ${d.lv}.`);
        const used = (lvUse.get(d.vg) ?? 0) + d.sizeGiB * GiB;
        lvUse.set(d.vg, used);
        if (used > vg.freeBytes)
          add(
            `${at}.sizeGiB`,
            `${d.vg} has ${fmtGiB(vg.freeBytes)} free${used > d.sizeGiB * GiB ? ' for all its new volumes' : ''}.`,
          );
        break;
      }
      case 'existing':
        if (isBelow(d.path, DEVICE_DIR)) {
          if (NOT_DISKS.test(d.path)) add(`${at}.path`, `${d.path} is not a disk.`);
        } else if (!sourceDirOk(d.path, options))
          add(
            `${at}.path`,
            `Choose an image below one of ${sourceDirsText(options)}, or a block device in /dev.`,
          );
        break;
    }
  });

  // --- network
  const macs = new Map<string, number>();
  const used = new Set(options.usedMacs.map((m) => m.toLowerCase()));
  spec.nics.forEach((n, i) => {
    if (!options.bridges.includes(n.bridge))
      add(
        `nics.${i}.bridge`,
        options.bridges.length
          ? `The host has no bridge ${n.bridge} (it has ${options.bridges.join(', ')}).`
          : 'The host has no network bridge: create one (e.g. xenbr0) first.',
      );
    if (n.mac === undefined) return;
    const mac = n.mac.toLowerCase();
    if (!MAC_RE.test(mac)) return;
    if (parseInt(mac.slice(0, 2), 16) & 1)
      add(`nics.${i}.mac`, 'This is a multicast address: the first byte must be even.');
    else if (used.has(mac)) add(`nics.${i}.mac`, 'Another domain on this host uses this MAC.');
    const prev = macs.get(mac);
    if (prev !== undefined) add(`nics.${i}.mac`, `Network interface ${prev + 1} uses this MAC already.`);
    macs.set(mac, i);
  });

  // --- graphics
  const pw = spec.graphics.password;
  if (pw !== undefined && pw.length > VNC_PASSWORD_MAX)
    add('graphics.password', `VNC passwords are at most ${VNC_PASSWORD_MAX} characters.`);
  if (pw && !spec.graphics.vnc) add('graphics.password', 'A password needs VNC on.');
  return errs;
}

/** Zod's issues as field errors (paths joined with "."). */
export function schemaFieldErrors(issues: readonly ZodIssue[]): CreateFieldError[] {
  const out: CreateFieldError[] = [];
  for (const i of issues) {
    const path = i.path.join('.') || 'spec';
    if (!out.some((e) => e.path === path)) out.push({ path, message: i.message });
  }
  return out;
}

/** Schema + host checks of raw wizard input: the spec when the schema accepts it. */
export function validateSpecInput(
  input: unknown,
  options: CreateOptions,
): { spec: CreateSpec | null; errors: CreateFieldError[] } {
  const r = CreateSpecSchema.safeParse(input);
  if (!r.success) return { spec: null, errors: schemaFieldErrors(r.error.issues) };
  return { spec: r.data, errors: validateSpec(r.data, options) };
}

/** Paths a create makes on the host (checked by the backend: none may exist yet). */
export function newPaths(spec: CreateSpec): { path: string; field: string }[] {
  const out: { path: string; field: string }[] = [{ path: `/etc/xen/${spec.name}.cfg`, field: 'name' }];
  spec.disks.forEach((d, i) => {
    if (d.kind === 'file') out.push({ path: d.path, field: `disks.${i}.path` });
    if (d.kind === 'lvm') out.push({ path: `/dev/${d.vg}/${d.lv}`, field: `disks.${i}.lv` });
  });
  if (spec.source.kind === 'network')
    out.push({ path: networkBootPaths(spec.name).dir, field: 'source.url' });
  return out;
}
