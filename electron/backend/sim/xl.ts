// `xl` of the simulated Xen 4.17 dom0. Output formats, error wording, exit codes and the
// stdout/stderr split follow the captures in ../shared/xen-samples (lifecycle.md, errors.md).
// Progress and errors go to stderr; `xl create` prints "Parsing config from FILE" every time;
// exit 1 = lookup/parse error, 3 = create failed after parsing (and a domid was burnt).
import fs from 'node:fs';
import { checkXlSyntax, xlSyntaxReport } from '../../../shared/xen/xlcfg';
import { parseDiskSpec, parseVifSpec, readXlCfgText } from '../../../shared/xen/xlcfgRead';
import { runConsoleClient } from './console';
import { migrateReceive, migrateSend } from './migrate';
import {
  ConfigError,
  buildDomainConfig,
  configFromSaveJson,
  configToSaveJson,
  domainConfigJson,
  scanExtraKeys,
  yajlPretty,
  type DomainConfig,
} from './domconfig';
import { FsError, normalizeVirtual } from './fs';
import { sleep } from './io';
import { BRIDGES, MAXMEM_SLACK_KIB, NR_CPUS, type SimDomain, type SimHost } from './model';
import { warn, type Proc } from './proc';
import { xenMac } from './rng';
import {
  xlBlockList,
  xlInfo,
  xlList,
  xlListLong,
  xlNetworkList,
  xlSchedCredit2,
  xlUptime,
  xlVcpuList,
  xlVmList,
} from './xlFormat';

const NONROOT =
  'xencall: error: Could not obtain handle on privileged command interface: Permission denied\n' +
  'libxl: error: libxl.c:102:libxl_ctx_alloc: cannot open libxc handle: Permission denied\n' +
  'cannot init xl context\n';

/** libxl's cleanup noise after a failed create (the FIRST error line is the cause). */
function destroyNoise(domid: number): string {
  return (
    `libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain ${domid}:Non-existant domain\n` +
    `libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain ${domid}:Unable to destroy guest\n` +
    `libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain ${domid}:Destruction of domain failed\n`
  );
}

export function duplicateNameError(domid: number, name: string): string {
  return (
    `libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain ${domid}:Domain with name "${name}" already exists.\n` +
    `libxl: error: libxl_create.c:1296:initiate_domain_create: Domain ${domid}:cannot make domain: -6\n` +
    destroyNoise(domid)
  );
}

function missingFileError(domid: number, file: string, what: 'kernel' | 'ramdisk'): string {
  return (
    `xc: error: panic: xg_dom_core.c:205: failed to open file '${file}': No such file or directory: Internal error\n` +
    (what === 'kernel'
      ? 'libxl: error: libxl_dom.c:646:libxl__build_pv: xc_dom_kernel_file failed: No such file or directory\n'
      : 'libxl: error: libxl_dom.c:666:libxl__build_pv: xc_dom_ramdisk_file failed: No such file or directory\n') +
    `libxl: error: libxl_create.c:1640:domcreate_rebuild_done: Domain ${domid}:cannot (re-)build domain: -3\n` +
    destroyNoise(domid)
  );
}

function noMemoryError(domid: number): string {
  return (
    "xc: error: panic: xg_dom_boot.c:119: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory\n" +
    'libxl: error: libxl_dom.c:586:libxl__build_dom: xc_dom_boot_mem_init failed: Cannot allocate memory\n' +
    `libxl: error: libxl_create.c:1640:domcreate_rebuild_done: Domain ${domid}:cannot (re-)build domain: -3\n` +
    destroyNoise(domid)
  );
}

const invalidDomain = (q: string): string => `${q} is an invalid domain identifier (rc=-6)\n`;

/** xl's parse_mem_size_kb: a bare number is MiB; suffixes b k m g t. */
export function parseMemKb(s: string): number | null {
  const m = /^(\d+)([bBkKmMgGtT]?)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]!.toLowerCase()) {
    case 't':
      return n * 1024 ** 3;
    case 'g':
      return n * 1024 * 1024;
    case '':
    case 'm':
      return n * 1024;
    case 'k':
      return n;
    case 'b':
      return Math.floor(n / 1024);
  }
  return null;
}

/** getopt-ish: split leading options (with optional values) from operands. */
function getopt(args: string[], withValue: string[] = []): { opts: Map<string, string>; rest: string[] } {
  const opts = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (eq > 0) opts.set(name, a.slice(eq + 1));
      else if (withValue.includes(name)) opts.set(name, args[++i] ?? '');
      else opts.set(name, '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const o = '-' + a[j];
        if (withValue.includes(o)) {
          const v = a.slice(j + 1) || args[++i] || '';
          opts.set(o, v);
          break;
        }
        opts.set(o, '');
      }
      continue;
    }
    rest.push(a);
  }
  return { opts, rest };
}

