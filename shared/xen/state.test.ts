import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DomainState } from '../types';
import { isStateFlags, stateFromFlags } from './state';
import { parseXlList } from './xlList';
import { parseXentop } from './xentop';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('stateFromFlags', () => {
  const cases: [flags: string, state: DomainState, note: string][] = [
    // xl list: r b p s c d
    ['r-----', 'running', 'xl: Domain-0'],
    ['-b----', 'blocked', 'xl: idle guest'],
    ['--p---', 'paused', 'xl: xl pause / being built'],
    ['---s--', 'shutdown', 'xl'],
    ['----c-', 'crashed', 'xl'],
    ['-----d', 'dying', 'xl'],
    ['------', 'idle', 'xl: freshly created / xentop pvvfb'],
    ['--ps--', 'shutdown', 'xl: after shutdown -w with a device model (paused+shutdown)'],
    ['---sr-', 'shutdown', 'xl: during xl reboot (lifecycle/xl-reboot-poll.txt)'],
    ['rb----', 'running', 'running wins over blocked'],
    ['--p--d', 'dying', 'dying wins over everything'],
    ['-b--c-', 'crashed', 'crashed wins over blocked'],
    // xentop: d s b c p r
    ['-----r', 'running', 'xentop: Domain-0'],
    ['--b---', 'blocked', 'xentop'],
    ['----p-', 'paused', 'xentop'],
    ['-s----', 'shutdown', 'xentop'],
    ['---c--', 'crashed', 'xentop'],
    ['d-----', 'dying', 'xentop'],
    ['-s--p-', 'shutdown', 'xentop: paused+shutdown'],
    // xl vcpu-list: 3 chars
    ['r--', 'running', 'vcpu-list'],
    ['-b-', 'blocked', 'vcpu-list'],
    ['--p', 'paused', 'vcpu-list: offline vCPU'],
  ];
  it.each(cases)('%s → %s (%s)', (flags, state) => {
    expect(stateFromFlags(flags)).toBe(state);
  });

  it('isStateFlags accepts only 6-char rbpscd/- strings', () => {
    expect(isStateFlags('-b----')).toBe(true);
    expect(isStateFlags('-----r')).toBe(true);
    expect(isStateFlags('r--')).toBe(false);
    expect(isStateFlags('-x----')).toBe(false);
  });

  it('follows pvtiny through a real reboot (lifecycle/xl-reboot-poll.txt)', () => {
    const polls = fx('lifecycle/xl-reboot-poll.txt')
      .split(/^--- poll \d+ .*$/m)
      .slice(1);
    expect(polls).toHaveLength(20);
    const seen: string[] = [];
    for (const p of polls) {
      const row = parseXlList(p).find((r) => r.name === 'pvtiny');
      const s = row ? stateFromFlags(row.stateFlags) : 'absent';
      if (seen.at(-1) !== s) seen.push(s);
    }
    // real sequence, including a "------" moment while the guest booted (poll 18)
    expect(seen).toEqual(['blocked', 'shutdown', 'absent', 'paused', 'running', 'idle', 'running']);
  });

  it('reads xl list and xentop of the same moment alike', () => {
    // same capture session: xl-list.txt and xentop-batch.txt (pvvfb was momentarily "------" in xentop)
    const xl = new Map(parseXlList(fx('xl-list.txt')).map((r) => [r.name, stateFromFlags(r.stateFlags)]));
    const top = new Map(
      parseXentop(fx('xentop-batch.txt')).map((r) => [r.name, stateFromFlags(r.stateFlags)]),
    );
    expect(xl.get('Domain-0')).toBe('running');
    expect(top.get('Domain-0')).toBe('running');
    expect(xl.get('hvm1')).toBe('blocked');
    expect(top.get('hvm1')).toBe('blocked');
    expect(top.get('pvvfb')).toBe('idle');
  });
});
