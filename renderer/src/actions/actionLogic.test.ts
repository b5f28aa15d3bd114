import { describe, expect, it } from 'vitest';
import type { DomainDetails } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import {
  clonePlan,
  deletableImages,
  diskEntries,
  menuBlocker,
  nameError,
  nextVdev,
  offerForce,
  progressPercent,
  resourceBounds,
  resourceChange,
  validHostPath,
} from './actionLogic';

const row = (over: Partial<DomainRow> = {}): DomainRow => ({
  name: 'web',
  id: 3,
  uuid: null,
  state: 'blocked',
  stateFlags: '-b----',
  type: 'hvm',
  cpuPercent: 1,
  cpuSeconds: 1,
  memoryMiB: 512,
  maxMemoryMiB: 1024,
  vcpus: 1,
  maxVcpus: 2,
  uptimeSeconds: 1,
  defined: true,
  cfgPath: '/etc/xen/web.cfg',
  autostart: false,
  ...over,
});

const details = (over: Partial<DomainDetails> = {}): DomainDetails => ({
  row: row(),
  config: null,
  cfg: {
    name: 'web',
    disks: [
      { target: '/var/lib/xen/images/web.img', vdev: 'xvda', access: 'rw', raw: '' },
      { target: '/iso/d.iso', vdev: 'hdc', access: 'ro', devtype: 'cdrom', raw: '' },
      { target: '/var/lib/xen/images/shared.img', vdev: 'xvdb', access: 'ro', raw: '' },
      { target: '/dev/vg/data', vdev: 'xvdc', access: 'rw', raw: '' },
    ],
  },
  cfgErrors: [],
  vcpuList: [],
  onlineVcpus: 1,
  sched: { scheduler: 'credit2', weight: 256, cap: 0 },
  hostFreeMemoryMiB: 2048,
  ...over,
});

describe('menuBlocker', () => {
  const ctx = { connected: true, otherHosts: 1 };
  it.each([
    ['save', row(), null],
    ['save', row({ id: null, state: 'shut off' }), 'act.needsRunning'],
    ['clone', row(), 'act.needsStopped'],
    ['clone', row({ id: null, state: 'shut off' }), null],
    ['clone', row({ id: null, state: 'shut off', defined: false }), 'act.needsConfig'],
    ['migrate', row(), null],
    ['cd', row({ type: 'pv' }), 'act.needsHvm'],
    ['autostart', row({ defined: false, cfgPath: null }), 'act.needsConfig'],
    ['delete', row(), null],
    ['restore', null, null],
  ] as const)('%s on %o → %s', (verb, d, expected) => {
    expect(menuBlocker(verb, d, ctx)).toBe(expected);
  });
  it('migrate needs another connected host; nothing without a connection', () => {
    expect(menuBlocker('migrate', row(), { connected: true, otherHosts: 0 })).toBe('act.needsOtherHost');
    expect(menuBlocker('restore', null, { connected: false, otherHosts: 0 })).toBe('action.noSelection');
  });
});

describe('validation', () => {
  it('host paths as the backend accepts them', () => {
    expect(validHostPath('/var/lib/xen/save/web.save')).toBe(true);
    for (const bad of ['relative', '/a/../b', '/a/-rf', '/a/$(x)', '/a b', "/a'b", '/a;b', ''])
      expect(validHostPath(bad)).toBe(false);
  });
  it('names', () => {
    expect(nameError('web2', 'web', ['db'])).toBeNull();
    expect(nameError('web', 'web', [])).toBe('act.err.same');
    expect(nameError('db', 'web', ['db'])).toBe('act.err.taken');
    expect(nameError('-x', 'web', [])).toBe('act.err.name');
    expect(nameError('a b', 'web', [])).toBe('act.err.name');
  });
});

describe('resources', () => {
  it('bounds: a running domain may grow its maximum by the free memory', () => {
    const b = resourceBounds(details());
    expect(b).toMatchObject({ running: true, memory: 512, maxmem: 1024, maxmemLimit: 3072, maxVcpus: 2 });
  });
  it('only what changed is sent; errors are per field', () => {
    const b = resourceBounds(details());
    const same = { memory: '512', maxmem: '1024', vcpus: '1', weight: '256', cap: '0' };
    expect(resourceChange(same, b)).toEqual({ errors: {}, change: {} });
    expect(resourceChange({ ...same, memory: '768', vcpus: '2', weight: '512' }, b).change).toEqual({
      memory: { targetMiB: 768 },
      vcpus: 2,
      sched: { weight: 512 },
    });
    const bad = resourceChange({ ...same, memory: '2000', vcpus: '3', maxmem: 'x' }, b).errors;
    expect(bad.maxmem?.key).toBe('act.res.err.int');
    expect(bad.vcpus).toEqual({ key: 'act.res.err.range', vars: { min: 1, max: 2 } });
    expect(resourceChange({ ...same, memory: '1500' }, b).errors.memory?.key).toBe('act.res.err.range');
  });
});

describe('disks', () => {
  it('clone copies writable images only', () => {
    expect(clonePlan(details())).toEqual({
      copies: ['/var/lib/xen/images/web.img'],
      shared: ['/iso/d.iso', '/var/lib/xen/images/shared.img', '/dev/vg/data'],
    });
  });
  it('delete offers image files, never CD-ROMs or block devices', () => {
    expect(deletableImages(details())).toEqual([
      '/var/lib/xen/images/web.img',
      '/var/lib/xen/images/shared.img',
    ]);
  });
  it('the running config wins over the file', () => {
    const d = details({
      config: {
        name: 'web',
        type: 'hvm',
        maxMemKiB: null,
        targetMemKiB: null,
        disks: [{ vdev: 'xvda', pdevPath: '/live.img', readwrite: true, isCdrom: false }],
        nics: [],
        vfbs: [],
      },
    });
    expect(diskEntries(d)).toEqual([{ vdev: 'xvda', target: '/live.img', cdrom: false, readOnly: false }]);
    expect(nextVdev(['xvda', 'xvdb'])).toBe('xvdc');
  });
});

describe('shutdown follow-up and progress', () => {
  it('offers force via ACPI for an HVM guest still up after the delay', () => {
    expect(offerForce(row(), 0, 29_999, 30_000)).toBe(false);
    expect(offerForce(row(), 0, 30_000, 30_000)).toBe(true);
    expect(offerForce(row({ type: 'pv' }), 0, 60_000, 30_000)).toBe(false);
    expect(offerForce(row({ id: null, state: 'shut off' }), 0, 60_000, 30_000)).toBe(false);
    expect(offerForce(null, 0, 60_000, 30_000)).toBe(false);
  });
  it('percent', () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ taskId: 'a', hostId: 'h', label: '', fraction: 0.426, done: false })).toBe(43);
    expect(progressPercent({ taskId: 'a', hostId: 'h', label: '', fraction: null, done: false })).toBeNull();
  });
});
