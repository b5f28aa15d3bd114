// The xl.cfg a create-wizard spec stands for (xl.cfg(5), xl-disk-configuration(5), Xen 4.17), and
// the way back: specFromXlCfg() reads a config with the project's parser (../xen/xlcfgRead.ts)
// into the part of a spec an xl.cfg can carry, so tests check generate → parse back = inputs.
// Pure: the wizard (preview), the backend and `xendesk create --print-config` share it.
import { formatValue } from '../xen/xlcfg';
import { formatDiskSpec, formatVifSpec, readXlCfgText } from '../xen/xlcfgRead';
import type { CreateDisk, CreateSpec, GuestType, InstallSource } from './spec';

/** Where a network install's kernel and initrd are fetched to on the host. */
export const BOOT_DIR = '/var/lib/xen/boot';
export const XEN_OUI = '00:16:3e';

export function networkBootPaths(name: string): { dir: string; kernel: string; ramdisk: string } {
  const dir = `${BOOT_DIR}/${name}`;
  return { dir, kernel: `${dir}/vmlinuz`, ramdisk: `${dir}/initrd` };
}

/** The console a guest type's kernel writes to: hvc0 (PV console) or ttyS0 (HVM's emulated UART). */
export const consoleArg = (type: GuestType): string => (type === 'hvm' ? 'console=ttyS0' : 'console=hvc0');

/** Default command line of a direct kernel boot. */
export const defaultCmdline = (type: GuestType): string => `root=/dev/xvda1 ${consoleArg(type)}`;

// ------------------------------------------------------------------------------------ MACs

/** A deterministic PRNG (mulberry32) seeded from a string (FNV-1a): same seed → same MACs. */
export function seededRng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A MAC in Xen's OUI 00:16:3e not in `used` (compared case-insensitively). Like libxl, the
 * fourth byte keeps its top bit clear.
 */
export function generateMac(used: Iterable<string>, rng: () => number): string {
  const taken = new Set([...used].map((m) => m.toLowerCase()));
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  for (let i = 0; i < 10000; i++) {
    const b = [Math.floor(rng() * 128), Math.floor(rng() * 256), Math.floor(rng() * 256)];
    const mac = `${XEN_OUI}:${b.map(hex).join(':')}`;
    if (!taken.has(mac)) return mac;
  }
  throw new Error('no free MAC address left in 00:16:3e');
}

/**
 * The MAC of every NIC: the given one, or one generated unique among `used` and the spec's
 * own. The seed makes a preview and the create that follows it agree.
 */
export function resolveMacs(spec: Pick<CreateSpec, 'nics'>, used: Iterable<string>, seed: string): string[] {
  const taken = new Set([...used].map((m) => m.toLowerCase()));
  for (const n of spec.nics) if (n.mac) taken.add(n.mac.toLowerCase());
  const rng = seededRng(seed);
  return spec.nics.map((n) => {
    if (n.mac) return n.mac.toLowerCase();
    const mac = generateMac(taken, rng);
    taken.add(mac);
    return mac;
  });
}

// ----------------------------------------------------------------------------------- disks

/**
 * Virtual devices in order. PV/PVH: xvda, xvdb… HVM: the emulated IDE disks hda, hdb, hdd with
 * hdc kept for the CD-ROM (the classic layout, and what boot="d" finds), then PV-only xvde…
 */
export function assignVdevs(
  type: GuestType,
  disks: number,
  cdrom: boolean,
): { disks: string[]; cdrom?: string } {
  const letter = (i: number) => String.fromCharCode(97 + i);
  if (type !== 'hvm') return { disks: Array.from({ length: disks }, (_, i) => `xvd${letter(i)}`) };
  const ide = cdrom ? ['hda', 'hdb', 'hdd'] : ['hda', 'hdb', 'hdc', 'hdd'];
  const out: string[] = [];
  for (let i = 0; i < disks; i++) out.push(i < ide.length ? ide[i]! : `xvd${letter(i + 1)}`);
  return cdrom ? { disks: out, cdrom: 'hdc' } : { disks: out };
}

/** Where a disk of the spec lives on the host. */
export function diskTarget(d: CreateDisk): string {
  return d.kind === 'lvm' ? `/dev/${d.vg}/${d.lv}` : d.path;
}

export interface PlannedDisk {
  vdev: string;
  target: string;
  format: 'raw' | 'qcow2';
  cdrom: boolean;
  /** a block device (LVM, /dev/…): backendtype=phy */
  phy: boolean;
  /** index in spec.disks (undefined for the install CD-ROM) */
  index?: number;
}

