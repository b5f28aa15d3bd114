// Semantic reader for xl.cfg documents, and the disk/vif spec parsers and formatters.
//
// Values are read the way xl_parse.c reads them through libxlu: the LAST assignment of a key wins
// (with `+=` concatenation), numbers are strtol(…, 0) of the atom (so "0x100" and "0200" = 128 work,
// "256M" does not), booleans are numbers, a string key given a list (or vice versa) is ignored.
// Keys absent from the file stay undefined.
//
// parseDiskSpec() emulates libxlu_disk_l.l (flex, longest match, trailing context) and libxlu_disk.c;
// errors carry xl's wording.

import { parseXlCfg, resolveSetting, xlDomainType, xlParseLong } from './xlcfg';
import type { XlCfgDocument, XlCfgPlain } from './xlcfg';
import type { XlCfgSemantic, XlDiskSpec, XlVifSpec, XlVncSettings } from './xlcfgTypes';

// ---------------------------------------------------------------- disk specs

const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'empty', 'qed'];
const BACKENDTYPES = ['phy', 'tap', 'qdisk', 'standalone'];

interface DiskRule {
  /** sticky regex; group 1 (when present) is the consumed part, the rest is trailing context */
  re: RegExp;
  act: (yytext: string, ctx: DiskCtx) => boolean | void; // return true to stop (flex `return 0`)
}

interface DiskCtx {
  spec: string;
  target?: string;
  format?: string;
  formatExplicit: boolean;
  vdev?: string;
  access?: string;
  accessSet: boolean;
  cdrom?: boolean;
  script?: string;
  backend?: string;
  backendtype?: string;
  legacy: string[];
  hadDeprPrefix: boolean;
  err?: string;
}

function diskErr(ctx: DiskCtx, erroneous: string | null, message: string): void {
  const near = erroneous !== null ? `: near \`${erroneous}'` : '';
  ctx.err ??= `config parsing error in disk specification: ${message}${near} in \`${ctx.spec}'`;
}

const strip = (t: string) => (t.endsWith(',') ? t.slice(0, -1) : t);
const fromEquals = (t: string) => t.slice(t.indexOf('=') + 1);

function saveString(ctx: DiskCtx, what: 'target' | 'vdev' | 'script' | 'backend', value: string): void {
  const cur = ctx[what];
  if (cur) {
    diskErr(ctx, value, `${what} respecified`);
    return;
  }
  ctx[what] = value;
}

function setFormat(ctx: DiskCtx, str: string): void {
  const f = str === '' ? 'raw' : str;
  if (!FORMATS.includes(f)) return diskErr(ctx, str, 'unknown value for format');
  if (ctx.format !== undefined && ctx.format !== f) return diskErr(ctx, str, 'format respecified');
  ctx.format = f;
  if (str !== '') ctx.formatExplicit = true; // an empty positional format is xl's default, not a choice
}

function setAccess(ctx: DiskCtx, str: string): void {
  if (str === 'r' || str === 'ro') ctx.access = 'ro';
  else if (str === 'rw' || str === 'w' || str === '') ctx.access = 'rw';
  else diskErr(ctx, str, 'unknown value for access');
}

/** "<vdev>:<devtype>" as a positional parameter (deprecated, still accepted). */
function vdevAndDevtype(ctx: DiskCtx, str: string): boolean {
  const colon = str.lastIndexOf(':');
  if (colon < 0) return false;
  saveString(ctx, 'vdev', str.slice(0, colon));
  const type = str.slice(colon + 1);
  if (type === 'cdrom') ctx.cdrom = true;
  else if (type === 'disk') ctx.cdrom = false;
  else diskErr(ctx, type, 'unknown deprecated type');
  return true;
}