type Sub = (args: string[], p: Proc, host: SimHost) => Promise<number>;

const USAGE = `Usage xl [-vfNtT] <subcommand> [args]

xl full list of subcommands:

 create              Create a domain from config file <filename>
 list                List information about all/some domains
 destroy             Terminate a domain immediately
 shutdown            Issue a shutdown signal to a domain
 reboot              Issue a reboot signal to a domain
 pci-attach          Insert a new pass-through pci device
 console             Attach to domain's console
 vncviewer           Attach to domain's VNC server.
 save                Save a domain state to restore later
 migrate             Migrate a domain to another host
 restore             Restore a domain from a saved state
 dump-core           Core dump a domain
 cd-insert           Insert a cdrom into a guest's cd drive
 cd-eject            Eject a cdrom from a guest's cd drive
 mem-max             Set the maximum amount reservation for a domain
 mem-set             Set the current memory usage for a domain
 info                Get information about Xen host
 domid               Convert a domain name to domain id
 domname             Convert a domain id to domain name
 rename              Rename a domain
 pause               Pause execution of a domain
 unpause             Unpause a paused domain
 vcpu-list           List the VCPUs for all/some domains
 vcpu-pin            Set which CPUs a VCPU can use
 vcpu-set            Set the number of active VCPUs allowed for the domain
 vm-list             List guest domains, excluding dom0, stubdoms, etc.
 sched-credit        Get/set credit scheduler parameters
 sched-credit2       Get/set credit2 scheduler parameters
 uptime              Print uptime for all/some domains
 dmesg               Read and/or clear dom0 message buffer
 block-attach        Create a new virtual block device
 block-list          List virtual block devices for a domain
 block-detach        Destroy a domain's virtual block device
 network-attach      Create a new virtual network device
 network-list        List virtual network interfaces for a domain
 network-detach      Destroy a domain's virtual network device
`;

export async function xlCommand(argv: string[], p: Proc): Promise<number> {
  const host = p.host;
  let args = argv.slice(1);
  while (args[0]?.startsWith('-') && args[0] !== '-h' && args[0] !== '--help') args = args.slice(1); // -v -f -N -t -T
  const cmd = args[0];
  if (!p.user.root) {
    await p.stderr.write(NONROOT);
    return 1;
  }
  if (!cmd || cmd === 'help' || cmd === '-h' || cmd === '--help') {
    await p.stdout.write(USAGE);
    return cmd ? 0 : 1;
  }
  const fn = SUBCOMMANDS[cmd];
  if (!fn) {
    await p.stdout.write(USAGE);
    return 1;
  }
  host.tick();
  return fn(args.slice(1), p, host);
}

async function find(p: Proc, host: SimHost, q: string | undefined): Promise<SimDomain | null> {
  if (q === undefined) {
    await warn(p, "'xl' requires at least 1 argument.\n");
    return null;
  }
  const d = host.lookup(q);
  if (!d) {
    await p.stderr.write(invalidDomain(q));
    return null;
  }
  return d;
}

/** Wait until `pred` holds (host events), or the exec is interrupted. */
function waitFor(host: SimHost, p: Proc, pred: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (pred()) return resolve();
    const check = (): void => {
      if (pred() || p.signal.aborted) {
        host.off('domain-state', check);
        host.off('domain-destroyed', check);
        host.off('domain-shutdown', check);
        resolve();
      }
    };
    host.on('domain-state', check);
    host.on('domain-destroyed', check);
    host.on('domain-shutdown', check);
    p.signal.addEventListener('abort', check, { once: true });
  });
}

// --- create / restore ---------------------------------------------------------------------------

interface Loaded {
  config: DomainConfig;
}

/** Read + parse a cfg as xl does. Returns an exit code on failure (messages printed). */
async function loadConfig(
  p: Proc,
  host: SimHost,
  path: string,
  extra: string[],
  quiet: boolean,
): Promise<Loaded | number> {
  let text: string;
  try {
    text = host.fs.readText(path, p.cwd);
  } catch (e) {
    const reason = e instanceof FsError ? e.reason : 'Input/output error';
    await warn(p, `Failed to read config file: ${path}: ${reason}`);
    return 3;
  }
  if (!quiet) await warn(p, `Parsing config from ${path}`);
  if (extra.length) text += '\n' + extra.join('\n') + '\n';
  if (checkXlSyntax(text).length) {
    await p.stderr.write(xlSyntaxReport(text, path));
    await warn(p, 'Failed to parse config: Invalid argument');
    return 1;
  }
  let sem;
  try {
    sem = readXlCfgText(text);
  } catch (e) {
    await warn(p, `${path}: ${(e as Error).message}`);
    await warn(p, 'Failed to parse config: Invalid argument');
    return 1;
  }
  for (const d of sem.disks ?? []) {
    if (d.error) {
      await warn(p, d.error);
      return 1;
    }
  }
  try {
    return { config: buildDomainConfig(sem, scanExtraKeys(text), host.rng, normalizeVirtual(path, p.cwd)) };
  } catch (e) {
    if (e instanceof ConfigError) {
      await warn(p, e.message);
      return 1;
    }
    throw e;
  }
}

