// Semantic view of an xl.cfg file (what `xendesk cfg check` prints as JSON).
// Produced by readXlCfg() in ./xlcfgRead.ts from the lossless document (./xlcfg.ts); keys absent
// from the file are omitted (undefined), never defaulted here.

export interface XlDiskSpec {
  /** path or device with legacy prefixes (file:, phy:, tap:aio: …) stripped; absent for an empty CD drive */
  target?: string;
  format?: string; // raw | qcow | qcow2 | vhd | qed
  vdev?: string; // xvda, hda, sdb …
  access?: string; // ro | rw (normalised from r/w)
  devtype?: string; // 'cdrom' or 'disk'
  /** the original spec string as written */
  raw: string;
  /** script from an iscsi:/nbd:/enbd:/drbd: prefix (block-PREFIX) or script= */
  script?: string;
  /** backend= (driver domain) */
  backend?: string;
  /** backendtype= (phy | tap | qdisk | standalone) */
  backendtype?: string;
  /** legacy xm prefixes found, in order, without the colon: ['tap', 'aio'], ['file'], ['phy'] … */
  legacyPrefix?: string[];
  /** xl's error for this spec ("config parsing error in disk specification: …"); other fields are best effort */
  error?: string;
}

export interface XlVifSpec {
  mac?: string;
  bridge?: string;
  model?: string;
  type?: string;
  vifname?: string;
  script?: string;
  ip?: string;
  rate?: string;
  raw: string;
  /** other keys xl knows (backend, gatewaydev, mtu, accel …) */
  other?: Record<string, string>;
  /** tokens xl does not recognise ("unrecognized argument"; xl ignores them) */
  unknown?: string[];
}

export interface XlVncSettings {
  enable?: boolean;
  listen?: string;
  display?: number;
  passwd?: string;
  unused?: boolean;
}

export interface XlCfgSemantic {
  name?: string;
  type?: 'pv' | 'pvh' | 'hvm';
  /** MiB */
  memory?: number;
  /** MiB */
  maxmem?: number;
  vcpus?: number;
  maxvcpus?: number;
  uuid?: string;
  kernel?: string;
  ramdisk?: string;
  cmdline?: string;
  root?: string;
  extra?: string;
  bootloader?: string;
  boot?: string;
  serial?: string;
  disks?: XlDiskSpec[];
  vifs?: XlVifSpec[];
  vfbs?: string[];
  vnc?: XlVncSettings;
  on_poweroff?: string;
  on_reboot?: string;
  on_crash?: string;
}
