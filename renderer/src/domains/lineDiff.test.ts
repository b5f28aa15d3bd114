import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, sideBySide, splitLines, withContext } from './lineDiff';

const rebuild = (ops: ReturnType<typeof diffLines>, side: 'a' | 'b') =>
  ops.filter((o) => o.kind === 'same' || o.kind === (side === 'a' ? 'del' : 'add')).map((o) => o.text);

describe('lineDiff', () => {
  it('splits lines without a phantom last line', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
  });

  it('finds an inserted comment and a changed value', () => {
    const a = 'name = "x"\nmemory = 128\nvcpus = 1\n';
    const b = '# mine\nname = "x"\nmemory = 256\nvcpus = 1\n';
    const ops = diffLines(a, b);
    expect(ops.map((o) => o.kind)).toEqual(['add', 'same', 'del', 'add', 'same']);
    const rows = sideBySide(ops);
    expect(rows.map((r) => r.kind)).toEqual(['add', 'same', 'change', 'same']);
    expect(rows[2]).toEqual({
      kind: 'change',
      left: { line: 2, text: 'memory = 128' },
      right: { line: 3, text: 'memory = 256' },
    });
  });

  it('collapses unchanged runs around changes', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const b = a.replace('l10', 'L10');
    const rows = withContext(sideBySide(diffLines(a, b)), 2);
    expect(rows.map((r) => r.kind)).toEqual(['skip', 'same', 'same', 'change', 'same', 'same', 'skip']);
    expect(rows[0]).toEqual({ kind: 'skip', count: 8 });
  });

  it('rebuilds both sides (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (al, bl) => {
        const ops = diffLines(al.join('\n'), bl.join('\n'));
        expect(rebuild(ops, 'a')).toEqual(splitLines(al.join('\n')));
        expect(rebuild(ops, 'b')).toEqual(splitLines(bl.join('\n')));
      }),
    );
  });
});