const kv = (name: string, act: (v: string, ctx: DiskCtx) => void): DiskRule => ({
  re: new RegExp(`${name}=[^,]*,?`, 'y'),
  act: (t, ctx) => act(fromEquals(strip(t)), ctx),
});
const flag = (name: string, act: (ctx: DiskCtx) => void = () => {}): DiskRule => ({
  re: new RegExp(`${name},?`, 'y'),
  act: (_t, ctx) => {
    act(ctx);
  },
});
const prefix = (re: string, act: (p: string, ctx: DiskCtx) => void): DiskRule => ({
  re: new RegExp(`((?:${re}):)[^\\n]*`, 'y'),
  act: (t, ctx) => {
    const p = t.slice(0, -1);
    ctx.hadDeprPrefix = true;
    ctx.legacy.push(p);
    act(p, ctx);
  },
});

// in libxlu_disk_l.l order (ties go to the earlier rule)
const DISK_RULES: DiskRule[] = [
  { re: /([ \t\n]+)(?:[^ \t\n][^\n]*)?/y, act: () => {} },
  kv('format', (v, c) => setFormat(c, v)),
  flag('cdrom', (c) => (c.cdrom = true)),
  flag('devtype=cdrom', (c) => (c.cdrom = true)),
  flag('devtype=disk', (c) => (c.cdrom = false)),
  { re: /devtype=[^,]*,?/y, act: (t, c) => diskErr(c, t, 'unknown value for type') },
  kv('access', (v, c) => setAccess(c, v)),
  kv('backend', (v, c) => saveString(c, 'backend', v)),
  kv('backendtype', (v, c) => {
    if (!BACKENDTYPES.includes(v)) return diskErr(c, v, 'unknown value for backendtype');
    if (c.backendtype !== undefined && c.backendtype !== v) return diskErr(c, v, 'backend respecified');
    c.backendtype = v;
  }),
  kv('specification', (v, c) => {
    if (v !== 'xen' && v !== 'virtio') diskErr(c, v, 'unknown value for specification');
  }),
  kv('vdev', (v, c) => saveString(c, 'vdev', v)),
  kv('script', (v, c) => saveString(c, 'script', v)),
  flag('direct-io-safe'),
  flag('discard'),
  flag('no-discard'),
  flag('colo'),
  flag('no-colo'),
  kv('colo-host', () => {}),
  kv('colo-port', (v, c) => {
    if (!parseInt(v, 10)) diskErr(c, v, 'unknown value for colo_port');
  }),
  kv('colo-export', () => {}),
  kv('active-disk', () => {}),
  kv('hidden-disk', () => {}),
  flag('trusted'),
  flag('untrusted'),
  flag('grant_usage=1'),
  flag('grant_usage=0'),
  { re: /target=[^\n]*/y, act: (t, c) => saveString(c, 'target', fromEquals(strip(t))) },
  { re: /[a-z][-a-z0-9]*=[^,],?/y, act: (t, c) => diskErr(c, t, 'unknown parameter') },
  prefix('raw|qcow2?|vhd', (p, c) => setFormat(c, p)),
  prefix('iscsi|e?nbd|drbd', (p, c) => saveString(c, 'script', `block-${p}`)),
  prefix('tapdisk', () => {}),
  prefix('tap2?', () => {}),
  prefix('aio', () => {}),
  prefix('ioemu', () => {}),
  prefix('file', () => {}),
  prefix('phy', () => {}),
  {
    re: /([a-z][a-z0-9]*:)(?:[^a-z0-9\n][^\n]*)?/y,
    act: (t, c) => {
      diskErr(c, t, 'unknown deprecated disk prefix');
      return true;
    },
  },
  {
    re: /[^=,]*,|[^=,]+,?/y,
    act: (t, c) => {
      const v = strip(t);
      if (c.err) return;
      if (c.target === undefined) c.target = v;
      else if (!c.hadDeprPrefix && c.format === undefined) {
        if (c.target === '' && vdevAndDevtype(c, v)) c.format = 'empty';
        else setFormat(c, v);
      } else if (c.vdev === undefined) {
        if (!vdevAndDevtype(c, v)) saveString(c, 'vdev', v);
      } else if (!c.accessSet) {
        c.accessSet = true;
        setAccess(c, v);
      } else {
        diskErr(c, v, 'too many positional parameters');
        return true;
      }
    },
  },
  // `.` enters the LEXERR state, whose `.*` takes the rest of the line into yytext (yymore)
  { re: /[^\n]/y, act: () => true },
];
const LEXERR_RULE = DISK_RULES[DISK_RULES.length - 1]!;