/**
 * The disks of the config, in order: the spec's disks, then the install CD-ROM (HVM).
 * `formats` overrides the format of existing disks (what the backend sniffed).
 */
export function planDisks(spec: CreateSpec, formats: Record<number, 'raw' | 'qcow2'> = {}): PlannedDisk[] {
  const cdrom = spec.source.kind === 'cdrom';
  const vdevs = assignVdevs(spec.type, spec.disks.length, cdrom);
  const out: PlannedDisk[] = spec.disks.map((d, i) => {
    const target = diskTarget(d);
    const format =
      d.kind === 'file' ? d.format : d.kind === 'existing' ? (formats[i] ?? d.format ?? 'raw') : 'raw';
    return { vdev: vdevs.disks[i]!, target, format, cdrom: false, phy: target.startsWith('/dev/'), index: i };
  });
  if (spec.source.kind === 'cdrom')
    out.push({
      vdev: vdevs.cdrom ?? 'xvdc',
      target: spec.source.iso,
      format: 'raw',
      cdrom: true,
      phy: false,
    });
  return out;
}

export function diskSpec(d: PlannedDisk): string {
  return formatDiskSpec({
    format: d.format,
    vdev: d.vdev,
    access: d.cdrom ? 'ro' : 'rw',
    ...(d.cdrom ? { devtype: 'cdrom' } : {}),
    ...(d.phy ? { backendtype: 'phy' } : {}),
    target: d.target,
  });
}

// ---------------------------------------------------------------------------------- config

export interface GenOptions {
  /** the MAC of each NIC (resolveMacs); a NIC without one gets a random MAC from xl */
  macs?: readonly string[];
  /** formats of existing disks by spec index (sniffed on the host) */
  formats?: Record<number, 'raw' | 'qcow2'>;
  /** pypxeboot's path on the host (PV PXE boot) */
  pypxeboot?: string | null;
}

/** Why a spec cannot be written as an xl.cfg at all (validateSpec says the same next to the field). */
export class SpecError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const line = (key: string, value: string | number | readonly string[]) => `${key} = ${formatValue(value)}`;

/** A list with one item per line, in the single quotes xl examples use. */
function listLine(key: string, items: readonly string[]): string {
  if (items.length === 0) return `${key} = []`;
  const q = items.map((i) => formatValue(i, { quote: "'" }));
  const pad = ' '.repeat(key.length + 5);
  return `${key} = [ ${q.join(`,\n${pad}`)} ]`;
}

function bootLines(spec: CreateSpec, opts: GenOptions, macs: readonly string[]): string[] {
  const src: InstallSource = spec.source;
  const hvm = spec.type === 'hvm';
  switch (src.kind) {
    case 'cdrom':
      if (!hvm)
        throw new SpecError(
          'source.iso',
          `${spec.type.toUpperCase()} guests cannot boot an ISO image (no emulated CD-ROM or BIOS): use a network install or the HVM type.`,
        );
      return [
        '# CD-ROM first (the installer), then the disk; after the installation,',
        '# boot = "c" starts the installed system directly',
        line('boot', 'dc'),
      ];
    case 'pxe': {
      if (hvm) return ['# network boot (PXE) from the first NIC', line('boot', 'n')];
      if (spec.type === 'pvh')
        throw new SpecError(
          'source',
          'PVH guests cannot boot from the network: use HVM, or PV with pypxeboot.',
        );
      if (macs.length === 0) throw new SpecError('nics', 'Network boot needs a network interface.');
      return [
        '# network boot through the legacy PV bootloader pypxeboot (DHCP/TFTP on the first NIC)',
        line('bootloader', opts.pypxeboot ?? 'pypxeboot'),
        listLine('bootloader_args', [`mac=${macs[0]}`]),
      ];
    }
    case 'import':
      if (hvm) return ['# boot the imported disk', line('boot', 'c')];
      return [
        "# boot the imported disk's own kernel (its GRUB config, read by pygrub)",
        line('bootloader', 'pygrub'),
      ];
    case 'network': {
      const p = networkBootPaths(spec.name);
      return [
        `# network install: the installer's kernel and initrd, fetched from ${src.url}`,
        spec.type === 'hvm'
          ? '# after the installation, replace kernel/ramdisk/cmdline with boot = "c"'
          : '# after the installation, replace kernel/ramdisk/cmdline with bootloader = "pygrub"',
        line('kernel', p.kernel),
        line('ramdisk', p.ramdisk),
        line('cmdline', [consoleArg(spec.type), src.extraArgs].filter(Boolean).join(' ')),
      ];
    }
    case 'kernel':
      return [
        '# direct kernel boot',
        line('kernel', src.kernel),
        ...(src.ramdisk ? [line('ramdisk', src.ramdisk)] : []),
        line('cmdline', src.cmdline ?? defaultCmdline(spec.type)),
      ];
  }
}

