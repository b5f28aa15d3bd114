// `xendesk create`: virt-install-like flags → the wizard's CreateSpec → the SAME code as the
// wizard (shared/create/*, ./create.ts), so scripts and the UI never diverge.
//   xendesk create --host [user@]host[:port] [--identity F] [--known-hosts F] [--accept-new]
//     --name N --memory MiB [--maxmem MiB] --vcpus N[,maxvcpus=M] [--type pv|pvh|hvm]
//     (--cdrom ISO | --location URL [--extra-args ARGS] | --pxe | --import
//      | --boot kernel=K[,initrd=I][,cmdline=C])
//     [--disk path=P,size=GiB[,format=raw|qcow2] | --disk vg=VG,lv=LV,size=GiB | --disk path=P | --disk none]…
//     [--network bridge=BR[,mac=M][,model=e1000|rtl8139] | --network none]…
//     [--graphics vnc[,password=PW] | --graphics none] [--events on_poweroff=A,on_reboot=A,on_crash=A]
//     [--autostart] [--print-config] [--wait SECONDS] [--quiet]
// --print-config prints the generated xl.cfg and exits 0 without touching any host.
// Otherwise exit 0 only when the host runs the new domain; else non-zero with xl's error line.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ApiError } from '../../../shared/api';
import {
  CreateSpecSchema,
  type CreateFieldError,
  type CreateSpec,
  type CreateSpecInput,
} from '../../../shared/create/spec';
import { schemaFieldErrors } from '../../../shared/create/validate';
import { SpecError, generateXlCfg, resolveMacs } from '../../../shared/create/xlcfgGen';
import { DomainCliError, failureText, parseMemMiB, type LifecycleIo } from '../domains/cli';
import { connectionHost } from '../domains/hostAccess';
import { waitForDomain } from '../domains/lifecycle';
import { rowIn } from '../domains/remote';
import { createDomain } from './create';

export const CREATE_USAGE = `usage: xendesk create --host [user@]host[:port] [--identity FILE] [--known-hosts FILE] [--accept-new]
         --name NAME --memory MiB [--maxmem MiB] --vcpus N[,maxvcpus=M] [--type pv|pvh|hvm]
         --cdrom ISO | --location URL [--extra-args ARGS] | --pxe | --import | --boot kernel=K[,initrd=I][,cmdline=C]
         [--disk path=P,size=GiB[,format=raw|qcow2] | vg=VG,lv=LV,size=GiB | path=P (existing) | none]...
         [--network bridge=BR[,mac=MAC][,model=e1000|rtl8139] | none]... [--graphics vnc[,password=PW] | none]
         [--events on_poweroff=A,on_reboot=A,on_crash=A] [--autostart] [--wait SECONDS] [--quiet]
       xendesk create --print-config ... (the same flags, no --host: print the xl.cfg and exit)
  the type defaults to hvm for --cdrom and --pxe, else pv`;

const usage = (msg: string) => new DomainCliError(`${msg}\n${CREATE_USAGE}`, 2);

/** `k=v,k2=v2` (a first bare token is returned as `_`). */
export function parseKv(s: string, what: string, bareKey?: string): Map<string, string> {
  const out = new Map<string, string>();
  s.split(',').forEach((tok, i) => {
    if (tok === '') return;
    const eq = tok.indexOf('=');
    if (eq < 0) {
      if (i === 0 && bareKey) out.set(bareKey, tok);
      else throw usage(`bad ${what} option ${JSON.stringify(tok)}: use key=value`);
      return;
    }
    out.set(tok.slice(0, eq), tok.slice(eq + 1));
  });
  return out;
}

function only(m: Map<string, string>, allowed: string[], what: string): void {
  for (const k of m.keys())
    if (!allowed.includes(k)) throw usage(`unknown ${what} option ${k}= (known: ${allowed.join(', ')})`);
}

function num(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n))
    throw usage(`bad ${what} ${JSON.stringify(v ?? '')}`);
  return n;
}

type DiskIn = NonNullable<CreateSpecInput['disks']>;
type NicIn = NonNullable<CreateSpecInput['nics']>;

export function diskArg(s: string): DiskIn {
  if (s === 'none') return [];
  const m = parseKv(s, '--disk', 'path');
  only(m, ['path', 'size', 'format', 'vg', 'lv'], '--disk');
  if (m.has('vg') || m.has('lv')) {
    if (!m.get('vg') || !m.get('lv') || !m.has('size')) throw usage('an LVM --disk needs vg=, lv= and size=');
    return [{ kind: 'lvm', vg: m.get('vg')!, lv: m.get('lv')!, sizeGiB: num(m.get('size'), '--disk size') }];
  }
  const path = m.get('path');
  if (!path) throw usage('--disk needs path= (or vg=,lv=)');
  const format = m.get('format');
  if (format !== undefined && format !== 'raw' && format !== 'qcow2')
    throw usage(`bad --disk format ${format}: raw or qcow2`);
  if (m.has('size'))
    return [
      {
        kind: 'file',
        path,
        sizeGiB: num(m.get('size'), '--disk size'),
        format: (format ?? 'raw') as 'raw' | 'qcow2',
      },
    ];
  return [{ kind: 'existing', path, ...(format ? { format: format as 'raw' | 'qcow2' } : {}) }];
}

