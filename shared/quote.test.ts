import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { shQuote, shQuoteArg, shScript, splitScript } from './quote';

// Round-trip through a real shell: what we quote must arrive as exactly one argument.
function echoArgs(argv: string[]): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shQuote(argv)}`]).toString('utf8');
  return out.split('\0').slice(0, -1);
}

describe('shQuote', () => {
  const nasty = [
    'plain',
    '',
    "it's",
    '$(touch /tmp/xendesk-canary)',
    '`id`',
    'a;b',
    'new\nline',
    '-rf',
    '../../etc/passwd',
    '"double"',
    'spa ce',
    '\\back',
    '*',
    '~root',
    'ünïcødé',
  ];
  it.each(nasty)('passes %j through a shell unchanged', (arg) => {
    expect(echoArgs(['x', arg]).slice(1)).toEqual([arg]);
  });
  it('leaves safe words bare', () => {
    expect(shQuote(['xl', 'list', '-l'])).toBe('xl list -l');
    expect(shQuoteArg('/etc/xen/a.cfg')).toBe('/etc/xen/a.cfg');
  });
  it('refuses NUL and empty argv', () => {
    expect(() => shQuoteArg('a\0b')).toThrow();
    expect(() => shQuote([])).toThrow();
  });
});

describe('shScript/splitScript', () => {
  it('runs several commands in one shell and splits their outputs and exit codes', () => {
    const script = shScript([
      { key: 'a', argv: ['echo', 'hello world'] },
      { key: 'b', argv: ['sh', '-c', 'echo oops >&2; exit 3'] },
      { key: 'c', argv: ['printf', 'no newline'] },
    ]);
    const out = execFileSync('sh', ['-c', script]).toString('utf8');
    const s = splitScript(out);
    expect(s.get('a')).toEqual({ key: 'a', output: 'hello world', rc: 0 });
    expect(s.get('b')).toEqual({ key: 'b', output: 'oops', rc: 3 });
    expect(s.get('c')).toEqual({ key: 'c', output: 'no newline', rc: 0 });
  });
});
