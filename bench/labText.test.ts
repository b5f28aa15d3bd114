import { describe, expect, it } from 'vitest';
import {
  LAB_PROMPT,
  commandOutput,
  connectionsOfPid,
  endsWithPrompt,
  onlcr,
  wholeLines,
  xlCreateArgv,
  yesHead,
} from './labText';

describe('lab bench text', () => {
  it('reproduces yes LINE | head -c N byte for byte', () => {
    expect(yesHead('ab', 7)).toBe('ab\nab\na');
    expect(yesHead('ab', 0)).toBe('');
    expect(yesHead('ab', 3)).toBe('ab\n');
    expect(() => yesHead('ab', -1)).toThrow(/bad byte count/);
    expect(() => yesHead('ab', 1.5)).toThrow(/bad byte count/);
  });
  it('expands LF to CR LF as a tty with ONLCR does', () => {
    expect(onlcr('ab\nab\na')).toBe('ab\r\nab\r\na');
    expect(onlcr(yesHead('xyz', 4 * 1000)).length).toBe(4000 + 1000);
  });
  it('rounds a byte count up to whole lines', () => {
    expect(wholeLines('ab', 7)).toBe(9);
    expect(wholeLines('ab', 9)).toBe(9);
    expect(wholeLines('ab', 0)).toBe(3);
  });
  it('builds xl create with overrides and refuses odd names', () => {
    expect(xlCreateArgv('/root/guest/pv-vfb.cfg', 'benchvfb', { vfb: '["vnc=1,vncdisplay=11"]' })).toEqual([
      'xl',
      'create',
      '/root/guest/pv-vfb.cfg',
      'name="benchvfb"',
      'vfb=["vnc=1,vncdisplay=11"]',
    ]);
    expect(() => xlCreateArgv('/x.cfg', 'a"b')).toThrow(/bad domain name/);
  });
  it('counts the connections of one process in ss output', () => {
    const ss = [
      '0 0 127.0.0.1:40100 127.0.0.1:20016 users:(("node",pid=4242,fd=21))',
      '0 0 127.0.0.1:40102 127.0.0.1:20016 users:(("ssh",pid=42420,fd=3))',
      '0 0 127.0.0.1:40104 127.0.0.1:20016 users:(("node",pid=4242,fd=25))',
    ].join('\n');
    expect(connectionsOfPid(ss, 4242)).toBe(2);
    expect(connectionsOfPid(ss, 42420)).toBe(1);
    expect(connectionsOfPid(ss, 1)).toBe(0);
  });
  it("finds the prompt with or without busybox's cursor position query after it", () => {
    expect(endsWithPrompt('\r\n/ # ', '# ')).toBe(true);
    expect(endsWithPrompt('\r\n/ # \x1b[6n', '# ')).toBe(true);
    expect(endsWithPrompt('\r\n/ # x', '# ')).toBe(false);
    expect(endsWithPrompt(`PS1='${LAB_PROMPT}'`, '\r\n' + LAB_PROMPT)).toBe(false);
  });
  it("cuts a command's output out from between the Enter's echo and the prompt", () => {
    expect(commandOutput(`\r\nab\r\n${LAB_PROMPT}`)).toBe('ab\r\n');
    expect(commandOutput(`\r\nab\r\n${LAB_PROMPT}\x1b[6n`)).toBe('ab\r\n');
    expect(commandOutput(`\r\n${LAB_PROMPT}`)).toBe('');
    expect(commandOutput(`ab\r\n${LAB_PROMPT}`)).toBeNull();
    expect(commandOutput('\r\nab\r\n/ # ')).toBeNull();
  });
});