/** The checks libxl makes while creating; prints its errors. Returns 0 or 3. */
async function checkCreate(p: Proc, host: SimHost, c: DomainConfig, domid: number): Promise<number> {
  if (host.byName(c.name)) {
    await p.stderr.write(duplicateNameError(domid, c.name));
    return 3;
  }
  for (let i = 0; i < c.disks.length; i++) {
    const d = c.disks[i]!;
    if (d.pdevPath && !host.fs.exists(d.pdevPath)) {
      await p.stderr.write(
        `libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=${d.vdev} failed to stat: ${d.pdevPath}: No such file or directory\n` +
          `libxl: error: libxl_create.c:1303:initiate_domain_create: Domain ${domid}:Unable to set disk defaults for disk ${i}\n`,
      );
      return 3;
    }
  }
  if (c.type !== 'hvm' || c.kernel) {
    for (const [what, file] of [
      ['kernel', c.kernel],
      ['ramdisk', c.ramdisk],
    ] as const) {
      if (file === undefined) continue;
      const st = host.fs.tryStat(file);
      if (!st || !st.isFile) {
        if (c.type === 'hvm') {
          await p.stderr.write(
            `libxl: error: libxl_dm.c:3142:device_model_spawn_outcome: Domain ${domid}:domain ${domid} device model: spawn failed (rc=-3)\n` +
              `libxl: error: libxl_create.c:1873:domcreate_devmodel_started: Domain ${domid}:device model did not start: -3\n` +
              destroyNoise(domid),
          );
        } else await p.stderr.write(missingFileError(domid, file, what));
        return 3;
      }
    }
  }
  // libxc's loaders take an ELF or a bzImage ("HdrS" setup header): an initrd picked as the
  // kernel (a common slip in a direct-kernel-boot form) fails here (issue 6)
  if (c.type !== 'hvm' && c.kernel && !looksLikeKernel(host, c.kernel)) {
    await p.stderr.write(
      'xc: error: panic: xg_dom_core.c:689: xc_dom_find_loader: no loader found: Invalid kernel\n' +
        'libxl: error: libxl_dom.c:571:libxl__build_dom: xc_dom_parse_image failed\n' +
        `libxl: error: libxl_create.c:1640:domcreate_rebuild_done: Domain ${domid}:cannot (re-)build domain: -3\n` +
        destroyNoise(domid),
    );
    return 3;
  }
  if (c.type !== 'hvm' && !c.kernel && !c.bootloader) {
    await p.stderr.write(missingFileError(domid, '', 'kernel'));
    return 3;
  }
  const need = c.targetKiB + MAXMEM_SLACK_KIB + (c.type === 'hvm' ? 2048 : 0);
  if (need > host.freeKiB()) {
    await p.stderr.write(noMemoryError(domid));
    return 3;
  }
  for (const n of c.nics) {
    if (!BRIDGES.includes(n.bridge) && !n.script) {
      await p.stderr.write(
        `libxl: error: libxl_exec.c:117:libxl_report_child_exitstatus: /etc/xen/scripts/vif-bridge online [${1000 + domid}] exited with error status 1\n` +
          `libxl: error: libxl_device.c:1286:device_hotplug_child_death_cb: script: Could not find bridge device ${n.bridge}\n` +
          `libxl: error: libxl_create.c:1868:domcreate_attach_devices: Domain ${domid}:unable to add vif devices\n`,
      );
      return 3;
    }
  }
  return 0;
}

