// Preview and create (issue 6). previewCreate: the config, host-aware field errors and
// `xl create -n` on a temp copy — nothing is left on the host. createDomain: a plan of steps
// (disks, installer download, /etc/xen/NAME.cfg, autostart link, xl create), each recorded as
// it succeeds so that a failure undoes EXACTLY what this call made, in reverse order — a file
// that existed before is refused up front and never touched.
import { ApiError, type XlFailureDetails } from '../../../shared/api';
import type {
  CreateFailureDetails,
  CreateFieldError,
  CreatePreview,
  CreateResult,
  CreateSpec,
} from '../../../shared/create/spec';
import { validateSpec } from '../../../shared/create/validate';
import {
  BOOT_DIR,
  SpecError,
  generateXlCfg,
  networkBootPaths,
  resolveMacs,
  type GenOptions,
} from '../../../shared/create/xlcfgGen';
import { summarizeXlError } from '../../../shared/xen/xlErrors';
import { matchXlHints } from '../../../shared/xen/xlHints';
import { readConfigText } from '../../../shared/xen/inventory';
import type { HostAccess } from '../domains/hostAccess';
import { AUTO_DIR, XEN_DIR, humanBytes, logTails, outputOf, rowIn, writeConfig } from '../domains/remote';
import { hostChecks, hostFacts, type HostFacts } from './options';

const GiB = 1024 ** 3;
let taskSeq = 0;
const newTaskId = () => `create-${Date.now().toString(36)}-${++taskSeq}`;

/** The MAC seed: host + name + NIC, so a preview and its create agree (and another host differs). */
const macSeed = (facts: HostFacts, spec: CreateSpec) =>
  `${facts.options.hostname ?? facts.options.hostId}/${spec.name}`;

/** stdin → a temp file in /tmp, `xl create -n` on it, temp removed; xl's exit code. */
const DRY_RUN = [
  't=$(mktemp -p /tmp xendesk-create.XXXXXXXX) || exit 1',
  'cat > "$t" || { rm -f -- "$t"; exit 1; }',
  'echo "$t" >&2',
  'xl create -n "$t"',
  'rc=$?',
  'rm -f -- "$t"',
  'exit $rc',
].join('\n');

interface Prepared {
  facts: HostFacts;
  text: string;
  macs: string[];
  fieldErrors: CreateFieldError[];
}

/** The name= of an edited config must stay the spec's name: /etc/xen/NAME.cfg is named after it. */
function editedConfigErrors(spec: CreateSpec, text: string): CreateFieldError[] {
  const cfg = readConfigText(text);
  if (!cfg) return [{ path: 'config', message: 'The config does not parse as xl.cfg.' }];
  if (cfg.name !== spec.name)
    return [
      {
        path: 'config',
        message: `The config's name (${cfg.name ?? 'missing'}) must be ${spec.name}, the name on the first page.`,
      },
    ];
  return [];
}

async function prepare(h: HostAccess, spec: CreateSpec, config: string | undefined): Promise<Prepared> {
  const facts = await hostFacts(h);
  const fieldErrors = validateSpec(spec, facts.options);
  const checks = await hostChecks(h, spec, facts);
  for (const e of checks.errors) if (!fieldErrors.some((f) => f.path === e.path)) fieldErrors.push(e);
  const macs = resolveMacs(spec, facts.options.usedMacs, macSeed(facts, spec));
  const gen: GenOptions = { macs, formats: checks.formats, pypxeboot: facts.options.pypxeboot };
  let text = config ?? '';
  if (config === undefined) {
    try {
      text = generateXlCfg(spec, gen);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      if (!fieldErrors.some((f) => f.path === e.path)) fieldErrors.push({ path: e.path, message: e.message });
    }
  } else {
    fieldErrors.push(...editedConfigErrors(spec, config));
  }
  return { facts, text, macs, fieldErrors };
}