/** One match of the flex scanner at `i`: the rule, its length for longest-match, and what it consumes. */
function diskMatch(spec: string, i: number): { rule: DiskRule; consumed: number } | undefined {
  let best: { rule: DiskRule; len: number; consumed: number } | undefined;
  for (const rule of DISK_RULES) {
    rule.re.lastIndex = i;
    const m = rule.re.exec(spec);
    if (!m || m[0].length === 0) continue;
    const len = m[0].length;
    const consumed = m[1] !== undefined ? m[1].length : len;
    if (!best || len > best.len) best = { rule, len, consumed };
  }
  return best && { rule: best.rule, consumed: best.consumed };
}

/** Parse one disk spec (xl-disk-configuration(5)): positional, keyed, and the legacy xm forms. */
export function parseDiskSpec(spec: string): XlDiskSpec {
  const ctx: DiskCtx = { spec, formatExplicit: false, accessSet: false, legacy: [], hadDeprPrefix: false };
  let i = 0;
  while (i < spec.length) {
    const m = diskMatch(spec, i);
    if (!m) break;
    if (m.rule === LEXERR_RULE) {
      // `<LEXERR>.*` needs at least one more character; at the end flex just stops
      if (i + 1 < spec.length) diskErr(ctx, /[^\n]*/.exec(spec.slice(i))![0], 'bad disk syntax');
      break;
    }
    const yytext = spec.slice(i, i + m.consumed);
    i += m.consumed;
    if (m.rule.act(yytext, ctx)) break;
  }
  if (!ctx.err) {
    if (ctx.vdev === undefined) diskErr(ctx, null, 'no vdev specified');
    else if (ctx.target === undefined && !ctx.cdrom)
      diskErr(ctx, null, 'no target specified (and device not removable)');
  }
  const out: XlDiskSpec = { raw: spec };
  if (ctx.target) out.target = ctx.target;
  if (ctx.format !== undefined && ctx.formatExplicit) out.format = ctx.format;
  if (ctx.vdev !== undefined) out.vdev = ctx.vdev;
  if (ctx.access !== undefined) out.access = ctx.access;
  if (ctx.cdrom !== undefined) out.devtype = ctx.cdrom ? 'cdrom' : 'disk';
  if (ctx.script !== undefined) out.script = ctx.script;
  if (ctx.backend !== undefined) out.backend = ctx.backend;
  if (ctx.backendtype !== undefined) out.backendtype = ctx.backendtype;
  if (ctx.legacy.length) out.legacyPrefix = ctx.legacy;
  if (ctx.err) out.error = ctx.err;
  return out;
}

export interface XlDiskSpecInput {
  target?: string;
  format?: string;
  vdev?: string;
  access?: string;
  devtype?: string;
  script?: string;
  backend?: string;
  backendtype?: string;
}

function checkField(name: string, v: string): string {
  if (/[,\n]/.test(v) || v !== v.trim() || v === '')
    throw new Error(`invalid disk ${name}: ${JSON.stringify(v)}`);
  return v;
}

