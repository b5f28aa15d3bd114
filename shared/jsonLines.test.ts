import { describe, expect, it } from 'vitest';
import { jsonLine, jsonLineReader } from './jsonLines';

const read = (pieces: string[]) => {
  const got: unknown[] = [];
  const feed = jsonLineReader((v) => got.push(v));
  for (const p of pieces) feed(p);
  return got;
};

describe('JSON lines over a text stream', () => {
  const a = jsonLine({ received: 65536 });
  const b = jsonLine({ received: 131072 });
  const c = jsonLine({ done: true, path: '/var/lib/xen/iso/a\nb.iso' });
  it.each([
    ['one message per piece', [a, b, c]],
    ['several gathered into one piece (a busy stream)', [a + b + c]],
    ['a message split across pieces', [a + b.slice(0, 5), b.slice(5) + c.slice(0, 3), c.slice(3)]],
  ])('%s', (_name, pieces) => {
    expect(read(pieces)).toEqual([
      { received: 65536 },
      { received: 131072 },
      { done: true, path: '/var/lib/xen/iso/a\nb.iso' },
    ]);
  });

  it('skips blank and malformed lines, keeps an unfinished line for later', () => {
    expect(read(['\n{"x":1}\nnot json\n', '{"y":2}\n{"z":'])).toEqual([{ x: 1 }, { y: 2 }]);
  });
});