export function networkArg(s: string): NicIn {
  if (s === 'none') return [];
  const m = parseKv(s, '--network');
  only(m, ['bridge', 'mac', 'model'], '--network');
  const bridge = m.get('bridge');
  if (!bridge) throw usage('--network needs bridge=BRIDGE (or none)');
  const model = m.get('model');
  return [
    {
      bridge,
      ...(m.get('mac') ? { mac: m.get('mac')! } : {}),
      ...(model ? { model: model as 'e1000' } : {}),
    },
  ];
}

/** The flags as a CreateSpec (validated by the wizard's schema). */
export function specFromArgs(values: Record<string, string | boolean | string[] | undefined>): CreateSpec {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const name = str('name');
  if (!name) throw usage('--name is required');
  if (!str('memory')) throw usage('--memory is required');
  if (!str('vcpus')) throw usage('--vcpus is required');

  const sources: CreateSpecInput['source'][] = [];
  if (str('cdrom')) sources.push({ kind: 'cdrom', iso: str('cdrom')! });
  if (str('location'))
    sources.push({ kind: 'network', url: str('location')!, extraArgs: str('extra-args') ?? '' });
  if (values.pxe === true) sources.push({ kind: 'pxe' });
  if (values.import === true) sources.push({ kind: 'import' });
  if (str('boot')) {
    const b = parseKv(str('boot')!, '--boot');
    only(b, ['kernel', 'initrd', 'cmdline', 'kernel_args'], '--boot');
    if (!b.get('kernel')) throw usage('--boot needs kernel=PATH');
    const cmdline = b.get('cmdline') ?? b.get('kernel_args');
    sources.push({
      kind: 'kernel',
      kernel: b.get('kernel')!,
      ...(b.get('initrd') ? { ramdisk: b.get('initrd')! } : {}),
      ...(cmdline !== undefined ? { cmdline } : {}),
    });
  }
  if (sources.length !== 1)
    throw usage(
      sources.length
        ? 'choose ONE install source'
        : 'choose an install source: --cdrom, --location, --pxe, --import or --boot',
    );
  if (str('extra-args') !== undefined && sources[0]!.kind !== 'network')
    throw usage('--extra-args goes with --location');
  const source = sources[0]!;

  const vc = parseKv(str('vcpus')!, '--vcpus', 'vcpus');
  only(vc, ['vcpus', 'maxvcpus'], '--vcpus');
  const type = str('type') ?? (source.kind === 'cdrom' || source.kind === 'pxe' ? 'hvm' : 'pv');

  let graphics: CreateSpecInput['graphics'] = { vnc: false };
  if (str('graphics') && str('graphics') !== 'none') {
    const g = parseKv(str('graphics')!, '--graphics', 'kind');
    only(g, ['kind', 'password', 'passwd'], '--graphics');
    if (g.get('kind') !== 'vnc') throw usage(`--graphics ${g.get('kind')}: only vnc or none`);
    const pw = g.get('password') ?? g.get('passwd');
    graphics = { vnc: true, ...(pw !== undefined ? { password: pw } : {}) };
  }
  const ev = parseKv(str('events') ?? '', '--events');
  only(ev, ['on_poweroff', 'on_reboot', 'on_crash'], '--events');

  const input: CreateSpecInput = {
    name,
    type: type as 'pv',
    source,
    memoryMiB: parseMemMiB(str('memory')!),
    ...(str('maxmem') ? { maxmemMiB: parseMemMiB(str('maxmem')!) } : {}),
    vcpus: num(vc.get('vcpus'), '--vcpus'),
    ...(vc.has('maxvcpus') ? { maxvcpus: num(vc.get('maxvcpus'), 'maxvcpus') } : {}),
    disks: list('disk').flatMap(diskArg),
    nics: list('network').flatMap(networkArg),
    graphics,
    ...(ev.get('on_poweroff') ? { onPoweroff: ev.get('on_poweroff') as 'destroy' } : {}),
    ...(ev.get('on_reboot') ? { onReboot: ev.get('on_reboot') as 'destroy' } : {}),
    ...(ev.get('on_crash') ? { onCrash: ev.get('on_crash') as 'destroy' } : {}),
    autostart: values.autostart === true,
  };
  const r = CreateSpecSchema.safeParse(input);
  if (!r.success) throw new DomainCliError(fieldText(schemaFieldErrors(r.error.issues)), 2);
  return r.data;
}