/** An ELF image or a bzImage (its setup header signature in the first KiB). */
function looksLikeKernel(host: SimHost, file: string): boolean {
  try {
    const fd = host.fs.open(file, 'r');
    try {
      const head = Buffer.alloc(1024);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      const b = head.subarray(0, n);
      return b.subarray(0, 4).toString('latin1') === '\x7fELF' || b.includes('HdrS');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

const create: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args, ['-f', '-e', '-d', '--defconfig']);
  const dryrun = opts.has('-n') || opts.has('--dryrun');
  const paused = opts.has('-p');
  const attach = opts.has('-c');
  const quiet = opts.has('-q');
  let file = opts.get('-f');
  const extra: string[] = [];
  for (const r of rest) {
    if (file === undefined && !r.includes('=')) file = r;
    else extra.push(r);
  }
  if (file === undefined) {
    await warn(p, 'Config file not specified');
    return 1;
  }
  const loaded = await loadConfig(p, host, file, extra, quiet);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  if (dryrun) {
    await p.stdout.write(yajlPretty(domainConfigJson(config, { runtime: false }) as never) + '\n');
    return 0;
  }
  const domid = host.allocDomid();
  const bad = await checkCreate(p, host, config, domid);
  if (bad) return bad;
  const d = await host.startDomain(domid, config, { paused });
  if (attach && !p.signal.aborted)
    return runConsoleClient(p, d.guestConsole(), d.consoleLock, d.id, {
      detachDelayMs: host.consoleDetachDelayMs,
    });
  return 0;
};

const SAVE_MAGIC = Buffer.from('Xen saved domain, xl format\n \0 \r', 'latin1');

/** the progress lines of the captured 128 MiB save (65536 frames) */
const FRAME_STEPS = [
  4096, 8192, 11264, 15360, 18432, 22528, 25600, 29696, 32768, 36864, 40960, 44032, 48128, 51200, 55296,
  58368, 62464, 65536,
];

function frameSteps(total: number): number[] {
  if (total === 65536) return FRAME_STEPS;
  return FRAME_STEPS.map((f) => Math.round((f / 65536) * total));
}

const save: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  const file = rest[1];
  if (!file) {
    await warn(p, "'xl save' requires at least 2 arguments.\n");
    return 1;
  }
  const checkpoint = opts.has('-c');
  const json = Buffer.from(
    configToSaveJson({ ...d.config, targetKiB: d.targetKiB, maxMemKiB: d.maxMemKiB }) + '\0',
  );
  let fd: number;
  try {
    fd = host.fs.open(file, 'w', 0o644, p.cwd);
  } catch {
    await warn(p, `Failed to open temp file ${file} for writing`);
    return 1;
  }
  try {
    const hdr = Buffer.alloc(16);
    hdr.writeUInt32LE(0x01020304, 0);
    hdr.writeUInt32LE(0x3, 4);
    hdr.writeUInt32LE(0, 8);
    hdr.writeUInt32LE(json.length, 12);
    fs.writeSync(fd, Buffer.concat([SAVE_MAGIC, hdr, json]));
    await warn(p, `Saving to ${file} new xl format (info 0x3/0x0/${json.length})`);
    await warn(p, `xc: info: Saving domain ${d.id}, type x86 ${d.type === 'hvm' ? 'HVM' : 'PV'}`);
    // the p2m covers the static max: a 128 MiB guest with maxmem=256 saves 65536 frames
    const frames = Math.floor(d.maxMemKiB / 4);
    const finalSize = d.memKiB * 1024 + 538049;
    const base = SAVE_MAGIC.length + 16 + json.length;
    const steps = frameSteps(frames);
    const stepMs = (2000 * host.timeScale) / steps.length;
    for (const f of steps) {
      await sleep(stepMs);
      fs.ftruncateSync(fd, Math.max(base, Math.floor((f / frames) * finalSize)));
      await warn(
        p,
        `xc: progress: Frames: ${f}/${frames}  ${String(Math.floor((f * 100) / frames)).padStart(3)}%`,
      );
    }
    await warn(p, 'xc: progress: End of stream: 0/0    0%');
    fs.ftruncateSync(fd, finalSize);
  } finally {
    fs.closeSync(fd);
  }
  if (!checkpoint) {
    d.shutdown = 'suspend';
    host.destroy(d, 'save');
  }
  return 0;
};

