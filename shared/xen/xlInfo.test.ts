import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXlInfo } from './xlInfo';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseXlInfo (xl-info.txt, Xen 4.17.7)', () => {
  const info = parseXlInfo(fx('xl-info.txt'));

  it('typed fields', () => {
    expect(info).toMatchObject({
      hostname: 'xendom0',
      xenVersion: '4.17.7',
      nrCpus: 2,
      totalMemoryMiB: 4095,
      freeMemoryMiB: 2017,
      scheduler: 'credit2',
      virtCaps: ['pv', 'hvm', 'hap', 'gnttab-v1', 'gnttab-v2'],
      // the real line ends with a space
      xenCaps: ['xen-3.0-x86_64', 'hvm-3.0-x86_32', 'hvm-3.0-x86_32p', 'hvm-3.0-x86_64'],
      canHvm: true,
    });
  });

  it.each([
    ['xen_changeset', ''], // empty value
    ['xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64'], // trailing space trimmed
    ['hw_caps', '178bf3fd:80002001:20100800:00000007:00000000:00000000:00000000:00000000'], // ':' inside
    ['cc_compile_date', 'Wed Nov  4 16:52:28 UTC 2026'], // inner double space kept
    ['version', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)'],
    [
      'xen_commandline',
      'dom0_mem=1536M,max:1536M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot',
    ],
    ['platform_params', 'virt_start=0xffff800000000000'],
    ['xend_config_format', '4'],
  ])('raw[%s]', (key, value) => {
    expect(info.raw[key]).toBe(value);
  });

  it('keeps every key', () => {
    const keys = fx('xl-info.txt')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s*:/)[0]);
    expect(Object.keys(info.raw)).toEqual(keys);
    expect(keys).toHaveLength(34);
  });

  it('canHvm false without hvm in virt_caps', () => {
    // derived from xl-info.txt: a host without VT-x/SVM lists only "pv" (and no hvm-* xen_caps)
    const text = fx('xl-info.txt')
      .replace(/^virt_caps\s+:.*$/m, 'virt_caps              : pv gnttab-v1 gnttab-v2')
      .replace(/^xen_caps\s+:.*$/m, 'xen_caps               : xen-3.0-x86_64 ');
    expect(parseXlInfo(text)).toMatchObject({ canHvm: false, virtCaps: ['pv', 'gnttab-v1', 'gnttab-v2'] });
  });

  it('older hosts without virt_caps fall back to hvm-* in xen_caps', () => {
    const text = fx('xl-info.txt').replace(/^virt_caps.*\n/m, '');
    expect(parseXlInfo(text)).toMatchObject({ canHvm: true, virtCaps: [] });
  });

  it('empty input', () => {
    expect(parseXlInfo('')).toMatchObject({ hostname: '', nrCpus: 0, canHvm: false, raw: {} });
  });
});
