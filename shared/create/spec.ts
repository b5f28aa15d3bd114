// Contract changes by the backend helper (W1), all additive:
// - CreateDiskSchema 'existing' gained an optional `format` ('raw' | 'qcow2'); absent = the
//   backend sniffs the file's magic (qcow2 'QFI\xfb'), block devices are raw.
// - CreateFailureDetails: the ApiError details of a failed createDomain (what was undone).
// - CreatePreview gained optional `macs` (the MAC each NIC gets, in order).
// - CreateOptions gained optional `hostname` (xl info host) and `volumeGroups[].lvs` (the
//   logical volumes already in each group), and `fetchTool` (curl/wget/null).
// - HostDirEntry gained optional `linkTo` (the kind of a symlink's target).
// - createDomain refusing a spec: ApiError 'invalid-params' with details { fieldErrors }.
//
// The create wizard's inputs (issue 6): ONE schema shared by the wizard, `xendesk create` and the
// backend, so the UI and scripts never diverge. Pure data; the xl.cfg text is generated from it by
// ./xlcfgGen.ts and checked on the host with `xl create -n` before anything is created.
import { z } from 'zod';
import {
  BridgeSchema,
  DomainNameSchema,
  HostIdSchema,
  HostPathSchema,
  MacSchema,
  TaskIdSchema,
} from '../schemas';

export const GuestTypeSchema = z.enum(['pv', 'pvh', 'hvm']);
export type GuestType = z.infer<typeof GuestTypeSchema>;

const UrlSchema = z
  .string()
  .max(2048)
  .regex(/^(?:https?|ftp):\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/, 'an http://, https:// or ftp:// URL');

/** Kernel command-line arguments: one line, printable ASCII (they land in a quoted xl.cfg string). */
const CmdlineSchema = z
  .string()
  .max(4096)
  .regex(/^[\x20-\x7e]*$/, 'printable ASCII on one line')
  .refine((s) => !s.includes('"'), 'no double quotes (xl.cfg strings cannot escape them)');

export const InstallSourceSchema = z.discriminatedUnion('kind', [
  /** an ISO already on the host (uploads end here too): HVM cdrom + boot="dc" */
  z.object({ kind: z.literal('cdrom'), iso: HostPathSchema }),
  /**
   * a distribution tree: its PV kernel/initrd are fetched on the host into /var/lib/xen/boot/NAME/
   * (e.g. URL/images/pxeboot/vmlinuz for Fedora-like trees, URL/…/netboot/xen/vmlinuz for Debian)
   */
  z.object({
    kind: z.literal('network'),
    url: UrlSchema,
    /** kickstart/preseed/autoinstall arguments appended to the kernel command line */
    extraArgs: CmdlineSchema.default(''),
  }),
  /** HVM: boot="n"; PV: bootloader="pypxeboot" where the host has it */
  z.object({ kind: z.literal('pxe') }),
  /** the first disk is an existing image/device with an OS: PV bootloader="pygrub", HVM boot="c" */
  z.object({ kind: z.literal('import') }),
  /** direct kernel boot from files on the host */
  z.object({
    kind: z.literal('kernel'),
    kernel: HostPathSchema,
    ramdisk: HostPathSchema.optional(),
    /** default for PV/PVH: "root=/dev/xvda1 console=hvc0" */
    cmdline: CmdlineSchema.optional(),
  }),
]);
export type InstallSource = z.infer<typeof InstallSourceSchema>;

const SizeGiBSchema = z
  .number()
  .positive('the size must be more than 0')
  .max(64 * 1024);
const LvNameSchema = z.string().regex(/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/, 'a logical volume name');
const VgNameSchema = z.string().regex(/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/, 'a volume group name');