const restore: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args, ['-e', '-d']);
  const paused = opts.has('-p');
  const file = rest.length >= 2 ? rest[1]! : rest[0];
  if (!file) {
    await warn(p, "'xl restore' requires at least 1 argument.\n");
    return 1;
  }
  let data: Buffer;
  try {
    const fd = host.fs.open(file, 'r', 0o644, p.cwd);
    try {
      data = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, data, 0, data.length, 0);
      data = data.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    await warn(p, `Can't open restore file: ${e instanceof FsError ? e.reason : 'Input/output error'}`);
    return 1;
  }
  if (data.length < 48 || !data.subarray(0, 32).equals(SAVE_MAGIC)) {
    await warn(p, 'File has wrong magic number - corrupt or for a different tool?');
    return 1;
  }
  const jlen = data.readUInt32LE(44);
  let config: DomainConfig;
  try {
    config = configFromSaveJson(
      data
        .subarray(48, 48 + jlen)
        .toString('utf8')
        .replace(/\0$/, ''),
    );
  } catch {
    await warn(p, `Loading new save file ${file} (new xl fmt info 0x3/0x0/${jlen})`);
    await warn(p, 'libxl: error: libxl_create.c:1255:initiate_domain_create: Domain config JSON is corrupt');
    return 1;
  }
  await warn(p, `Loading new save file ${file} (new xl fmt info 0x3/0x0/${jlen})`);
  await warn(p, ' Savefile contains xl domain config in JSON format');
  await warn(p, 'Parsing config from <saved>');
  const domid = host.allocDomid();
  if (host.byName(config.name)) {
    await p.stderr.write(duplicateNameError(domid, config.name));
    return 3;
  }
  if (config.targetKiB + MAXMEM_SLACK_KIB > host.freeKiB()) {
    await p.stderr.write(noMemoryError(domid));
    return 3;
  }
  await warn(p, `xc: info: Found x86 ${config.type === 'hvm' ? 'HVM' : 'PV'} domain from Xen 4.17`);
  await warn(p, 'xc: info: Restoring domain');
  await host.startDomain(domid, config, { restored: true, paused, buildMs: 1400 });
  const mfn = 0x134af9 + Math.floor(host.rng.next() * 0x400);
  await warn(p, 'xc: info: Restore successful');
  await warn(p, `xc: info: XenStore: mfn 0x${(mfn + 1).toString(16)}, dom 0, evt 1`);
  await warn(p, `xc: info: Console: mfn 0x${mfn.toString(16)}, dom 0, evt 2`);
  return 0;
};

// --- lifecycle ------------------------------------------------------------------------------------

const shutdown: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args);
  const wait = opts.has('-w');
  const targets: SimDomain[] = [];
  if (opts.has('-a')) targets.push(...host.list().filter((d) => !d.isDom0));
  else {
    const d = await find(p, host, rest[0]);
    if (!d) return 1;
    if (d.isDom0) {
      await warn(
        p,
        'libxl: error: libxl_domain.c:1556:libxl_domain_shutdown: Domain 0:Refusing to shut down dom0\nshutdown failed (rc=-3)',
      );
      return 1;
    }
    targets.push(d);
  }
  for (const d of targets) {
    await warn(p, `Shutting down domain ${d.id}`);
    if (d.config.hvm?.noPvDrivers) {
      // libxl_domain_shutdown → ERROR_NOPARAVIRT (xl_vmcontrol.c)
      if (!opts.has('-F')) {
        await warn(p, 'PV control interface not available: external graceful shutdown not possible.');
        await warn(p, 'Use "-F" to fallback to ACPI power event.');
        await warn(p, 'shutdown failed (rc=-10)');
        return 1;
      }
      await warn(p, 'PV control interface not available: sending ACPI power button event.');
    }
    host.requestShutdown(d, 'poweroff');
  }
  if (wait && targets.length) {
    await warn(p, `Waiting for ${targets.length} domains`);
    for (const d of targets) {
      await waitFor(host, p, () => d.shutdown !== null || !host.domains.has(d.id));
      if (p.signal.aborted) break;
      await warn(p, `Domain ${d.id} has been shut down, reason code 0`);
    }
  }
  return 0;
};

const reboot: Sub = async (args, p, host) => {
  const { rest } = getopt(args);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  if (d.isDom0) {
    await warn(
      p,
      'libxl: error: libxl_domain.c:1556:libxl_domain_reboot: Domain 0:Refusing to reboot dom0\nreboot failed (rc=-3)',
    );
    return 1;
  }
  await warn(p, `Rebooting domain ${d.id}`);
  if (d.config.hvm?.noPvDrivers) {
    if (!getopt(args).opts.has('-F')) {
      await warn(p, 'PV control interface not available: external graceful reboot not possible.');
      await warn(p, 'Use "-F" to fallback to ACPI reset event.');
      await warn(p, 'reboot failed (rc=-10)');
      return 1;
    }
    await warn(p, 'PV control interface not available: sending ACPI reset event.');
  }
  host.requestReboot(d);
  return 0;
};

const destroy: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  if (d.isDom0) {
    if (!opts.has('-f'))
      await p.stderr.write(
        'Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n',
      );
    return 1;
  }
  host.destroy(d, 'destroy');
  host.log(d.name, `Domain ${d.id} has been destroyed.\n`);
  return 0;
};

const pause: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  if (d.isDom0) {
    await warn(
      p,
      'libxl: error: libxl_domain.c:616:libxl_domain_pause: Domain 0:Pausing domain 0 failed: Invalid argument',
    );
    return 1;
  }
  host.pause(d);
  return 0;
};

const unpause: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  if (!d.isDom0) host.unpause(d);
  return 0;
};

const rename: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const newName = args[1];
  if (!newName) {
    await warn(p, "'xl rename' requires at least 2 arguments.\n");
    return 1;
  }
  const other = host.byName(newName);
  if (other && other !== d) {
    await warn(
      p,
      `libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain ${d.id}:Domain with name "${newName}" already exists.`,
    );
    await warn(p, `Can't rename domain '${args[0]}'.`);
    return 1;
  }
  host.rename(d, newName);
  return 0;
};

