// The periodic inventory poll: ONE remote exec running four commands, split back by section.

import type { HostSnapshot } from '../types';
import { shScript, splitScript } from '../quote';
import { joinDomains } from './domains';
import {
  XEN_DIR,
  inventoryArgv,
  joinInventory,
  looksLikeDomainConfig,
  parseInventory,
  readConfigText,
  resolveAutoTarget,
  type DefinedConfig,
  type InventoryListing,
} from './inventory';
import type { XlCfgSemantic } from './xlcfgTypes';
import { parseXentop, type XentopRow } from './xentop';
import { parseXlList, type XlListRow } from './xlList';
import { parseXlListLong, type XlListLongDomain } from './xlListLong';
import { parseXlUptime } from './xlUptime';

export type PollKey = 'list-long' | 'list' | 'uptime' | 'xentop' | 'inventory';

export const POLL_SECTIONS: readonly { key: PollKey; argv: readonly string[] }[] = [
  { key: 'list-long', argv: ['xl', 'list', '-l'] },
  { key: 'list', argv: ['xl', 'list'] },
  { key: 'uptime', argv: ['xl', 'uptime'] },
  // -i 2: the first iteration's CPU(%) is always 0; -f: full names
  { key: 'xentop', argv: ['xentop', '-b', '-i', '2', '-d', '1', '-f'] },
];

/**
 * The sections of one poll; `prefix` (e.g. ['sudo', '-n']) goes before every xl/xentop argv.
 * The last section lists the config files of /etc/xen (issue 5, ./inventory.ts): only the
 * contents whose hashes are not in `knownConfigHashes` are printed.
 */
export function pollSections(
  prefix: readonly string[] = [],
  knownConfigHashes: Iterable<string> = [],
): { key: PollKey; argv: string[] }[] {
  return [
    ...POLL_SECTIONS.map(({ key, argv }) => ({ key, argv: [...prefix, ...argv] })),
    { key: 'inventory' as const, argv: inventoryArgv(knownConfigHashes) },
  ];
}

/** The shell script for one poll (what runs as ONE exec on the host). */
export function pollScript(prefix: readonly string[] = [], knownConfigHashes: Iterable<string> = []): string {
  return shScript(pollSections(prefix, knownConfigHashes));
}

/** Semantic reads of config contents by hash, kept across polls (per host). null = not xl.cfg. */
export type ConfigCache = Map<string, XlCfgSemantic | null>;

export interface PollError {
  key: PollKey;
  /** exit code; -1 when the section is missing from the output */
  rc: number;
  /** the section's output (stdout+stderr), or the parser's complaint */
  output: string;
}

export interface PollResult {
  snapshot: Pick<HostSnapshot, 'dom0' | 'domains'>;
  errors: PollError[];
  /** the config files as listed by this poll (null when the section is missing) */
  listing: InventoryListing | null;
  /** the configs used for the join */
  configs: DefinedConfig[];
}

/**
 * Parse the stdout of pollScript(). A failing section is reported in `errors` and
 * contributes nothing (e.g. no xentop → cpuPercent null); a failing `xl list` means no domains.
 */
export function parsePoll(stdout: string, cache: ConfigCache = new Map()): PollResult {
  const sections = splitScript(stdout);
  const errors: PollError[] = [];

  function section<T>(key: PollKey, parse: (text: string) => T, empty: T): T {
    const s = sections.get(key);
    if (!s) {
      errors.push({ key, rc: -1, output: 'section missing from the poll output' });
      return empty;
    }
    if (s.rc !== 0) {
      errors.push({ key, rc: s.rc, output: s.output });
      return empty;
    }
    try {
      return parse(s.output);
    } catch (e) {
      errors.push({ key, rc: s.rc, output: `${(e as Error).message}\n${s.output}` });
      return empty;
    }
  }

  const listLong = section<XlListLongDomain[]>('list-long', parseXlListLong, []);
  const list = section<XlListRow[]>('list', parseXlList, []);
  const uptime = section('uptime', parseXlUptime, new Map<string, number>());
  const xentop = section<XentopRow[]>('xentop', parseXentop, []);
  const running = joinDomains({ list, listLong, xentop, uptime });

  // the defined domains: a missing section (older script, truncated output) just adds none
  const inv = sections.get('inventory');
  if (!inv) return { snapshot: running, errors, listing: null, configs: [] };
  const listing = parseInventory(inv.output);
  for (const [hash, text] of listing.contents) cache.set(hash, readConfigText(text));
  const configs: DefinedConfig[] = [];
  for (const f of listing.files) {
    if (!cache.has(f.hash)) continue; // the host claimed to know it but we don't: next poll reads it
    const path = `${XEN_DIR}/${f.name}`;
    const cfg = cache.get(f.hash) ?? null;
    if (looksLikeDomainConfig(path, cfg)) configs.push({ path, hash: f.hash, cfg });
  }
  // forget contents no longer on the host
  const live = new Set(listing.files.map((f) => f.hash));
  for (const h of [...cache.keys()]) if (!live.has(h)) cache.delete(h);
  const autostart = listing.links.map((l) => ({ name: l.name, path: resolveAutoTarget(l.name, l.target) }));
  const { dom0, domains } = joinInventory({ running, configs, autostart });
  return { snapshot: { dom0, domains }, errors, listing, configs };
}