/** `xl create -n` on the text (through a temp file that is removed again). */
async function dryRun(
  h: HostAccess,
  text: string,
  shownAs: string,
): Promise<{ ok: boolean; output: string }> {
  const r = await h.run(['sh', '-c', DRY_RUN, 'sh'], { stdin: text, timeoutMs: 60000 });
  const lines = r.stderr.split('\n');
  const tmp = lines[0]?.startsWith('/tmp/xendesk-create.') ? lines.shift()! : null;
  let output = lines.join('\n');
  if (tmp) output = output.split(tmp).join(shownAs);
  return { ok: r.code === 0, output: output.trim() };
}

export async function previewCreate(
  h: HostAccess,
  spec: CreateSpec,
  config?: string,
): Promise<CreatePreview> {
  const p = await prepare(h, spec, config);
  if (!p.text) return { config: '', ok: false, checkOutput: '', fieldErrors: p.fieldErrors, macs: p.macs };
  const d = await dryRun(h, p.text, `${XEN_DIR}/${spec.name}.cfg`);
  return { config: p.text, ok: d.ok, checkOutput: d.output, fieldErrors: p.fieldErrors, macs: p.macs };
}

// ------------------------------------------------------------------------------- create

/** Create a file only if nothing is at the path (exit 9 otherwise), then run the tool. */
const CREATE_RAW =
  'if [ -e "$1" ] || [ -L "$1" ]; then echo "$1: File exists" >&2; exit 9; fi\ntruncate -s "$2" "$1"';
const CREATE_QCOW2 =
  'if [ -e "$1" ] || [ -L "$1" ]; then echo "$1: File exists" >&2; exit 9; fi\nqemu-img create -q -f qcow2 "$1" "$2"';
/** mkdir that says whether it made the directory ("made") or it was there ("there"). */
const MKDIR = 'if [ -d "$1" ]; then echo there; else mkdir -m 755 -- "$1" && echo made; fi';

/**
 * Kernel/initrd locations in distribution trees, relative to the URL given:
 * Fedora/RHEL/CentOS/Rocky/Alma trees, Debian/Ubuntu mirrors (dists/SUITE, …/installer-amd64,
 * …/current), Debian's CD tree, openSUSE, and the generic isolinux layout.
 */
export const TREE_LAYOUTS: { name: string; kernel: string; initrd: string }[] = [
  { name: 'Fedora/RHEL', kernel: 'images/pxeboot/vmlinuz', initrd: 'images/pxeboot/initrd.img' },
  {
    name: 'Debian/Ubuntu (dists/SUITE)',
    kernel: 'main/installer-amd64/current/images/netboot/xen/vmlinuz',
    initrd: 'main/installer-amd64/current/images/netboot/xen/initrd.gz',
  },
  {
    name: 'Ubuntu legacy (dists/SUITE)',
    kernel: 'main/installer-amd64/current/legacy-images/netboot/xen/vmlinuz',
    initrd: 'main/installer-amd64/current/legacy-images/netboot/xen/initrd.gz',
  },
  {
    name: 'Debian (installer-amd64)',
    kernel: 'current/images/netboot/xen/vmlinuz',
    initrd: 'current/images/netboot/xen/initrd.gz',
  },
  { name: 'Debian (images)', kernel: 'images/netboot/xen/vmlinuz', initrd: 'images/netboot/xen/initrd.gz' },
  { name: 'Debian CD tree', kernel: 'install.amd/xen/vmlinuz', initrd: 'install.amd/xen/initrd.gz' },
  { name: 'openSUSE', kernel: 'boot/x86_64/loader/linux', initrd: 'boot/x86_64/loader/initrd' },
  { name: 'isolinux', kernel: 'isolinux/vmlinuz', initrd: 'isolinux/initrd.img' },
];

export function treeUrl(base: string, rel: string): string {
  return `${base.replace(/\/+$/, '')}/${rel}`;
}

