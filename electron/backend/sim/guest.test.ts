// The simulated guest shell's arithmetic expansion, as busybox ash does it in the lab guest.
import { describe, expect, it } from 'vitest';
import { expandArithmetic } from './guest';

describe('expandArithmetic', () => {
  it('expands $((expr)) like ash (integer division truncates)', () => {
    expect(expandArithmetic('echo serial-$((6*7))')).toBe('echo serial-42');
    expect(expandArithmetic('echo $((1 + 2 * (3 - 1))) $((7/2)) $((-7 % 3))')).toBe('echo 5 3 -1');
  });

  it('leaves single-quoted text and plain text alone', () => {
    expect(expandArithmetic('echo \'$((6*7))\' "$((6*7))"')).toBe('echo \'$((6*7))\' "42"');
    expect(expandArithmetic('echo $HOME (a)')).toBe('echo $HOME (a)');
  });

  it('null for what ash calls an arithmetic syntax error', () => {
    expect(expandArithmetic('echo $((6*))')).toBeNull();
    expect(expandArithmetic('echo $((1/0))')).toBeNull();
    expect(expandArithmetic('echo $((6*7)')).toBeNull();
  });
});
