import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps samples in time order and reads missing values as null', () => {
    const rb = new RingBuffer(4, ['a', 'b'] as const);
    expect(rb.length).toBe(0);
    expect(rb.lastTime).toBeNull();
    rb.push(1, { a: 1, b: null });
    rb.push(2, { a: 2, b: 20 });
    expect(rb.toArrays()).toEqual({ t: [1, 2], a: [1, 2], b: [null, 20] });
    expect(rb.at(1)).toEqual({ t: 2, a: 2, b: 20 });
    expect(rb.at(2)).toBeUndefined();
    expect(rb.firstTime).toBe(1);
    expect(rb.lastTime).toBe(2);
  });

  it('overwrites the oldest sample when full', () => {
    const rb = new RingBuffer(3, ['v'] as const);
    for (let i = 1; i <= 5; i++) rb.push(i * 10, { v: i });
    expect(rb.length).toBe(3);
    expect(rb.toArrays()).toEqual({ t: [30, 40, 50], v: [3, 4, 5] });
  });

  it('evicts by age and stores non-finite values as gaps', () => {
    const rb = new RingBuffer(10, ['v'] as const);
    rb.push(100, { v: NaN });
    rb.push(200, { v: Infinity });
    rb.push(300, { v: 3 });
    rb.evictBefore(200);
    expect(rb.toArrays()).toEqual({ t: [200, 300], v: [null, 3] });
    rb.evictBefore(1000);
    expect(rb.length).toBe(0);
    rb.push(5, { v: 1 }); // empty again: any time is fine
    expect(rb.length).toBe(1);
  });

  it('refuses time going backwards and a bad capacity', () => {
    const rb = new RingBuffer(2, ['v'] as const);
    rb.push(10, { v: 1 });
    expect(() => rb.push(9, { v: 1 })).toThrow(RangeError);
    expect(() => new RingBuffer(0, ['v'] as const)).toThrow(RangeError);
  });

  it('behaves like a bounded array (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('push' as const), v: fc.integer() }),
            fc.record({ op: fc.constant('evict' as const), v: fc.nat(50) }),
          ),
        ),
        (cap, ops) => {
          const rb = new RingBuffer(cap, ['v'] as const);
          const model: { t: number; v: number }[] = [];
          let t = 0;
          for (const o of ops) {
            if (o.op === 'push') {
              t += 1;
              rb.push(t, { v: o.v });
              model.push({ t, v: o.v });
              if (model.length > cap) model.shift();
            } else {
              const before = t - o.v;
              rb.evictBefore(before);
              while (model.length && model[0]!.t < before) model.shift();
            }
          }
          expect(rb.toArrays()).toEqual({ t: model.map((m) => m.t), v: model.map((m) => m.v) });
        },
      ),
    );
  });
});
