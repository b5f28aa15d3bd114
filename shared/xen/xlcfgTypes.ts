// Semantic view of an xl.cfg file (what `xendesk cfg check` prints as JSON).
// Produced by readXlCfg() in ./xlcfg.ts from the lossless document; keys absent
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
