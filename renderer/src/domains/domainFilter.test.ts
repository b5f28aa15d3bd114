import { describe, expect, it } from 'vitest';
import type { DomainRow } from '../../../shared/types';
import {
  filterDomains,
  groupDomains,
  isFiltering,
  matchesFilter,
  parseTags,
  EMPTY_FILTER,
} from './domainFilter';

const row = (over: Partial<DomainRow>): DomainRow => ({
  name: 'x',
  id: 1,
  uuid: null,
  state: 'running',
  stateFlags: 'r-----',
  type: 'pv',
  cpuPercent: 0,
  cpuSeconds: 0,
  memoryMiB: 128,
  maxMemoryMiB: 128,
  vcpus: 1,
  maxVcpus: 1,
  uptimeSeconds: 10,
  defined: true,
  cfgPath: null,
  autostart: false,
  ...over,
});

const rows = [
  row({ name: 'pvdisk', state: 'blocked', uuid: 'abcd1234-0000' }),
  row({ name: 'hvm1', type: 'hvm', state: 'paused' }),
  row({ name: 'db01', id: null, state: 'shut off', type: 'pv' }),
  row({ name: 'webserver', id: null, state: 'shut off', type: 'hvm' }),
  row({ name: 'pvh-box', type: 'pvh', state: 'crashed' }),
];
const names = (rs: DomainRow[]) => rs.map((r) => r.name);

describe('domainFilter', () => {
  it('passes everything without a filter', () => {
    expect(isFiltering(EMPTY_FILTER)).toBe(false);
    expect(names(filterDomains(rows, EMPTY_FILTER))).toEqual(names(rows));
  });

  it('searches names case-insensitively, every word must match', () => {
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, query: 'PV' }))).toEqual(['pvdisk', 'pvh-box']);
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, query: 'pv disk' }))).toEqual(['pvdisk']);
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, query: '  ' }))).toEqual(names(rows));
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, query: 'abcd12' }))).toEqual(['pvdisk']);
  });

  it('matches tags too', () => {
    const tags: Record<string, string[]> = { db01: ['prod'], hvm1: ['Production'] };
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, query: 'prod' }, (r) => tags[r.name] ?? []))).toEqual(
      ['hvm1', 'db01'],
    );
  });

  it('filters by state in virt-manager words and by type', () => {
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, state: 'running' }))).toEqual(['pvdisk']);
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, state: 'shut off' }))).toEqual(['db01', 'webserver']);
    expect(names(filterDomains(rows, { ...EMPTY_FILTER, type: 'hvm' }))).toEqual(['hvm1', 'webserver']);
    expect(names(filterDomains(rows, { query: 'web', state: 'shut off', type: 'hvm' }))).toEqual([
      'webserver',
    ]);
    expect(matchesFilter(row({ state: 'idle' }), { ...EMPTY_FILTER, state: 'running' })).toBe(true);
    expect(matchesFilter(row({ state: 'dying' }), { ...EMPTY_FILTER, state: 'shutdown' })).toBe(true);
  });

  it('groups by tag: one group per tag, untagged last', () => {
    const tags: Record<string, string[]> = { pvdisk: ['web', 'prod'], hvm1: ['prod'] };
    const groups = groupDomains(rows, 'tag', { tagsOf: (r) => tags[r.name] ?? [], untaggedLabel: 'No tag' });
    expect(groups.map((g) => [g.label, names(g.rows)])).toEqual([
      ['prod', ['pvdisk', 'hvm1']],
      ['web', ['pvdisk']],
      ['No tag', ['db01', 'webserver', 'pvh-box']],
    ]);
  });

  it('groups by host in the sidebar order', () => {
    const host: Record<string, string> = { pvdisk: 'h2', hvm1: 'h1', db01: 'h2' };
    const groups = groupDomains(rows.slice(0, 3), 'host', {
      hostOf: (r) => host[r.name]!,
      hostLabel: (id) => id.toUpperCase(),
      hostOrder: ['h2', 'h1'],
    });
    expect(groups.map((g) => [g.id, g.label, names(g.rows)])).toEqual([
      ['h2', 'H2', ['pvdisk', 'db01']],
      ['h1', 'H1', ['hvm1']],
    ]);
    expect(groupDomains(rows, 'none')).toHaveLength(1);
  });

  it('parses tags as typed', () => {
    expect(parseTags(' web, #prod  db,web ')).toEqual(['web', 'prod', 'db']);
    expect(parseTags('')).toEqual([]);
  });
});