/** The xl.cfg text of a (validated) spec. Throws SpecError for what xl.cfg cannot express. */
export function generateXlCfg(spec: CreateSpec, opts: GenOptions = {}): string {
  const hvm = spec.type === 'hvm';
  const macs = spec.nics.map((n, i) => opts.macs?.[i] ?? n.mac?.toLowerCase() ?? '');
  const out: string[] = [
    `# ${spec.name}: created by XenDesk`,
    line('name', spec.name),
    line('type', spec.type),
  ];
  out.push(line('memory', spec.memoryMiB));
  if (spec.maxmemMiB !== undefined && spec.maxmemMiB !== spec.memoryMiB)
    out.push(line('maxmem', spec.maxmemMiB));
  out.push(line('vcpus', spec.vcpus));
  if (spec.maxvcpus !== undefined && spec.maxvcpus !== spec.vcpus) out.push(line('maxvcpus', spec.maxvcpus));
  out.push('', ...bootLines(spec, opts, macs));

  out.push('', listLine('disk', planDisks(spec, opts.formats).map(diskSpec)));
  out.push(
    listLine(
      'vif',
      spec.nics.map((n, i) =>
        formatVifSpec({
          ...(macs[i] ? { mac: macs[i] } : {}),
          bridge: n.bridge,
          // PV/PVH NICs are netfront: a model applies to HVM's emulated NIC only
          ...(hvm && n.model ? { model: n.model } : {}),
        }),
      ),
    ),
  );

  out.push('');
  const pw = spec.graphics.password;
  if (hvm) {
    // serial='pty' makes `xl console -t serial` work; the VNC display listens on dom0's loopback only
    out.push(line('serial', 'pty'));
    if (spec.graphics.vnc) {
      out.push(line('vnc', 1), line('vnclisten', '127.0.0.1'));
      if (pw) out.push(line('vncpasswd', pw));
      out.push(
        '# a USB tablet gives VNC an absolute pointer',
        line('usb', 1),
        listLine('usbdevice', ['tablet']),
      );
    } else {
      out.push(line('vnc', 0));
    }
  } else if (spec.graphics.vnc) {
    out.push(
      '# paravirtual framebuffer (the guest needs xen-fbfront)',
      listLine('vfb', [`vnc=1,vnclisten=127.0.0.1${pw ? `,vncpasswd=${pw}` : ''}`]),
    );
  }
  if (out[out.length - 1] !== '') out.push('');
  out.push(
    line('on_poweroff', spec.onPoweroff),
    line('on_reboot', spec.onReboot),
    line('on_crash', spec.onCrash),
  );
  return out.join('\n') + '\n';
}

// ------------------------------------------------------------------------------- read back

/** What an xl.cfg carries of a spec (no disk sizes, no new-vs-existing, no tree URL, no autostart). */
export interface SpecFromCfg {
  name?: string;
  type?: GuestType;
  memoryMiB?: number;
  maxmemMiB?: number;
  vcpus?: number;
  maxvcpus?: number;
  source:
    | { kind: 'cdrom'; iso: string }
    | { kind: 'network'; extraArgs: string }
    | { kind: 'pxe' }
    | { kind: 'import' }
    | { kind: 'kernel'; kernel: string; ramdisk?: string; cmdline?: string }
    | { kind: 'unknown' };
  disks: { vdev: string; target: string; format: 'raw' | 'qcow2' }[];
  nics: { mac?: string; bridge?: string; model?: string }[];
  graphics: { vnc: boolean; password?: string };
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
}