export const CreateDiskSchema = z.discriminatedUnion('kind', [
  /** a new image file: raw is created sparse (truncate), qcow2 with qemu-img */
  z.object({
    kind: z.literal('file'),
    path: HostPathSchema,
    sizeGiB: SizeGiBSchema,
    format: z.enum(['raw', 'qcow2']).default('raw'),
  }),
  /** a new LVM logical volume (lvcreate -L SIZEg -n NAME VG), used as phy:/dev/VG/NAME */
  z.object({ kind: z.literal('lvm'), vg: VgNameSchema, lv: LvNameSchema, sizeGiB: SizeGiBSchema }),
  /** an existing image file or block device (block devices as phy:) */
  z.object({
    kind: z.literal('existing'),
    path: HostPathSchema,
    /** absent: qcow2 when the file starts with qcow2's magic, else raw */
    format: z.enum(['raw', 'qcow2']).optional(),
  }),
]);
export type CreateDisk = z.infer<typeof CreateDiskSchema>;

export const CreateNicSchema = z.object({
  bridge: BridgeSchema,
  /** absent: generated in 00:16:3e, unique among the host's domains */
  mac: MacSchema.optional(),
  /** HVM only (emulated NIC); PV/PVH use netfront */
  model: z.enum(['e1000', 'rtl8139']).optional(),
});
export type CreateNic = z.infer<typeof CreateNicSchema>;

const LifecycleActionSchema = z.enum([
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
]);

export const CreateSpecSchema = z.object({
  name: DomainNameSchema,
  type: GuestTypeSchema,
  source: InstallSourceSchema,
  memoryMiB: z
    .number()
    .int()
    .min(32)
    .max(16 * 1024 * 1024),
  /** advanced: > memoryMiB enables ballooning up to it */
  maxmemMiB: z
    .number()
    .int()
    .min(32)
    .max(16 * 1024 * 1024)
    .optional(),
  vcpus: z.number().int().min(1).max(512),
  /** advanced: ≥ vcpus */
  maxvcpus: z.number().int().min(1).max(512).optional(),
  /** in order: the first gets xvda (hda for HVM) */
  disks: z.array(CreateDiskSchema).max(16).default([]),
  nics: z.array(CreateNicSchema).max(8).default([]),
  /** HVM: VNC (127.0.0.1) + usb tablet; PV/PVH: a vfb with VNC. Password ≤ 8 chars (VNC's limit). */
  graphics: z
    .object({
      vnc: z.boolean(),
      password: z
        .string()
        .max(8, 'VNC passwords are at most 8 characters')
        .regex(/^[\x21-\x7e]*$/, 'printable ASCII without spaces')
        .refine((s) => !s.includes('"'), 'no double quotes')
        .optional(),
    })
    .default({ vnc: false }),
  onPoweroff: LifecycleActionSchema.default('destroy'),
  onReboot: LifecycleActionSchema.default('restart'),
  onCrash: LifecycleActionSchema.default('destroy'),
  autostart: z.boolean().default(false),
});
export type CreateSpec = z.infer<typeof CreateSpecSchema>;
export type CreateSpecInput = z.input<typeof CreateSpecSchema>;

/** What the wizard needs to know about a host to offer choices and bound the inputs. */
export interface CreateOptions {
  hostId: string;
  /** xl info free_memory (MiB) */
  freeMemoryMiB: number;
  totalMemoryMiB: number;
  /** xl info nr_cpus */
  cpus: number;
  /** virt_caps allows HVM / PVH */
  hvm: boolean;
  pvh: boolean;
  /** names of running AND defined domains */
  usedNames: string[];
  /** MACs of every vif of running and defined domains (lower case) */
  usedMacs: string[];
  bridges: string[];
  /** directories where new images may go, with free space (df) — /var/lib/xen/images first */
  storageDirs: { path: string; freeBytes: number }[];
  /** LVM volume groups (vgs) with free space; empty when LVM is not installed */
  volumeGroups: { name: string; freeBytes: number; /** LVs already in the group */ lvs?: string[] }[];
  /** pygrub / pypxeboot paths when installed */
  pygrub: string | null;
  pypxeboot: string | null;
  /** xl info's host name (seeds the generated MACs so preview and create agree) */
  hostname?: string;
  /** what fetches a network install's kernel on the host; null = neither curl nor wget */
  fetchTool?: 'curl' | 'wget' | null;
}

/** One field's problem, for a message next to that field (path like "disks.0.sizeGiB"). */
export interface CreateFieldError {
  path: string;
  message: string;
}