const memSet: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const mem = args[1] ?? '';
  const kb = parseMemKb(mem);
  if (kb === null) {
    await warn(p, `invalid memory size: ${mem}`);
    return 1;
  }
  if (kb > d.maxMemKiB) {
    await p.stderr.write(
      `libxl: error: libxl_mem.c:278:libxl_set_memory_target: Domain ${d.id}:memory_dynamic_max must be less than or equal to memory_static_max\n\n` +
        `cannot set domid ${d.id} dynamic max memory to : ${mem}\n`,
    );
    return 1;
  }
  host.memSet(d, kb);
  d.hvMaxKiB = kb + MAXMEM_SLACK_KIB;
  return 0;
};

const memMax: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const mem = args[1] ?? '';
  const kb = parseMemKb(mem);
  if (kb === null) {
    await warn(p, `invalid memory size: ${mem}`);
    return 1;
  }
  if (kb < d.targetKiB) {
    await p.stderr.write(
      `libxl: error: libxl_mem.c:188:libxl_domain_setmaxmem: Domain ${d.id}:memory_static_max must be greater than or or equal to memory_dynamic_max\n` +
        `cannot set domid ${d.id} static max memory to : ${mem}\n`,
    );
    return 1;
  }
  d.maxMemKiB = kb;
  d.hvMaxKiB = kb + MAXMEM_SLACK_KIB;
  return 0;
};

const vcpuSet: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  const arg = rest[1] ?? '';
  const n = /^\d+$/.test(arg) ? Number(arg) : NaN;
  if (!Number.isFinite(n) || n > 0x7fffffff) {
    await warn(p, `Error: Invalid argument ${arg} as VCPU.`);
    return 1;
  }
  if (!opts.has('--ignore-host') && !opts.has('-i') && n > NR_CPUS && n > d.vcpuOnline) {
    await warn(
      p,
      `You are overcommmitting! You have ${NR_CPUS} physical CPUs and want ${n} vCPUs! Aborting, use --ignore-host to continue`,
    );
    return 1;
  }
  if (n > d.config.maxVcpus || n < 1) {
    await warn(
      p,
      `libxl: error: libxl_domain.c:1823:libxl_set_vcpuonline: Domain ${d.id}:Requested ${n} VCPUs, however maxcpus is ${d.config.maxVcpus}!`,
    );
    await warn(p, `libxl_set_vcpuonline failed domid=${d.id} max_vcpus=${n}, rc: -3`);
    return 1;
  }
  host.vcpuSet(d, n);
  return 0;
};

// --- information ----------------------------------------------------------------------------------

const list: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args);
  let doms = host.list();
  if (rest.length) {
    const d = await find(p, host, rest[0]);
    if (!d) return 1;
    doms = [d];
  }
  if (opts.has('-l') || opts.has('--long')) {
    // a domain xl is still building has no config to read yet: left out, one libxl error, exit 0
    // (shared/xen/__fixtures__/xl-list-l-all-building.json)
    for (const d of doms.filter((x) => x.building))
      await warn(
        p,
        `libxl: error: libxl_domain.c:2335:retrieve_domain_configuration_lock_acquired: Domain ${d.id}:Fail to get domain configuration`,
      );
    await p.stdout.write(xlListLong(doms.filter((x) => !x.building)));
  } else await p.stdout.write(xlList(doms, opts.has('-v') || opts.has('--verbose')));
  return 0;
};

async function someDomains(p: Proc, host: SimHost, names: string[]): Promise<SimDomain[] | null> {
  if (!names.length) return host.list();
  const out: SimDomain[] = [];
  for (const n of names) {
    const d = await find(p, host, n);
    if (!d) return null;
    out.push(d);
  }
  return out;
}

const info: Sub = async (_args, p, host) => {
  await p.stdout.write(xlInfo(host));
  return 0;
};

const uptime: Sub = async (args, p, host) => {
  const doms = await someDomains(p, host, getopt(args).rest);
  if (!doms) return 1;
  await p.stdout.write(xlUptime(host, doms));
  return 0;
};

const vcpuList: Sub = async (args, p, host) => {
  const doms = await someDomains(p, host, getopt(args).rest);
  if (!doms) return 1;
  await p.stdout.write(xlVcpuList(doms));
  return 0;
};

const vmList: Sub = async (_args, p, host) => {
  await p.stdout.write(xlVmList(host.list()));
  return 0;
};

const domid: Sub = async (args, p, host) => {
  const name = args[0] ?? '';
  const d = host.byName(name);
  if (!d) {
    await warn(p, `Can't get domid of domain name '${name}', maybe this domain does not exist.`);
    return 1;
  }
  await p.stdout.write(`${d.id}\n`);
  return 0;
};