/** Field errors in the flags' words. */
export function fieldText(errs: readonly CreateFieldError[]): string {
  const flag = (path: string): string => {
    const [head, idx, field] = path.split('.');
    if (head === 'disks') return `--disk #${Number(idx) + 1}${field ? ` ${field}` : ''}`;
    if (head === 'nics') return `--network #${Number(idx) + 1}${field ? ` ${field}` : ''}`;
    if (head === 'source') return '--cdrom/--location/--pxe/--import/--boot';
    const map: Record<string, string> = {
      name: '--name',
      memoryMiB: '--memory',
      maxmemMiB: '--maxmem',
      vcpus: '--vcpus',
      maxvcpus: '--vcpus maxvcpus',
      type: '--type',
      graphics: '--graphics',
      config: 'config',
    };
    return map[head!] ?? path;
  };
  return errs.map((e) => `${flag(e.path)}: ${e.message}`).join('\n');
}

export async function createCommand(args: string[], io: LifecycleIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        identity: { type: 'string', short: 'i' },
        'known-hosts': { type: 'string' },
        'accept-new': { type: 'boolean', default: false },
        name: { type: 'string', short: 'n' },
        memory: { type: 'string' },
        maxmem: { type: 'string' },
        vcpus: { type: 'string' },
        type: { type: 'string' },
        cdrom: { type: 'string' },
        location: { type: 'string', short: 'l' },
        'extra-args': { type: 'string', short: 'x' },
        pxe: { type: 'boolean', default: false },
        import: { type: 'boolean', default: false },
        boot: { type: 'string' },
        disk: { type: 'string', multiple: true },
        network: { type: 'string', short: 'w', multiple: true },
        graphics: { type: 'string' },
        events: { type: 'string' },
        autostart: { type: 'boolean', default: false },
        'print-config': { type: 'boolean', default: false },
        wait: { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    });
  } catch (e) {
    throw usage((e as Error).message);
  }
  const { values } = parsed;
  const spec = specFromArgs(values);
  const waitS = values.wait !== undefined ? Number(values.wait) : 60;
  if (!Number.isFinite(waitS) || waitS < 0) throw usage(`bad --wait ${values.wait}`);

  if (values['print-config']) {
    // no host: generated MACs are random (the host's create makes them unique among its domains)
    const rnd = randomBytes(8).toString('hex');
    try {
      io.out(generateXlCfg(spec, { macs: resolveMacs(spec, [], rnd) }));
    } catch (e) {
      if (e instanceof SpecError)
        throw new DomainCliError(fieldText([{ path: e.path, message: e.message }]), 2);
      throw e;
    }
    return 0;
  }

  const conn = await io.connect({
    host: values.host,
    identity: values.identity,
    'known-hosts': values['known-hosts'],
    'accept-new': values['accept-new'],
  });
  const say = (s: string) => {
    if (!values.quiet) io.out(s);
  };
  let lastDetail = '';
  const h = connectionHost(conn, {
    onProgress: (p) => {
      if (p.done || !p.detail || p.detail === lastDetail) return;
      lastDetail = p.detail;
      say(`${p.detail}\n`);
    },
  });
  try {
    const r = await createDomain(h, { spec });
    const row = await waitForDomain(
      h,
      spec.name,
      (x) => !!x && x.id !== null && !['shutdown', 'crashed', 'dying'].includes(x.state),
      waitS * 1000,
      500,
    );
    if (!row) {
      const now = rowIn(await h.refresh(), spec.name);
      throw new DomainCliError(
        `${spec.name} was created (${r.cfgPath}) but the host does not show it running after ${waitS} s (now ${now ? now.state : 'absent'}): see /var/log/xen/xl-${spec.name}.log`,
        1,
      );
    }
    say(
      `${spec.name}: ${row.state} (id ${row.id})\nconfig: ${r.cfgPath}\n${r.created
        .filter((c) => c !== r.cfgPath)
        .map((c) => `created: ${c}\n`)
        .join('')}`,
    );
    say(
      `console: xl console ${spec.type === 'hvm' ? '-t serial ' : ''}${spec.name}${r.console === 'vnc' ? ` (VNC: xl vncviewer ${spec.name})` : ''}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof DomainCliError) throw e;
    if (e instanceof ApiError && e.code === 'invalid-params') {
      const fe = (e.details as { fieldErrors?: CreateFieldError[] } | undefined)?.fieldErrors;
      throw new DomainCliError(fe?.length ? fieldText(fe) : e.message, 2);
    }
    const d =
      e instanceof ApiError
        ? (e.details as { undone?: string[]; leftBehind?: string[] } | undefined)
        : undefined;
    const extra = [
      ...(d?.undone?.length ? [`undone: ${d.undone.join(', ')}`] : []),
      ...(d?.leftBehind?.length ? [`LEFT ON THE HOST: ${d.leftBehind.join(', ')}`] : []),
    ];
    throw new DomainCliError([failureText(e), ...extra].join('\n'), 1);
  } finally {
    conn.close();
  }
}