function fetchArgv(tool: 'curl' | 'wget', dest: string, url: string): string[] {
  // curl -f: an HTTP error is a failure (exit 22), not an HTML page saved as the kernel
  return tool === 'curl'
    ? ['curl', '-fsSL', '--max-redirs', '5', '-o', dest, url]
    : ['wget', '-q', '-O', dest, url];
}

class StepFailed extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly output: string,
    readonly xl = false,
  ) {
    super(message);
  }
}

interface Made {
  what: string;
  undo: string[];
}

/** Run one host command of the plan; a failure is the step's failure. */
async function step(h: HostAccess, label: string, argv: string[], timeoutMs = 120000): Promise<string> {
  const r = await h.run(argv, { timeoutMs });
  if (r.code !== 0) {
    const out = outputOf(r) || `exit code ${r.code ?? r.signal}`;
    throw new StepFailed(label, `${label} failed: ${out.split('\n').find((l) => l.trim()) ?? out}`, out);
  }
  return outputOf(r);
}

function sizeArg(sizeGiB: number): string {
  return String(Math.ceil(sizeGiB * GiB));
}

/** lvcreate's size: whole GiB as "Ng", else MiB rounded up (LVM rounds up to its 4 MiB extents). */
export function lvSize(sizeGiB: number): string {
  return Number.isInteger(sizeGiB) ? `${sizeGiB}g` : `${Math.ceil(sizeGiB * 1024)}m`;
}

export interface CreateOptionsIn {
  spec: CreateSpec;
  config?: string;
  taskId?: string;
}

