import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../shared/api';
import type { DomainRow } from '../../shared/types';
import { fieldErrors } from './apiErrors';
import { canDoAction } from './domainActions';
import { cpuFraction, memoryText, vcpusText } from './domainFormat';
import { hostKeyCommand } from './hostKeyFile';
import { backendFormErrors, emptyHostForm, validateHostForm } from './hostForm';
import { createHostStore, displayState } from './hostStore';
import { nextSort, sortDomains } from './sortDomains';
import { en, t } from './strings';

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

describe('strings', () => {
  it('interpolates and picks plural forms', () => {
    expect(t('action.done.pause', { name: 'pvdisk' })).toBe('pvdisk paused');
    expect(t('domains.count', { count: 1 })).toBe('1 domain');
    expect(t('domains.count', { count: 3 })).toBe('3 domains');
  });
  it('has a word for every connection and domain state', () => {
    for (const s of ['connected', 'connecting', 'reconnecting', 'error', 'disconnected']) {
      expect(en).toHaveProperty(`conn.${s}`, s);
    }
  });
});

describe('domain actions', () => {
  it('enables actions by run state', () => {
    expect(canDoAction('pause', 'running')).toBe(true);
    expect(canDoAction('pause', 'paused')).toBe(false);
    expect(canDoAction('unpause', 'paused')).toBe(true);
    expect(canDoAction('unpause', 'blocked')).toBe(false);
    expect(canDoAction('shutdown', 'blocked')).toBe(true);
    expect(canDoAction('reboot', 'crashed')).toBe(false);
    expect(canDoAction('destroy', 'crashed')).toBe(true);
    expect(canDoAction('destroy', 'dying')).toBe(false);
  });
});

describe('sorting', () => {
  const rows = [
    row({ name: 'web10', cpuPercent: 5, id: 3 }),
    row({ name: 'web2', cpuPercent: null, id: 7 }),
    row({ name: 'db', cpuPercent: 50, id: 2 }),
  ];
  it('sorts names naturally and numbers with nulls last', () => {
    expect(sortDomains(rows, { column: 'name', direction: 'asc' }).map((r) => r.name)).toEqual([
      'db',
      'web2',
      'web10',
    ]);
    expect(sortDomains(rows, { column: 'cpu', direction: 'desc' }).map((r) => r.name)).toEqual([
      'db',
      'web10',
      'web2',
    ]);
    expect(sortDomains(rows, { column: 'cpu', direction: 'asc' }).map((r) => r.name)).toEqual([
      'web10',
      'db',
      'web2',
    ]);
  });
  it('flips the same column, starts numbers descending', () => {
    expect(nextSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({
      column: 'name',
      direction: 'desc',
    });
    expect(nextSort({ column: 'name', direction: 'asc' }, 'memory')).toEqual({
      column: 'memory',
      direction: 'desc',
    });
  });
});

describe('formatting', () => {
  it('shows max memory and vCPUs only when they differ', () => {
    expect(memoryText(row({ memoryMiB: 128, maxMemoryMiB: 256 }))).toBe('128 MiB / 256 MiB max');
    expect(memoryText(row({ memoryMiB: 2048, maxMemoryMiB: 2048 }))).toBe('2 GiB');
    expect(vcpusText(row({ vcpus: 1, maxVcpus: 2 }))).toBe('1 / 2');
    expect(vcpusText(row({ vcpus: 2, maxVcpus: 2 }))).toBe('2');
  });
  it('scales the CPU bar by vCPUs', () => {
    expect(cpuFraction(200, 4)).toBe(0.5);
    expect(cpuFraction(150, 1)).toBe(1);
    expect(cpuFraction(null, 1)).toBe(0);
  });
  it('names the host key file by type', () => {
    expect(hostKeyCommand('ssh-ed25519')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyCommand('ecdsa-sha2-nistp256')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub');
  });
});

describe('host form', () => {
  it('accepts the defaults plus a label and address', () => {
    const { errors, input } = validateHostForm({ ...emptyHostForm, label: 'xen01', address: '192.0.2.7' });
    expect(errors).toEqual({});
    expect(input).toEqual({
      label: 'xen01',
      address: '192.0.2.7',
      port: 22,
      username: 'root',
      auth: { kind: 'agent' },
    });
  });
  it('puts messages next to their fields', () => {
    const { errors } = validateHostForm({
      ...emptyHostForm,
      address: 'bad host!',
      port: '70000',
      authKind: 'key',
    });
    expect(errors.label).toBe('Required');
    expect(errors.address).toBe('not a host name or IP address');
    expect(errors.port).toMatch(/1 to 65535/);
    expect(errors.keyPath).toBe('Required');
  });
  it('maps backend invalid-params messages to fields', () => {
    expect(backendFormErrors('address: not a host name or IP address; auth.keyPath: too short')).toEqual({
      address: 'not a host name or IP address',
      keyPath: 'too short',
    });
    expect(fieldErrors('something odd', () => undefined)).toEqual({ '': 'something odd' });
  });
});

describe('host store', () => {
  const host: HostSummary = {
    id: 'h1',
    label: 'xen01',
    address: 'xen01',
    port: 22,
    username: 'root',
    auth: { kind: 'agent' },
    demo: false,
    state: 'disconnected',
  };
  it('keeps hosts by id and drops older snapshots', () => {
    const s = createHostStore();
    s.setHosts([host]);
    s.upsertHost({ ...host, state: 'connected' });
    expect(s.get().hosts).toHaveLength(1);
    s.setSnapshot({ hostId: 'h1', at: 2, dom0: null, domains: [row({ name: 'a' })] });
    s.setSnapshot({ hostId: 'h1', at: 1, dom0: null, domains: [] });
    expect(s.get().snapshots['h1']?.domains).toHaveLength(1);
    s.upsertHost({ ...host, state: 'disconnected' });
    expect(s.get().snapshots['h1']).toBeUndefined();
    s.removeHost('h1');
    expect(s.get().hosts).toHaveLength(0);
  });
  it('shows a failed attempt as error', () => {
    expect(displayState(host, 'refused')).toBe('error');
    expect(displayState(host, undefined)).toBe('disconnected');
  });
});
