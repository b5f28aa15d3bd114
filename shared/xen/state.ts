// Run state from the letter flags printed by `xl list` and `xentop`.
//
// Both tools use the same letters but in different positions:
//   xl list (6 chars)      r b p s c d   e.g. "r-----", "-b----", "--ps--"
//   xentop STATE (6 chars) d s b c p r   e.g. "-----r", "--b---" (tools/xentop/xentop.c state_funcs[])
//   xl vcpu-list (3 chars) r b p         e.g. "r--", "-b-", "--p"
// so the letters are read wherever they are, never by position.

import type { DomainState } from '../types';

/** Highest priority first: a dying domain may also be blocked, a shut-down one paused, … */
const PRIORITY: readonly [letter: string, state: DomainState][] = [
  ['d', 'dying'],
  ['c', 'crashed'],
  ['s', 'shutdown'],
  ['p', 'paused'],
  ['r', 'running'],
  ['b', 'blocked'],
];

/** "------" (no letter: e.g. a freshly created domain) → 'idle'. */
export function stateFromFlags(flags: string): DomainState {
  for (const [letter, state] of PRIORITY) if (flags.includes(letter)) return state;
  return 'idle';
}

/** True when `s` looks like a state column of xl list / xentop (6 chars of rbpscd or '-'). */
export function isStateFlags(s: string): boolean {
  return /^[-rbpscd]{6}$/.test(s);
}