export async function createDomain(h: HostAccess, p: CreateOptionsIn): Promise<CreateResult> {
  const { spec } = p;
  const taskId = p.taskId ?? newTaskId();
  const label = `Creating ${spec.name}`;
  const newDisks = spec.disks.filter((d) => d.kind !== 'existing').length;
  const total = 3 + newDisks + (spec.source.kind === 'network' ? 2 : 0) + (spec.autostart ? 1 : 0);
  let done = 0;
  const progress = (detail: string, fraction: number | null = done / total) =>
    h.progress({ taskId, label, fraction, detail, done: false });

  progress('checking the host');
  const prep = await prepare(h, spec, p.config);
  if (prep.fieldErrors.length) {
    const first = prep.fieldErrors[0]!;
    const err = new ApiError('invalid-params', `${first.path}: ${first.message}`, {
      fieldErrors: prep.fieldErrors,
    });
    h.progress({ taskId, label, fraction: null, done: true, error: err.message });
    throw err;
  }
  const cfgPath = `${XEN_DIR}/${spec.name}.cfg`;
  const dry = await dryRun(h, prep.text, cfgPath);
  if (!dry.ok) {
    const msg = `xl rejected the config: ${summarizeXlError(dry.output, 1).message}`;
    h.progress({ taskId, label, fraction: null, done: true, error: msg });
    throw new ApiError('xl-failed', msg, {
      output: dry.output,
      domain: null,
      logs: [],
      hints: matchXlHints(dry.output),
    } satisfies XlFailureDetails);
  }
  done++;

  const made: Made[] = [];
  let current = '';
  try {
    // 1. disks
    for (const d of spec.disks) {
      if (d.kind === 'file') {
        current = `${d.format === 'qcow2' ? 'qemu-img create' : 'truncate'} ${d.path}`;
        progress(`creating ${d.path} (${d.sizeGiB} GiB ${d.format === 'qcow2' ? 'qcow2' : 'sparse raw'})`);
        await step(h, current, [
          'sh',
          '-c',
          d.format === 'qcow2' ? CREATE_QCOW2 : CREATE_RAW,
          'sh',
          d.path,
          sizeArg(d.sizeGiB),
        ]);
        made.push({ what: d.path, undo: ['rm', '-f', '--', d.path] });
      } else if (d.kind === 'lvm') {
        current = `lvcreate ${d.vg}/${d.lv}`;
        progress(`creating logical volume ${d.vg}/${d.lv} (${d.sizeGiB} GiB)`);
        // lvcreate refuses an existing name itself; --yes wipes old signatures on the new LV
        await step(h, current, ['lvcreate', '--yes', '-L', lvSize(d.sizeGiB), '-n', d.lv, d.vg]);
        made.push({ what: `/dev/${d.vg}/${d.lv}`, undo: ['lvremove', '-f', `${d.vg}/${d.lv}`] });
      } else continue;
      done++;
    }

    // 2. network install: the tree's kernel and initrd into /var/lib/xen/boot/NAME
    if (spec.source.kind === 'network') {
      const tool = prep.facts.options.fetchTool;
      if (!tool) throw new StepFailed('fetch', 'Neither curl nor wget is installed on the host.', '');
      const paths = networkBootPaths(spec.name);
      for (const dir of [BOOT_DIR, paths.dir]) {
        current = `mkdir ${dir}`;
        const r = await step(h, current, ['sh', '-c', MKDIR, 'sh', dir]);
        // the boot dir is removed only if empty (rmdir); NAME's dir holds only this call's downloads
        if (r.trim() === 'made')
          made.push({ what: dir, undo: dir === BOOT_DIR ? ['rmdir', '--', dir] : ['rm', '-rf', '--', dir] });
        else if (dir === paths.dir)
          throw new StepFailed(current, `${dir} already exists: not touched.`, `${dir}: File exists`);
      }
      await fetchTree(h, tool, spec.source.url, paths, (detail) => progress(detail));
      done += 2;
    }

    // 3. the config
    current = `write ${cfgPath}`;
    progress(`writing ${cfgPath}`);
    try {
      await writeConfig(h, cfgPath, prep.text, { expect: 'absent' });
    } catch (e) {
      throw new StepFailed(current, (e as Error).message, (e as Error).message);
    }
    made.push({ what: cfgPath, undo: ['rm', '-f', '--', cfgPath] });
    // a VNC password in the config: readable by root only (xl runs as root)
    if (spec.graphics.password) await step(h, `chmod 600 ${cfgPath}`, ['chmod', '600', '--', cfgPath]);
    done++;

    // 4. autostart (xendomains starts what /etc/xen/auto links to)
    if (spec.autostart) {
      current = `mkdir ${AUTO_DIR}`;
      const r = await step(h, current, ['sh', '-c', MKDIR, 'sh', AUTO_DIR]);
      if (r.trim() === 'made') made.push({ what: AUTO_DIR, undo: ['rmdir', '--', AUTO_DIR] });
      const link = `${AUTO_DIR}/${spec.name}.cfg`;
      current = `ln -s ../${spec.name}.cfg ${link}`;
      await step(h, current, ['ln', '-s', '--', `../${spec.name}.cfg`, link]);
      made.push({ what: link, undo: ['rm', '-f', '--', link] });
      done++;
    }

    // 5. boot it
    current = `xl create ${cfgPath}`;
    progress(`starting ${spec.name} (xl create)`);
    const r = await h.run(['xl', 'create', cfgPath], { timeoutMs: 300000 });
    if (r.code !== 0) {
      const out = outputOf(r);
      throw new StepFailed(
        current,
        summarizeXlError(out, r.code ?? -1).message || `exit code ${r.code}`,
        out,
        true,
      );
    }
  } catch (e) {
    const err = await failed(h, spec.name, current, e, made);
    h.progress({ taskId, label, fraction: null, done: true, error: err.message });
    throw err;
  }
  const snap = await h.refresh();
  h.progress({ taskId, label, fraction: 1, detail: `${spec.name} started`, done: true });
  return {
    name: spec.name,
    cfgPath,
    created: made.map((m) => m.what),
    domain: rowIn(snap, spec.name),
    console: spec.type === 'hvm' && spec.graphics.vnc ? 'vnc' : 'serial',
  };
}

