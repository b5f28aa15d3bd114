import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXlSched, parseXlVcpuList } from './xlVcpuSched';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseXlVcpuList', () => {
  it('the real capture: a vCPU set but not yet onlined by the guest shows --p', () => {
    const rows = parseXlVcpuList(fx('xl-vcpu-list.txt'));
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.name === 'pvdisk')).toEqual([
      {
        name: 'pvdisk',
        id: 12,
        vcpu: 0,
        cpu: 1,
        state: '-b-',
        online: true,
        cpuSeconds: 6.5,
        affinity: 'all',
      },
      {
        name: 'pvdisk',
        id: 12,
        vcpu: 1,
        cpu: null,
        state: '--p',
        online: false,
        cpuSeconds: 0.7,
        affinity: 'all',
      },
    ]);
  });
  it('after vcpu-set', () => {
    const rows = parseXlVcpuList(fx('xl-vcpu-list-after-vcpu-set.txt')).filter((r) => r.name === 'pvtiny');
    expect(rows.map((r) => r.online)).toEqual([true, false]);
  });
});

describe('parseXlSched', () => {
  it('credit2 table with the cpupool line', () => {
    const text =
      'Cpupool Pool-0: ratelimit=1000us\nName                                ID Weight  Cap\nDomain-0                             0    256    0\nweb 1                                3    512   50\n';
    expect(parseXlSched(text)).toEqual([
      { name: 'Domain-0', id: 0, weight: 256, cap: 0 },
      { name: 'web 1', id: 3, weight: 512, cap: 50 },
    ]);
  });
  it('the credit scheduler on a credit2 host prints nothing', () => {
    expect(parseXlSched(fx('xl-sched-credit.txt'))).toEqual([]);
  });
});
