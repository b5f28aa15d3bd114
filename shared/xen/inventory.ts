// The inventory of a host = running domains (xl list) ∪ defined domains (config files in
// /etc/xen) ∪ autostart (links in /etc/xen/auto), joined by uuid, then by name.
//
// The config files are listed by the SAME exec as the rest of the poll (the 'inventory'
// section): a constant script prints one `F HASH NAME` line per candidate file and the content
// of every file whose hash the caller does not know yet (passed as arguments), so an
// unchanged /etc/xen costs one sha256sum and no content on the wire.

import type { DomainRow } from '../types';
import { compareNames, type JoinedDomains } from './domains';
import { tryParseXlCfg } from './xlcfg';
import { readXlCfg } from './xlcfgRead';
import type { XlCfgSemantic } from './xlcfgTypes';

export const XEN_DIR = '/etc/xen';
export const AUTO_DIR = '/etc/xen/auto';
export const CFG_BEGIN = '@@XENDESK-CFG-BEGIN@@';
export const CFG_END = '@@XENDESK-CFG-END@@';

/** Files in /etc/xen that are not domain configs (xl's own, the packaging's, backups, editors'). */
export const NOT_A_DOMAIN_GLOBS = [
  'xl.conf',
  'xend-config*',
  'xend-pci-*',
  'xlexample*',
  'xmexample*',
  'README*',
  'cpupool',
  '*.bak',
  '*~',
  '*.orig',
  '*.rej',
  '*.swp',
  '*.tmp',
  '.*',
  '*.rpmnew',
  '*.rpmsave',
  '*.dpkg-*',
  '*.ucf-*',
  '*.sh',
  '*.py',
  '*.xml',
  '*.sxp',
  '*.pem',
  '*.key',
];

/** Largest file read as a config (anything bigger is not a domain config). */
export const MAX_CFG_BYTES = 256 * 1024;

/**
 * The constant inventory script (run as `sh -c SCRIPT sh KNOWN-HASH…`). It contains no input:
 * the known hashes arrive as positional parameters, file names never leave quoted expansions.
 *   F <sha256> <name>                 a candidate config (regular file or link to one)
 *   @@XENDESK-CFG-BEGIN@@ <sha256>    then the content, a newline, @@XENDESK-CFG-END@@
 *   L <name>\t<link target>           an entry of /etc/xen/auto ('' target: a plain file)
 */
export const INVENTORY_SCRIPT = [
  'cd /etc/xen 2>/dev/null || exit 0',
  'k=" $* "',
  'set --',
  'for f in *; do',
  `  case $f in ${NOT_A_DOMAIN_GLOBS.join('|')}) continue ;; esac`,
  '  [ -f "$f" ] || continue',
  `  [ "$(stat -L -c %s -- "$f")" -le ${MAX_CFG_BYTES} ] 2>/dev/null || continue`,
  '  set -- "$@" "$f"',
  'done',
  'if [ $# -gt 0 ]; then',
  '  sha256sum -- "$@" | while read -r h n; do',
  '    case $h in ""|\\\\*) continue ;; esac',
  '    echo "F $h $n"',
  '    case $k in',
  '      *" $h "*) ;;',
  `      *) echo "${CFG_BEGIN} $h"; cat -- "$n"; echo; echo "${CFG_END}" ;;`,
  '    esac',
  '  done',
  'fi',
  'for l in auto/*; do',
  '  [ -L "$l" ] && { printf "L %s\\t%s\\n" "${l#auto/}" "$(readlink -- "$l")"; continue; }',
  '  [ -f "$l" ] && printf "L %s\\t\\n" "${l#auto/}"',
  'done',
  'exit 0',
].join('\n');

/** The poll section's argv: `sh -c INVENTORY_SCRIPT sh HASH…` (no privilege prefix: /etc/xen is world-readable). */
export function inventoryArgv(knownHashes: Iterable<string> = []): string[] {
  const known = [...knownHashes].filter((h) => /^[0-9a-f]{64}$/.test(h));
  return ['sh', '-c', INVENTORY_SCRIPT, 'sh', ...known];
}

export interface InventoryListing {
  /** candidate config files in /etc/xen: name (relative) → content hash */
  files: { name: string; hash: string }[];
  /** contents printed this time (hashes the caller did not know) */
  contents: Map<string, string>;
  /** /etc/xen/auto entries: name → link target ('' for a plain file) */
  links: { name: string; target: string }[];
}

/** Parse the output of INVENTORY_SCRIPT. */
export function parseInventory(output: string): InventoryListing {
  const files: InventoryListing['files'] = [];
  const contents = new Map<string, string>();
  const links: InventoryListing['links'] = [];
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('F ')) {
      const m = /^F ([0-9a-f]{64}) (.+)$/.exec(line);
      if (m && !m[2]!.includes('/')) files.push({ hash: m[1]!, name: m[2]! });
    } else if (line.startsWith(CFG_BEGIN + ' ')) {
      const hash = line.slice(CFG_BEGIN.length + 1).trim();
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j] !== CFG_END) body.push(lines[j++]!);
      if (j >= lines.length) break; // truncated: ignore
      // the script adds one newline after the content: joining the lines undoes it exactly
      contents.set(hash, body.join('\n'));
      i = j;
    } else if (line.startsWith('L ')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const name = line.slice(2, tab);
      if (name && name !== '*' && !name.includes('/')) links.push({ name, target: line.slice(tab + 1) });
    }
  }
  return { files, contents, links };
}

/** One config file on the host, read semantically. */
export interface DefinedConfig {
  /** absolute path */
  path: string;
  hash: string;
  /** null when the file does not parse as xl.cfg */
  cfg: XlCfgSemantic | null;
}