/** Undo in reverse order, then the error with xl's diagnostics and what was (not) undone. */
async function failed(
  h: HostAccess,
  name: string,
  stepName: string,
  e: unknown,
  made: Made[],
): Promise<ApiError> {
  const undone: string[] = [];
  const leftBehind: string[] = [];
  for (const m of [...made].reverse()) {
    try {
      const r = await h.run(m.undo, { timeoutMs: 120000 });
      (r.code === 0 ? undone : leftBehind).push(m.what);
    } catch {
      leftBehind.push(m.what);
    }
  }
  const output = e instanceof StepFailed ? e.output : e instanceof Error ? e.message : String(e);
  const snap = await h.refresh().catch(() => null);
  const logs = e instanceof StepFailed && e.xl ? await logTails(h, name) : [];
  const details: CreateFailureDetails = {
    output,
    domain: rowIn(snap, name),
    logs,
    hints: matchXlHints([output, ...logs.map((l) => l.tail)].join('\n')),
    step: stepName,
    undone,
    leftBehind,
  };
  const why = e instanceof Error ? e.message : String(e);
  const tail = leftBehind.length
    ? ` Could not remove: ${leftBehind.join(', ')}.`
    : made.length
      ? ' Everything it had created was removed again.'
      : '';
  if (e instanceof ApiError && e.code === 'connection-lost')
    return new ApiError('connection-lost', `${why}${tail}`, details);
  return new ApiError('xl-failed', `${stepName}: ${why}${tail}`, details);
}

/** Try the layouts in order: the first whose kernel downloads wins; its initrd must follow. */
async function fetchTree(
  h: HostAccess,
  tool: 'curl' | 'wget',
  url: string,
  paths: { dir: string; kernel: string; ramdisk: string },
  progress: (detail: string) => void,
): Promise<void> {
  const tried: string[] = [];
  let lastOut = '';
  const sampled = async (
    dest: string,
    what: string,
    run: () => Promise<{ code: number | null; out: string }>,
  ) => {
    let stop = false;
    let wake: () => void = () => undefined;
    const tick = async () => {
      while (!stop) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, 500);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
        if (stop) break;
        const s = await h.run(['stat', '-c', '%s', '--', dest], { timeoutMs: 15000 }).catch(() => null);
        const n = s && s.code === 0 ? Number(s.stdout.trim()) : NaN;
        if (!stop && Number.isFinite(n)) progress(`fetching ${what}: ${humanBytes(n)}`);
      }
    };
    const t = tick();
    try {
      return await run();
    } finally {
      stop = true;
      wake();
      await t;
    }
  };
  const get = async (dest: string, u: string) => {
    const r = await h.run(fetchArgv(tool, dest, u), { timeoutMs: 30 * 60000 });
    return { code: r.code, out: outputOf(r) };
  };
  for (const layout of TREE_LAYOUTS) {
    const k = treeUrl(url, layout.kernel);
    tried.push(k);
    progress(`fetching ${k}`);
    const rk = await sampled(paths.kernel, layout.kernel, () => get(paths.kernel, k));
    if (rk.code !== 0) {
      lastOut = rk.out || `${tool} exit code ${rk.code}`;
      // wget -O leaves an empty file behind: the directory is ours, clear it for the next try
      await h.run(['rm', '-f', '--', paths.kernel]).catch(() => undefined);
      // a host that cannot reach the server at all fails the same way for every layout
      if (
        /resolve host|Failed to connect|Connection refused|unable to resolve|Could not resolve/i.test(lastOut)
      )
        break;
      continue;
    }
    const i = treeUrl(url, layout.initrd);
    progress(`fetching ${i}`);
    const ri = await sampled(paths.ramdisk, layout.initrd, () => get(paths.ramdisk, i));
    if (ri.code !== 0)
      throw new StepFailed(`fetch ${i}`, `the tree has ${layout.kernel} but not ${layout.initrd}`, ri.out);
    return;
  }
  throw new StepFailed(
    `fetch ${url}`,
    `no installer kernel found under ${url} (tried ${tried.length} layouts: ${TREE_LAYOUTS.map((l) => l.name).join(', ')})`,
    `${lastOut}\ntried:\n${tried.join('\n')}`.trim(),
  );
}
