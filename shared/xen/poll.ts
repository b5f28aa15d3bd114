// The periodic inventory poll: ONE remote exec running four commands, split back by section.

import type { HostSnapshot } from '../types';
import { shScript, splitScript } from '../quote';
import { joinDomains } from './domains';
import { parseXentop, type XentopRow } from './xentop';
import { parseXlList, type XlListRow } from './xlList';
import { parseXlListLong, type XlListLongDomain } from './xlListLong';
import { parseXlUptime } from './xlUptime';

export type PollKey = 'list-long' | 'list' | 'uptime' | 'xentop';

export const POLL_SECTIONS: readonly { key: PollKey; argv: readonly string[] }[] = [
  { key: 'list-long', argv: ['xl', 'list', '-l'] },
  { key: 'list', argv: ['xl', 'list'] },
  { key: 'uptime', argv: ['xl', 'uptime'] },
  // -i 2: the first iteration's CPU(%) is always 0; -f: full names
  { key: 'xentop', argv: ['xentop', '-b', '-i', '2', '-d', '1', '-f'] },
];

/** The sections of one poll; `prefix` (e.g. ['sudo', '-n']) goes before every argv. */
export function pollSections(prefix: readonly string[] = []): { key: PollKey; argv: string[] }[] {
  return POLL_SECTIONS.map(({ key, argv }) => ({ key, argv: [...prefix, ...argv] }));
}

/** The shell script for one poll (what runs as ONE exec on the host). */
export function pollScript(prefix: readonly string[] = []): string {
  return shScript(pollSections(prefix));
}

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
}

/**
 * Parse the stdout of pollScript(). A failing section is reported in `errors` and
 * contributes nothing (e.g. no xentop → cpuPercent null); a failing `xl list` means no domains.
 */
export function parsePoll(stdout: string): PollResult {
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
  return { snapshot: joinDomains({ list, listLong, xentop, uptime }), errors };
}