export interface CreatePreview {
  /** the generated xl.cfg (or the edited text passed in) */
  config: string;
  /** `xl create -n` accepted it */
  ok: boolean;
  /** what `xl create -n` printed on stderr (errors or warnings) */
  checkOutput: string;
  /** host-aware validation: name taken, memory over free, bridge missing, path outside allowed dirs… */
  fieldErrors: CreateFieldError[];
  /** the MAC each NIC gets (generated ones included), in the order of spec.nics */
  macs?: string[];
}

/**
 * ApiError details of a failed createDomain (code 'xl-failed', or 'conflict' when a file
 * appeared meanwhile): xl's diagnostics plus what the undo did.
 */
export interface CreateFailureDetails {
  /** xl's (or the failing tool's) own output */
  output: string;
  domain: import('../types').DomainRow | null;
  logs: { path: string; tail: string }[];
  hints: import('../api').XlHint[];
  /** the step that failed, e.g. "xl create /etc/xen/web.cfg" or "lvcreate vg0/web-disk0" */
  step: string;
  /** what this call had made and removed again, in the order undone */
  undone: string[];
  /** what it made but could NOT remove (the connection dropped, a tool failed): check by hand */
  leftBehind: string[];
}

export interface CreateResult {
  name: string;
  cfgPath: string;
  /** everything the wizard made (disks, kernel/initrd downloads, config, autostart link) */
  created: string[];
  domain: import('../types').DomainRow | null;
  /** which console to open: serial for PV/PVH, VNC for HVM */
  console: 'serial' | 'vnc';
}

export const createApiSchemas = {
  getCreateOptions: z.object({ hostId: HostIdSchema }),
  /** generate (or take the edited `config`), validate fields against the host, run `xl create -n` */
  previewCreate: z.object({
    hostId: HostIdSchema,
    spec: CreateSpecSchema,
    config: z
      .string()
      .max(256 * 1024)
      .optional(),
  }),
  /** make disks, fetch kernels, write /etc/xen/NAME.cfg atomically, xl create; undo on failure */
  createDomain: z.object({
    hostId: HostIdSchema,
    spec: CreateSpecSchema,
    config: z
      .string()
      .max(256 * 1024)
      .optional(),
    taskId: TaskIdSchema.optional(),
  }),
  /** SFTP directory listing for the host file browser (ISOs, images, kernels) */
  listHostDir: z.object({ hostId: HostIdSchema, path: HostPathSchema }),
  /**
   * Upload a file from this computer to the host over SFTP (ISOs for the wizard). Returns a stream:
   * the client writes the file as base64 chunks (≤ 64 KiB decoded each) with stream.write, keeping
   * at most 1 MiB unacknowledged: the server pushes `{"received":BYTES}` as it writes (one JSON message per line: the RPC gathers
   * what a busy stream pushes, shared/jsonLines.ts). After
   * the last chunk the client sends stream.control({done:true}); the server renames DEST.part to
   * DEST, pushes `{"done":true,"path":DEST}` and ends the stream. Closing the stream early cancels
   * and removes DEST.part. An existing DEST is refused up front ('conflict'). Progress also goes out
   * as taskProgress events when taskId is given.
   */
  uploadToHost: z.object({
    hostId: HostIdSchema,
    destPath: HostPathSchema,
    sizeBytes: z
      .number()
      .int()
      .min(0)
      .max(64 * 1024 ** 4),
    taskId: TaskIdSchema.optional(),
  }),
};

export interface UploadStarted {
  streamId: number;
  /** where the bytes go until done (renamed to destPath at the end) */
  partPath: string;
}

export interface HostDirEntry {
  name: string;
  kind: 'file' | 'dir' | 'block' | 'link' | 'other';
  sizeBytes: number;
  mtime: number;
  /** for a link: what it points to ('dir' = open it, 'file'/'block' = pick it); absent when dangling */
  linkTo?: 'file' | 'dir' | 'block' | 'link' | 'other';
}
export interface HostDirListing {
  path: string;
  entries: HostDirEntry[];
}