const domname: Sub = async (args, p, host) => {
  const id = args[0] ?? '';
  const d = /^\d+$/.test(id) ? host.domains.get(Number(id)) : undefined;
  if (!d) {
    await warn(p, `Can't get domain name of domain id '${id}', maybe this domain does not exist.`);
    return 1;
  }
  await p.stdout.write(`${d.name}\n`);
  return 0;
};

const blockList: Sub = async (args, p, host) => {
  const doms = await someDomains(p, host, args);
  if (!doms) return 1;
  await p.stdout.write(xlBlockList(doms));
  return 0;
};

const networkList: Sub = async (args, p, host) => {
  const doms = await someDomains(p, host, args);
  if (!doms) return 1;
  await p.stdout.write(xlNetworkList(doms));
  return 0;
};

const schedCredit: Sub = async () => 0; // credit2 host: prints nothing (xl-sched-credit.txt)

const schedCredit2: Sub = async (args, p, host) => {
  const { opts } = getopt(args, ['-d', '-w', '-c', '-p', '-r']);
  const dq = opts.get('-d');
  if (dq !== undefined) {
    const d = await find(p, host, dq);
    if (!d) return 1;
    const w = opts.get('-w');
    const c = opts.get('-c');
    if (w !== undefined || c !== undefined) {
      if (d.isDom0) return 0;
      d.config = {
        ...d.config,
        weight: w !== undefined ? Number(w) : d.config.weight,
        cap: c !== undefined ? Number(c) : d.config.cap,
      };
      return 0;
    }
    const txt = xlSchedCredit2([d]).split('\n').slice(1).join('\n');
    await p.stdout.write(txt);
    return 0;
  }
  await p.stdout.write(xlSchedCredit2(host.list()));
  return 0;
};

const dmesg: Sub = async (_args, p, host) => {
  const lines = [
    ' Xen 4.17.7-pre',
    '(XEN) Xen version 4.17.7-pre (Debian 4.17.7+1-g3b2a6f0b0e-1) (pkg-xen-devel@lists.alioth.debian.org) (x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0) debug=n Wed Nov  4 16:52:28 UTC 2026',
    '(XEN) Command line: dom0_mem=1536M,max:1536M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot',
    '(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2)',
    '(XEN) Dom0 has maximum 2 VCPUs',
    '(XEN) Scrubbing Free RAM in background',
    '(XEN) Freed 644kB init memory',
  ];
  for (const d of host.list()) if (!d.isDom0) lines.push(`(XEN) d${d.id}v0: upcall vector f3`);
  await p.stdout.write(lines.join('\n') + '\n');
  return 0;
};

const console: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args, ['-t', '-n', '-e', '--type', '--num', '--escape']);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  if (d.isDom0) {
    await warn(p, "Can't specify Domain-0");
    return 22;
  }
  const type = opts.get('-t') ?? opts.get('--type');
  const num = Number(opts.get('-n') ?? opts.get('--num') ?? 0);
  if (type !== undefined && type !== 'pv' && type !== 'serial') {
    await warn(p, `console type must be "pv" or "serial"`);
    return 1;
  }
  const device = type === 'pv' ? d.console : type === 'serial' ? d.serial : d.guestConsole();
  if (!device || num !== 0) {
    await sleep(5000 * host.timeScale, p.signal).catch(() => undefined);
    await warn(p, 'xenconsole: Could not read tty from store: No such file or directory');
    return 2;
  }
  let escape: number | undefined;
  const e = opts.get('-e') ?? opts.get('--escape');
  if (e !== undefined) escape = e.length === 2 && e[0] === '^' ? e.charCodeAt(1) & 0x1f : e.charCodeAt(0);
  return runConsoleClient(p, device, d.consoleLock, d.id, {
    escape,
    detachDelayMs: host.consoleDetachDelayMs,
  });
};

// --- devices ----------------------------------------------------------------------------------

const blockAttach: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const spec = parseDiskSpec(args.slice(1).join(','));
  if (spec.error) {
    await warn(p, spec.error);
    return 1;
  }
  if (spec.target && !host.fs.exists(spec.target)) {
    await warn(
      p,
      `libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=${spec.vdev} failed to stat: ${spec.target}: No such file or directory`,
    );
    await warn(p, 'libxl_device_disk_add failed.');
    return 1;
  }
  const disk = {
    pdevPath: spec.target,
    vdev: spec.vdev ?? 'xvdb',
    format: spec.format ?? 'raw',
    readwrite: (spec.access ?? 'rw') === 'rw',
    isCdrom: spec.devtype === 'cdrom',
  };
  d.config = { ...d.config, disks: [...d.config.disks, disk] };
  d.vbdStats.push({ oo: 0, rd: 0, wr: 0, rsect: 0, wsect: 0 });
  return 0;
};

