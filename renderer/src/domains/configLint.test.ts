import { describe, expect, it } from 'vitest';
import { lintXlCfg, minimalChange } from './configLint';

const apply = (text: string, c: { from: number; to: number; insert: string }) =>
  text.slice(0, c.from) + c.insert + text.slice(c.to);

describe('configLint', () => {
  it('finds the smallest replacement', () => {
    expect(minimalChange('abcdef', 'abXdef')).toEqual({ from: 2, to: 3, insert: 'X' });
    expect(minimalChange('aaa', 'aaaa')).toEqual({ from: 3, to: 3, insert: 'a' });
    expect(minimalChange('same', 'same')).toEqual({ from: 4, to: 4, insert: '' });
  });

  it('a clean config has no problems', () => {
    expect(lintXlCfg('name = "x"\nkernel = "/k"\nmemory = 128\n')).toEqual([]);
  });

  it('offers xl-form fixes that change only their own text', () => {
    const text =
      '# keep me\nname = "x"\nkernel = "/k"\nacpi = True   # trailing comment\non_crash = "rename_restart"\nvcpus = 1\n';
    const problems = lintXlCfg(text);
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [4, 'error'],
      [5, 'error'],
    ]);
    const acpi = problems[0]!;
    expect(acpi.xl).toBe("config:4: config parsing error near `True': lexical error");
    expect(text.slice(acpi.from, acpi.to)).toContain('True');
    const fixed = apply(text, acpi.fix!.change);
    expect(fixed).toBe(
      '# keep me\nname = "x"\nkernel = "/k"\nacpi = 1   # trailing comment\non_crash = "rename_restart"\nvcpus = 1\n',
    );
    const crash = problems[1]!;
    expect(crash.fix!.label).toBe('Change to on_crash = "rename-restart"');
    expect(apply(text, crash.fix!.change)).toContain('on_crash = "rename-restart"\nvcpus = 1\n');
    expect(lintXlCfg(apply(fixed, lintXlCfg(fixed)[0]!.fix!.change))).toEqual([]);
  });

  it('reports what xl reports for a file it cannot parse, with xl’s line', () => {
    const problems = lintXlCfg('name = "x"\nmemory = = 1\nkernel = "/k"\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, col: 10, severity: 'error' });
    expect(problems[0]!.xl).toMatch(/^config:2: config parsing error near `=': syntax error/);
  });

  it('warns about xm-only keys', () => {
    const [p] = lintXlCfg("name = 'x'\nkernel = '/k'\nnfs_server = '10.0.0.1'\n");
    expect(p).toMatchObject({ line: 3, severity: 'warning' });
    expect(p!.message).toMatch(/xm-only key/);
  });
});