/** Read one config's text (null when it is not xl.cfg syntax). */
export function readConfigText(text: string): XlCfgSemantic | null {
  const r = tryParseXlCfg(text);
  if (!r.ok) return null;
  try {
    return readXlCfg(r.doc);
  } catch {
    return null;
  }
}

/** Resolve an /etc/xen/auto link target to an absolute path ('' → the link itself). */
export function resolveAutoTarget(name: string, target: string): string {
  if (target === '') return `${AUTO_DIR}/${name}`;
  const abs = target.startsWith('/') ? target : `${AUTO_DIR}/${target}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** The name a config defines: its `name=`, else the file name without .cfg. */
export function configDomainName(path: string, cfg: XlCfgSemantic | null): string {
  if (cfg?.name) return cfg.name;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.cfg$/, '');
}

function normUuid(u: string | null | undefined): string | null {
  return u ? u.toLowerCase() : null;
}

/** A shut-off row from a config. */
export function rowFromConfig(c: DefinedConfig, autostart: boolean): DomainRow {
  const cfg = c.cfg;
  const memory = cfg?.memory ?? 32; // libxl's default target (LIBXL_MEMKB_DEFAULT → 32 MiB)
  const vcpus = cfg?.vcpus ?? 1;
  const row: DomainRow = {
    name: configDomainName(c.path, cfg),
    id: null,
    uuid: normUuid(cfg?.uuid),
    state: 'shut off',
    stateFlags: null,
    type: cfg?.type ?? 'pv', // xl's default on x86
    cpuPercent: null,
    cpuSeconds: null,
    memoryMiB: memory,
    maxMemoryMiB: Math.max(cfg?.maxmem ?? memory, memory),
    vcpus,
    maxVcpus: Math.max(cfg?.maxvcpus ?? vcpus, vcpus),
    uptimeSeconds: null,
    defined: true,
    cfgPath: c.path,
    autostart,
  };
  if (cfg && hasCfgVnc(cfg)) row.graphics = 'vnc';
  return row;
}

function hasCfgVnc(cfg: XlCfgSemantic): boolean {
  if (cfg.type === 'hvm') return cfg.vnc?.enable !== false;
  return (cfg.vfbs ?? []).some((v) => /(^|,)\s*vnc\s*=\s*1/.test(v));
}

/**
 * Whether a file is shown as a domain: an xl.cfg that says something about a domain, or any
 * *.cfg (even one that does not parse: the user can see it and fix it in the Config tab).
 */
export function looksLikeDomainConfig(path: string, cfg: XlCfgSemantic | null): boolean {
  if (path.endsWith('.cfg')) return true;
  if (!cfg) return false;
  return !!(cfg.name || cfg.kernel || cfg.bootloader || cfg.disks?.length || cfg.type || cfg.memory);
}

export interface InventoryInput {
  running: JoinedDomains;
  configs: DefinedConfig[];
  /** /etc/xen/auto entries, targets resolved to absolute paths */
  autostart: { name: string; path: string }[];
}

export interface Inventory extends JoinedDomains {
  /** configs that define the same domain name as another (only the first is used) */
  duplicates: DefinedConfig[];
}

/**
 * Join running domains with the defined ones. A running domain matches a config by uuid when
 * both have one, else by name; the config's path and autostart then decorate the running row.
 * Configs that match nothing become 'shut off' rows. When several configs define one name the
 * one named NAME.cfg wins, then the one with an autostart link, then the first by path.
 */
export function joinInventory(input: InventoryInput): Inventory {
  const autoPaths = new Set(input.autostart.map((a) => a.path));
  const autoNames = new Set(input.autostart.map((a) => a.name.replace(/\.cfg$/, '')));
  const isAuto = (c: DefinedConfig): boolean => autoPaths.has(c.path);

  const rank = (c: DefinedConfig): number => {
    const name = configDomainName(c.path, c.cfg);
    const base = c.path.slice(c.path.lastIndexOf('/') + 1);
    if (base === `${name}.cfg`) return 0;
    if (isAuto(c)) return 1;
    if (base === name) return 2;
    return 3;
  };
  const sorted = [...input.configs].sort(
    (a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const byName = new Map<string, DefinedConfig>();
  const duplicates: DefinedConfig[] = [];
  for (const c of sorted) {
    const name = configDomainName(c.path, c.cfg);
    if (byName.has(name)) duplicates.push(c);
    else byName.set(name, c);
  }
  const byUuid = new Map<string, DefinedConfig>();
  for (const c of byName.values()) {
    const u = normUuid(c.cfg?.uuid);
    if (u && !byUuid.has(u)) byUuid.set(u, c);
  }

  const used = new Set<DefinedConfig>();
  const domains: DomainRow[] = [];
  for (const r of input.running.domains) {
    const u = normUuid(r.uuid);
    let c = u ? byUuid.get(u) : undefined;
    if (c && used.has(c)) c = undefined;
    if (!c) {
      const n = byName.get(r.name);
      // a config whose uuid names ANOTHER domain does not describe this one
      const nu = normUuid(n?.cfg?.uuid);
      if (n && !used.has(n) && (!nu || !u || nu === u)) c = n;
    }
    const row: DomainRow = { ...r };
    if (c) {
      used.add(c);
      row.defined = true;
      row.cfgPath = c.path;
      row.autostart = isAuto(c);
    } else {
      row.defined = false;
      row.cfgPath = null;
      row.autostart = autoNames.has(r.name);
    }
    domains.push(row);
  }
  for (const c of byName.values()) {
    if (used.has(c)) continue;
    domains.push(rowFromConfig(c, isAuto(c)));
  }
  domains.sort((a, b) => compareNames(a.name, b.name));
  return { dom0: input.running.dom0, domains, duplicates };
}