/** Read an xl.cfg back into the shape of SpecFromCfg (throws on a syntax error). */
export function specFromXlCfg(text: string): SpecFromCfg {
  const sem = readXlCfgText(text);
  const type = sem.type ?? 'pv';
  const cdroms = (sem.disks ?? []).filter((d) => d.devtype === 'cdrom');
  let source: SpecFromCfg['source'] = { kind: 'unknown' };
  if (sem.kernel) {
    const name = sem.name ?? '';
    const net = networkBootPaths(name);
    if (name && sem.kernel === net.kernel && sem.ramdisk === net.ramdisk) {
      const con = consoleArg(type);
      const cmd = sem.cmdline ?? '';
      source = { kind: 'network', extraArgs: cmd.startsWith(con) ? cmd.slice(con.length).trim() : cmd };
    } else {
      source = {
        kind: 'kernel',
        kernel: sem.kernel,
        ...(sem.ramdisk !== undefined ? { ramdisk: sem.ramdisk } : {}),
        ...(sem.cmdline !== undefined ? { cmdline: sem.cmdline } : {}),
      };
    }
  } else if (sem.bootloader) {
    source = /pypxeboot/.test(sem.bootloader) ? { kind: 'pxe' } : { kind: 'import' };
  } else if (type === 'hvm') {
    const boot = sem.boot ?? 'cd';
    if (boot.startsWith('n')) source = { kind: 'pxe' };
    else if (boot.startsWith('d') && cdroms[0]?.target) source = { kind: 'cdrom', iso: cdroms[0].target };
    else if (boot.startsWith('c')) source = { kind: 'import' };
  }
  const disks = (sem.disks ?? [])
    .filter((d) => d.devtype !== 'cdrom' && d.target)
    .map((d) => ({
      vdev: d.vdev ?? '',
      target: d.target!,
      format: d.format === 'qcow2' ? ('qcow2' as const) : ('raw' as const),
    }));
  const nics = (sem.vifs ?? []).map((v) => ({
    ...(v.mac !== undefined ? { mac: v.mac.toLowerCase() } : {}),
    ...(v.bridge !== undefined ? { bridge: v.bridge } : {}),
    ...(v.model !== undefined ? { model: v.model } : {}),
  }));
  // xl enables VNC for HVM unless vnc=0 says otherwise
  const vnc = sem.vnc?.enable ?? type === 'hvm';
  return {
    ...(sem.name !== undefined ? { name: sem.name } : {}),
    type,
    ...(sem.memory !== undefined ? { memoryMiB: sem.memory } : {}),
    ...(sem.maxmem !== undefined ? { maxmemMiB: sem.maxmem } : {}),
    ...(sem.vcpus !== undefined ? { vcpus: sem.vcpus } : {}),
    ...(sem.maxvcpus !== undefined ? { maxvcpus: sem.maxvcpus } : {}),
    source,
    disks,
    nics,
    graphics: { vnc, ...(vnc && sem.vnc?.passwd ? { password: sem.vnc.passwd } : {}) },
    ...(sem.on_poweroff !== undefined ? { onPoweroff: sem.on_poweroff } : {}),
    ...(sem.on_reboot !== undefined ? { onReboot: sem.on_reboot } : {}),
    ...(sem.on_crash !== undefined ? { onCrash: sem.on_crash } : {}),
  };
}

/** The part of a spec specFromXlCfg(generateXlCfg(spec, opts)) must give back. */
export function cfgProjection(spec: CreateSpec, opts: GenOptions = {}): SpecFromCfg {
  const src = spec.source;
  const source: SpecFromCfg['source'] =
    src.kind === 'network'
      ? { kind: 'network', extraArgs: src.extraArgs }
      : src.kind === 'kernel'
        ? {
            kind: 'kernel',
            kernel: src.kernel,
            ...(src.ramdisk !== undefined ? { ramdisk: src.ramdisk } : {}),
            cmdline: src.cmdline ?? defaultCmdline(spec.type),
          }
        : src;
  return {
    name: spec.name,
    type: spec.type,
    memoryMiB: spec.memoryMiB,
    ...(spec.maxmemMiB !== undefined && spec.maxmemMiB !== spec.memoryMiB
      ? { maxmemMiB: spec.maxmemMiB }
      : {}),
    vcpus: spec.vcpus,
    ...(spec.maxvcpus !== undefined && spec.maxvcpus !== spec.vcpus ? { maxvcpus: spec.maxvcpus } : {}),
    source,
    disks: planDisks(spec, opts.formats)
      .filter((d) => !d.cdrom)
      .map((d) => ({ vdev: d.vdev, target: d.target, format: d.format })),
    nics: spec.nics.map((n, i) => {
      const mac = opts.macs?.[i] ?? n.mac?.toLowerCase();
      return {
        ...(mac ? { mac } : {}),
        bridge: n.bridge,
        ...(spec.type === 'hvm' && n.model ? { model: n.model } : {}),
      };
    }),
    graphics: {
      vnc: spec.graphics.vnc,
      ...(spec.graphics.vnc && spec.graphics.password ? { password: spec.graphics.password } : {}),
    },
    onPoweroff: spec.onPoweroff,
    onReboot: spec.onReboot,
    onCrash: spec.onCrash,
  };
}