const blockDetach: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const i = d.config.disks.findIndex((x) => x.vdev === args[1] || String(x.vdev) === args[1]);
  if (i < 0) {
    await warn(p, `Error: Device ${args[1]} not connected.`);
    return 1;
  }
  d.config = { ...d.config, disks: d.config.disks.filter((_, j) => j !== i) };
  d.vbdStats.splice(i, 1);
  return 0;
};

const networkAttach: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const v = parseVifSpec(args.slice(1).join(','));
  const bridge = v.bridge ?? 'xenbr0';
  if (!BRIDGES.includes(bridge)) {
    await warn(
      p,
      `libxl: error: libxl_device.c:1286:device_hotplug_child_death_cb: script: Could not find bridge device ${bridge}`,
    );
    await warn(p, 'libxl_device_nic_add failed.');
    return 1;
  }
  const devid = d.config.nics.reduce((m, n) => Math.max(m, n.devid + 1), 0);
  const nic = {
    devid,
    mac: (v.mac ?? xenMac(host.rng)).toLowerCase(),
    bridge,
    nictype: 'vif' as const,
    model: v.model,
  };
  d.config = { ...d.config, nics: [...d.config.nics, nic] };
  d.nicStats.push({ rxBytes: 0, rxPkts: 0, txBytes: 0, txPkts: 0 });
  return 0;
};

const networkDetach: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const key = (args[1] ?? '').toLowerCase();
  const i = d.config.nics.findIndex((n) => String(n.devid) === key || n.mac === key);
  if (i < 0) {
    await warn(p, `Error: Device ${args[1]} not connected.`);
    return 1;
  }
  d.config = { ...d.config, nics: d.config.nics.filter((_, j) => j !== i) };
  d.nicStats.splice(i, 1);
  return 0;
};

const cdInsert: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  const disk = d.config.disks.find((x) => x.vdev === args[1]);
  if (!disk || !disk.isCdrom) {
    await warn(p, `Error: ${args[1]} is not a cdrom device`);
    return 1;
  }
  const target = (args[2] ?? '').replace(/^file:/, '');
  if (target && !host.fs.exists(target)) {
    await warn(
      p,
      `libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=${args[1]} failed to stat: ${target}: No such file or directory`,
    );
    return 1;
  }
  d.config = {
    ...d.config,
    disks: d.config.disks.map((x) => (x === disk ? { ...x, pdevPath: target, format: 'raw' } : x)),
  };
  return 0;
};

const cdEject: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  if (!d) return 1;
  d.config = {
    ...d.config,
    disks: d.config.disks.map((x) =>
      x.vdev === args[1] && x.isCdrom ? { ...x, pdevPath: undefined, format: 'empty' } : x,
    ),
  };
  return 0;
};

const migrate: Sub = async (args, p, host) => {
  const { opts, rest } = getopt(args, ['-s', '-C', '-e']);
  const d = await find(p, host, rest[0]);
  if (!d) return 1;
  const target = rest[1] ?? '';
  if (!LOOPBACK_NAMES.includes(target) && !/^\d+\.\d+\.\d+\.\d+$/.test(target) && !target.includes(':')) {
    await warn(p, `ssh: Could not resolve hostname ${target}: Temporary failure in name resolution`);
    await warn(p, 'migration sender: Target has stopped (stopped during the transfer).');
    await warn(p, `migration sender: Domain ${d.id} is still running.`);
    return 1;
  }
  return migrateSend(p, host, d, target, opts.get('-s')); // ./migrate.ts
};

const LOOPBACK_NAMES = ['localhost'];

const accept: Sub = async (args, p, host) => {
  const d = await find(p, host, args[0]);
  return d ? 0 : 1;
};

const SUBCOMMANDS: Record<string, Sub> = {
  create,
  list,
  info,
  uptime,
  'vcpu-list': vcpuList,
  'vcpu-set': vcpuSet,
  'vcpu-pin': accept,
  'vm-list': vmList,
  domid,
  domname,
  shutdown,
  reboot,
  destroy,
  pause,
  unpause,
  rename,
  save,
  restore,
  'mem-set': memSet,
  'mem-max': memMax,
  'sched-credit': schedCredit,
  'sched-credit2': schedCredit2,
  'block-list': blockList,
  'network-list': networkList,
  'block-attach': blockAttach,
  'block-detach': blockDetach,
  'network-attach': networkAttach,
  'network-detach': networkDetach,
  'cd-insert': cdInsert,
  'cd-eject': cdEject,
  console,
  dmesg,
  migrate,
  'migrate-receive': (_args, p, host) => migrateReceive(p, host),
  trigger: accept,
  sysrq: accept,
};