/** Keyed disk spec, target last (it may contain commas): `format=raw, vdev=xvda, access=rw, target=/path`. */
export function formatDiskSpec(d: XlDiskSpecInput): string {
  if (!d.vdev) throw new Error('a disk needs a vdev');
  const parts: string[] = [];
  const cdrom = d.devtype === 'cdrom';
  if (d.devtype !== undefined && d.devtype !== 'cdrom' && d.devtype !== 'disk')
    throw new Error(`invalid devtype ${d.devtype}`);
  if (d.format !== undefined && !(cdrom && !d.target && d.format === 'empty')) {
    if (!FORMATS.includes(d.format)) throw new Error(`invalid disk format ${d.format}`);
    parts.push(`format=${d.format}`);
  }
  parts.push(`vdev=${checkField('vdev', d.vdev)}`);
  if (d.devtype !== undefined) parts.push(`devtype=${d.devtype}`);
  if (d.access !== undefined) {
    const a =
      d.access === 'r' || d.access === 'ro' ? 'ro' : d.access === 'w' || d.access === 'rw' ? 'rw' : undefined;
    if (!a) throw new Error(`invalid disk access ${d.access}`);
    parts.push(`access=${a}`);
  }
  if (d.backendtype !== undefined) parts.push(`backendtype=${checkField('backendtype', d.backendtype)}`);
  if (d.backend !== undefined) parts.push(`backend=${checkField('backend', d.backend)}`);
  if (d.script !== undefined) parts.push(`script=${checkField('script', d.script)}`);
  if (d.target) {
    if (d.target.includes('\n')) throw new Error('disk target cannot contain a newline');
    // xl strips ONE trailing comma from target=…: double it so a target ending in ',' survives
    parts.push(`target=${d.target}${d.target.endsWith(',') ? ',' : ''}`);
  } else if (!cdrom) {
    throw new Error('a disk needs a target (only a CD-ROM drive may be empty)');
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------- vif specs

const VIF_FIELDS = ['mac', 'bridge', 'model', 'type', 'vifname', 'script', 'ip', 'rate'] as const;
type VifField = (typeof VIF_FIELDS)[number];
const VIF_OTHER = [
  'backend',
  'netdev',
  'gatewaydev',
  'forwarddev',
  'mtu',
  'accel',
  'devid',
  'trusted',
  'powerdown',
];

/** Parse a vif spec the way xl does: strtok on ',', leading blanks dropped, `key=value` tokens. */
export function parseVifSpec(spec: string): XlVifSpec {
  const out: XlVifSpec = { raw: spec };
  for (let tok of spec.split(',')) {
    if (tok === '') continue;
    tok = tok.replace(/^ +/, '');
    const eq = tok.indexOf('=');
    const key = eq < 0 ? '' : tok.slice(0, eq);
    const value = tok.slice(eq + 1);
    if ((VIF_FIELDS as readonly string[]).includes(key)) out[key as VifField] = value;
    else if (VIF_OTHER.includes(key)) (out.other ??= {})[key] = value;
    else if (tok !== '') (out.unknown ??= []).push(tok);
  }
  return out;
}

export type XlVifSpecInput = Partial<Omit<XlVifSpec, 'raw' | 'unknown'>>;

/** `mac=…,bridge=…,type=…,model=…,vifname=…,script=…,ip=…,rate=…` (only the keys given). */
export function formatVifSpec(v: XlVifSpecInput): string {
  const parts: string[] = [];
  const add = (k: string, val: string | undefined) => {
    if (val === undefined) return;
    if (/[,\n]/.test(val)) throw new Error(`invalid vif ${k}: ${JSON.stringify(val)}`);
    parts.push(`${k}=${val}`);
  };
  for (const k of VIF_FIELDS) add(k, v[k]);
  for (const [k, val] of Object.entries(v.other ?? {})) add(k, val);
  return parts.join(',');
}

// ---------------------------------------------------------------- semantic reader

/** C atoi(): leading blanks, sign, digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** vnc settings of a vfb spec, parsed as xl does (stops at the first token without '='). */
function vncFromVfb(spec: string): XlVncSettings {
  const vnc: XlVncSettings = {};
  for (let tok of spec.split(',')) {
    if (tok === '') continue;
    tok = tok.replace(/^ +/, '');
    const eq = tok.indexOf('=');
    if (eq < 0) break;
    const k = tok.slice(0, eq);
    const v = tok.slice(eq + 1);
    if (k === 'vnc') vnc.enable = atoi(v) !== 0;
    else if (k === 'vnclisten') vnc.listen = v;
    else if (k === 'vncpasswd') vnc.passwd = v;
    else if (k === 'vncdisplay') vnc.display = atoi(v);
    else if (k === 'vncunused') vnc.unused = atoi(v) !== 0;
  }
  return vnc;
}

class Reader {
  constructor(private readonly doc: XlCfgDocument) {}

  /** the atom xl would get from xlu_cfg_get_string (undefined for lists); True/False read as 1/0 */
  str(key: string): string | undefined {
    const r = resolveSetting(this.doc, key);
    if (!r || typeof r.value !== 'string') return undefined;
    if (r.setting.value.kind === 'bare' && r.op === '=') {
      if (r.value === 'True') return '1';
      if (r.value === 'False') return '0';
    }
    return r.value;
  }

  num(key: string): number | undefined {
    const r = resolveSetting(this.doc, key);
    if (!r || r.op === '+=') return undefined;
    const s = this.str(key);
    return s === undefined ? undefined : xlParseLong(s);
  }

  bool(key: string): boolean | undefined {
    const n = this.num(key);
    return n === undefined ? undefined : n !== 0;
  }

  /** list items as xl iterates them: strings, up to the first nested list */
  list(key: string): string[] | undefined {
    const r = resolveSetting(this.doc, key);
    if (!r || !Array.isArray(r.value)) return undefined;
    const out: string[] = [];
    for (const v of r.value as XlCfgPlain[]) {
      if (typeof v !== 'string') break;
      out.push(v);
    }
    return out;
  }
}

/** The semantic view of a document (what xl would use), keys absent from the file omitted. */
export function readXlCfg(doc: XlCfgDocument): XlCfgSemantic {
  const r = new Reader(doc);
  const out: XlCfgSemantic = {};
  const setStr = <K extends keyof XlCfgSemantic>(k: K & string) => {
    const v = r.str(k);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  };
  const setNum = <K extends keyof XlCfgSemantic>(k: K & string) => {
    const v = r.num(k);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  };

  setStr('name');
  const type = r.str('type');
  const builder = r.str('builder');
  if (type !== undefined) {
    const t = xlDomainType(type);
    if (t) out.type = t;
  } else if (builder !== undefined) {
    if ('hvm'.startsWith(builder)) out.type = 'hvm';
    else if ('generic'.startsWith(builder) || builder === 'linux') out.type = 'pv';
  }
  setNum('memory');
  setNum('maxmem');
  setNum('vcpus');
  setNum('maxvcpus');
  for (const k of ['uuid', 'kernel', 'ramdisk', 'cmdline', 'root', 'extra', 'bootloader', 'boot'] as const)
    setStr(k);
  const serial = r.str('serial') ?? r.list('serial')?.[0];
  if (serial !== undefined) out.serial = serial;

  const disks = r.list('disk');
  if (disks) out.disks = disks.map(parseDiskSpec);
  const vifs = r.list('vif');
  if (vifs) out.vifs = vifs.map(parseVifSpec);
  const vfbs = r.list('vfb');
  if (vfbs) out.vfbs = vfbs;

  // HVM: top-level vnc*; PV/PVH: the first vfb's, or the top-level ones when there is no vfb
  let vnc: XlVncSettings = {};
  const firstVfb = vfbs?.[0];
  if (out.type !== 'hvm' && firstVfb !== undefined) {
    vnc = vncFromVfb(firstVfb);
  } else {
    const enable = r.bool('vnc');
    if (enable !== undefined) vnc.enable = enable;
    const listen = r.str('vnclisten');
    if (listen !== undefined) vnc.listen = listen;
    const display = r.num('vncdisplay');
    if (display !== undefined) vnc.display = display;
    const passwd = r.str('vncpasswd');
    if (passwd !== undefined) vnc.passwd = passwd;
    const unused = r.bool('vncunused');
    if (unused !== undefined) vnc.unused = unused;
  }
  if (Object.keys(vnc).length) out.vnc = vnc;

  setStr('on_poweroff');
  setStr('on_reboot');
  setStr('on_crash');
  return out;
}

/** parseXlCfg + readXlCfg (throws XlCfgSyntaxError). */
export function readXlCfgText(text: string): XlCfgSemantic {
  return readXlCfg(parseXlCfg(text));
}
